"""The forum on the working groups' pages and dashboard: answers to workgroups'
`group_sections` (the latest topics of a group's forum) and `group_activity` (the latest
posts in the forums of a member's groups), only with what the viewer may read."""

from __future__ import annotations

from django.utils.translation import gettext as _
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forum.community.models import GroupForum
from forum.forum_member.shortcuts import get_forum_member_display_name
from forum.links import forum_url, post_url
from workgroups.signals import ActivityItem, GroupSection

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

LATEST_TOPICS = 5
LATEST_POSTS = 10


def group_section(group, request):
    link = GroupForum.objects.select_related("forum").filter(group=group).first()
    if link is None:
        return None
    forum = link.forum
    handler = getattr(request, "forum_permission_handler", None) or PermissionHandler()
    if not handler.can_read_forum(forum, request.user):
        return None
    topics = list(
        Topic.approved_objects.filter(forum=forum)
        .select_related("forum", "last_post__poster__member_profile")
        .order_by("-last_post_on")[:LATEST_TOPICS]
    )
    return GroupSection(
        title=_("Forum"),
        template="forum/group_section.html",
        context={
            "forum": forum,
            "forum_url": forum_url(forum),
            "topics": topics,
            "can_add_topic": handler.can_add_topic(forum, request.user),
        },
        order=50,
    )


def group_activity(groups, user) -> list[ActivityItem]:
    group_by_id = {group.pk: group for group in groups}
    by_forum = {
        link.forum_id: group_by_id[link.group_id] for link in GroupForum.objects.for_groups(groups)
    }
    if not by_forum:
        return []
    readable = PermissionHandler().get_readable_forums(Forum.objects.filter(pk__in=by_forum), user)
    posts = (
        Post.approved_objects.filter(topic__forum__in=readable, topic__approved=True)
        .select_related("topic__forum", "poster__member_profile")
        .order_by("-created")[:LATEST_POSTS]
    )
    return [
        ActivityItem(
            group=by_forum[post.topic.forum_id],
            title=(
                _("New topic: %(subject)s")
                if post.topic.first_post_id == post.pk
                else _("Reply in %(subject)s")
            )
            % {"subject": post.topic.subject},
            url=post_url(post),
            when=post.created,
            summary=get_forum_member_display_name(post.poster),
        )
        for post in posts
    ]
