"""The forum's URLs under /forum/: the parts of machina we expose, and ours.

Mounted: the forum index and forums, topics and posts, attachments, topic subscriptions,
moderation, read tracking and the topics feeds. Every one of these changes state on POST only
(machina's GET shows a confirmation page). Left out: machina's search (django-haystack; the
site search covers the forum instead), member profiles (they create a profile row on GET and
name members by their generated username) and polls (not part of the forum we offer).
"""

from django.urls import include, path
from machina.apps.forum_conversation.forum_attachments.urls import (
    ForumAttachmentsURLPatternsFactory,
)
from machina.apps.forum_conversation.urls import BaseForumConversationURLPatternsFactory
from machina.core.loading import get_class

from forum import moderation, views
from forum.feeds import LastTopicsFeed


class ConversationURLPatternsFactory(
    BaseForumConversationURLPatternsFactory, ForumAttachmentsURLPatternsFactory
):
    """Machina's conversation URLs with attachments, without polls."""


class ModerationURLPatternsFactory(
    get_class("forum_moderation.urls", "ForumModerationURLPatternsFactory")
):
    """Machina's moderation URLs, with a move form that works on Django 5."""

    topic_move_view = moderation.TopicMoveView


moderation_urls = ModerationURLPatternsFactory()
tracking_urls = get_class("forum_tracking.urls", "urlpatterns_factory")
member_views = get_class("forum_member.urls", "urlpatterns_factory")

feeds_urlpatterns = [
    path("topics/", LastTopicsFeed(), name="latest_topics"),
    path(
        "forum/<str:forum_slug>-<int:forum_pk>/topics/",
        LastTopicsFeed(),
        name="forum_latest_topics",
    ),
    path(
        "forum/<str:forum_slug>-<int:forum_pk>/topics/all/",
        LastTopicsFeed(),
        {"descendants": True},
        name="forum_latest_topics_with_descendants",
    ),
]

member_urlpatterns = [
    path(
        "subscriptions/",
        member_views.topic_subscription_list_view.as_view(),
        name="user_subscriptions",
    ),
    path(
        "topic/<int:pk>/subscribe/",
        member_views.topic_subscribe_view.as_view(),
        name="topic_subscribe",
    ),
    path(
        "topic/<int:pk>/unsubscribe/",
        member_views.topic_unsubscribe_view.as_view(),
        name="topic_unsubscribe",
    ),
]

community_urlpatterns = [
    path("post/<int:pk>/report/", views.ReportPostView.as_view(), name="report_post"),
]

# Machina's URL factory would look our `forum.views` up through its class loader, which
# cannot find a module of an overriding app at the top level (it imports the package, not
# `forum.views`): the index and forum views are mounted here, under machina's names.
forum_urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("forum/<str:slug>-<int:pk>/", views.ForumView.as_view(), name="forum"),
]

urlpatterns = [
    path("", include((forum_urlpatterns, "forum"))),
    path("", include(ConversationURLPatternsFactory().urlpatterns)),
    path("", include((community_urlpatterns, "forum_community"))),
    path("feeds/", include((feeds_urlpatterns, "forum_feeds"))),
    path("member/", include((member_urlpatterns, "forum_member"))),
    path("moderation/", include(moderation_urls.urlpatterns)),
    path("tracking/", include(tracking_urls.urlpatterns)),
]
