"""The forum's part of the site search: topics of the forums the searcher may read whose
subject or posts hold the query. Machina's own search (django-haystack) is not mounted:
this keeps one search box, under the same permissions as the forum pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from machina.core.db.models import get_model
from machina.core.loading import get_class

from cobioe.plugins import SearchSection
from forum.links import topic_url

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

RESULTS_SHOWN = 5


@dataclass(frozen=True)
class TopicResult:
    title: str
    url: str
    summary: str


def readable_topics(user, handler=None):
    handler = handler or PermissionHandler()
    forums = handler.get_readable_forums(Forum.objects.all(), user)
    return Topic.objects.filter(forum__in=forums, approved=True)


def search_forum(query: str, request) -> SearchSection | None:
    query = (query or "").strip()
    if not query:
        return None
    handler = getattr(request, "forum_permission_handler", None)
    matching_post = Post.objects.filter(
        topic=OuterRef("pk"), approved=True, content__icontains=query
    )
    topics = (
        readable_topics(request.user, handler)
        .filter(Q(subject__icontains=query) | Exists(matching_post))
        .select_related("forum")
        .order_by("-last_post_on")
    )
    total = topics.count()
    if not total:
        return None
    return SearchSection(
        title=_("Forum"),
        results=[
            TopicResult(
                title=topic.subject,
                url=topic_url(topic),
                summary=_reply_count(topic),
            )
            for topic in topics[:RESULTS_SHOWN]
        ],
        total=total,
    )


def _reply_count(topic) -> str:
    replies = max(topic.posts_count - 1, 0)
    return ngettext(
        "In %(forum)s, %(replies)s reply", "In %(forum)s, %(replies)s replies", replies
    ) % {"forum": topic.forum.name, "replies": replies}
