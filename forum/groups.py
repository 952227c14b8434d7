"""Each working group's forum, and its rights following the group and its membership.

A group's forum is made when the group is first published, under the "Working groups"
category. Its rights are machina's permission rows (forum.permissions):
- a public group: visitors and members read;
- a members-only group: nobody but its members (and staff) even sees it;
- active members post; active coordinators moderate;
- a group that is unpublished, deleted or behind a view restriction: its forum closes to
  everyone but staff.
The receivers (forum/receivers.py) call `sync_group_forum` on group_changed and
`sync_member` on membership_changed.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from machina.core.db.models import get_model

from forum import audience, permissions
from forum.community.models import GroupForum
from workgroups.models import Membership, WorkingGroupPage

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")

CATEGORY_NAME = "Working groups"


def is_groups_category(forum) -> bool:
    return forum.level == 0 and forum.type == Forum.FORUM_CAT and forum.name == CATEGORY_NAME


def groups_category():
    category = Forum.objects.filter(level=0, type=Forum.FORUM_CAT, name=CATEGORY_NAME).first()
    if category is None:
        category = Forum.objects.create(name=CATEGORY_NAME, type=Forum.FORUM_CAT)
        permissions.open_category(category)
    return category


def forums_of_others_groups(user):
    """The group forums of the groups the user is not an active member of: the index leaves
    them out (there may be hundreds; /groups/ lists the groups, a page at a time)."""
    mine = GroupForum.objects.filter(
        group_id__in=Membership.objects.active().filter(user_id=user.pk).values("group_id")
    )
    return GroupForum.objects.exclude(pk__in=mine.values("pk")).values("forum_id")


def forum_of_group(group_or_id):
    group_id = getattr(group_or_id, "pk", group_or_id)
    link = GroupForum.objects.select_related("forum").filter(group_id=group_id).first()
    return link.forum if link else None


def _is_open(group) -> bool:
    """Whether the group's page is live and public: otherwise its forum is closed."""
    return WorkingGroupPage.objects.visible_to(AnonymousUser()).filter(pk=group.pk).exists()


def rights_of(membership) -> tuple[str, ...]:
    if membership is None or membership.state != Membership.State.ACTIVE:
        return ()
    if membership.role == Membership.Role.COORDINATOR:
        return permissions.MODERATE
    return permissions.POST


@transaction.atomic
def sync_group_forum(group):
    """Make the group's forum if it has none, and set every right in it from the group."""
    forum = forum_of_group(group)
    is_open = _is_open(group)
    if forum is None:
        if not is_open:
            return None
        forum = Forum.objects.create(
            parent=groups_category(),
            name=group.title[:100],
            description=group.summary or "",
            type=Forum.FORUM_POST,
        )
        GroupForum.objects.create(group=group, forum=forum)
    elif forum.name != group.title[:100] or (forum.description or "") != (group.summary or ""):
        forum.name = group.title[:100]
        forum.description = group.summary or ""
        forum.save()
    if not is_open:
        close_forum(forum)
        return forum
    if group.visibility == WorkingGroupPage.Visibility.PUBLIC:
        permissions.set_everyone(forum, anonymous=permissions.READ, authenticated=permissions.READ)
    else:
        permissions.set_everyone(forum)
    memberships = Membership.objects.filter(group=group).active().select_related("user")
    permissions.set_members(forum, {m.user: rights_of(m) for m in memberships})
    forget_non_readers(forum)  # a public group that became members-only
    return forum


def close_forum(forum):
    """Nobody but staff reads the forum any more."""
    permissions.set_everyone(forum)
    permissions.set_members(forum, {})
    forget_non_readers(forum)


def forget_non_readers(forum):
    """Those who can no longer read the forum stop following its topics and no longer see
    what they were told of it."""
    from forum.notifications import hide_forum_notifications

    readers = audience.readers(forum)
    Topic.subscribers.through.objects.filter(topic__forum=forum).exclude(user__in=readers).delete()
    hide_forum_notifications(forum, exclude=readers)


def sync_member(group, user, membership):
    forum = forum_of_group(group)
    if forum is None:
        return
    rights = rights_of(membership) if _is_open(group) else ()
    permissions.set_member(forum, user, rights)
    if not rights:
        forget_non_readers(forum)
