"""What the news app serves itself under /news/, beside the pages Wagtail serves there
(the index and the articles). Article slugs cannot take these paths (RESERVED_SLUGS)."""

from django.urls import path

from news import feeds
from news.views import monitoring, trends, unsubscribe

app_name = "news"

urlpatterns = [
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feed/topic/<slug:slug>/", feeds.TopicFeed(), name="topic_feed"),
    path("feed/topic/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic_feed_atom"),
    path("feed/stage/<slug:slug>/", feeds.StageFeed(), name="stage_feed"),
    path("feed/stage/<slug:slug>/atom/", feeds.StageAtomFeed(), name="stage_feed_atom"),
    path("monitoring/", monitoring.monitoring, name="monitoring"),
    path("monitoring/settings/", monitoring.settings, name="monitoring_settings"),
    path("trends/", trends.trends, name="trends"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
