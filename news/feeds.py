"""RSS 2.0 and Atom feeds of the newsroom: all the news, one topic, one value-chain stage
(with its sub-stages). Only what anyone may read: live, public articles."""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from actors.models import ValueChainStage
from news.listing import with_children
from news.models import NewsIndexPage, NewsPage, Topic

ITEMS = 20


class LatestArticlesFeed(Feed):
    """The 20 latest articles."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request (news/urls.py); each request gets its own copy
        # to hold the request, whose site the items' links are built for.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return _("COBIOE news")

    def description(self, obj=None):
        return _("The news of health biomanufacturing in Europe, from the COBIOE newsroom.")

    subtitle = description  # Atom's name for it

    def link(self, obj=None):
        return self.index_url() + self.filter_string(obj)

    def filter_string(self, obj) -> str:
        return ""

    def index_url(self) -> str:
        index = NewsIndexPage.objects.live().first()
        url = index.get_url(request=self.request) if index else None
        return url or "/news/"

    def articles(self, obj):
        return NewsPage.objects.visible()

    def items(self, obj=None):
        return self.articles(obj).newest_first().with_tags()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        return [
            *(topic.name for topic in item.topics.all()),
            *(stage.name for stage in item.stages.all()),
            *(technology.name for technology in item.technologies.all()),
        ]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed


class TopicFeed(LatestArticlesFeed):
    """The 20 latest articles on one topic; an unknown topic is a 404."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("COBIOE news: %(name)s") % {"name": obj.name}

    def description(self, obj):
        return obj.description or _("The news of the COBIOE newsroom on %(name)s.") % {
            "name": obj.name
        }

    subtitle = description

    def filter_string(self, obj) -> str:
        return "?" + urlencode({"topic": obj.slug})

    def articles(self, obj):
        return NewsPage.objects.visible().filter(
            pk__in=NewsPage.topics.through.objects.filter(topic=obj).values("newspage_id")
        )


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed


class StageFeed(LatestArticlesFeed):
    """The 20 latest articles on one value-chain stage or the stages under it; an unknown
    stage is a 404."""

    def get_object(self, request, slug):
        return get_object_or_404(ValueChainStage, slug=slug)

    def title(self, obj):
        return _("COBIOE news: %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("The news of the COBIOE newsroom on the value-chain stage %(name)s.") % {
            "name": obj.name
        }

    subtitle = description

    def filter_string(self, obj) -> str:
        return "?" + urlencode({"stage": obj.slug})

    def articles(self, obj):
        stage_ids = with_children(obj, ValueChainStage.objects.filter(parent=obj))
        return NewsPage.objects.visible().filter(
            pk__in=NewsPage.stages.through.objects.filter(valuechainstage_id__in=stage_ids).values(
                "newspage_id"
            )
        )


class StageAtomFeed(StageFeed):
    feed_type = Atom1Feed
