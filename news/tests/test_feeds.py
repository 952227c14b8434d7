"""The RSS and Atom feeds: valid, the latest visible articles only, per topic and stage."""

import datetime

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.factories import NewsPageFactory
from news.feeds import ITEMS

pytestmark = pytest.mark.django_db

FEEDS = [
    "/news/feed/",
    "/news/feed/atom/",
    "/news/feed/topic/events/",
    "/news/feed/topic/events/atom/",
    "/news/feed/stage/production/",
    "/news/feed/stage/production/atom/",
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


def test_all_news_rss_has_the_items_with_their_fields(client, news_index):
    moment = timezone.now() - datetime.timedelta(days=3)
    article = NewsPageFactory(
        parent=news_index,
        title="Plant opens & grows",
        summary="A new line for viral vectors.",
        date=moment.date(),
        first_published_at=moment,
        topics=["manufacturing-capacity"],
        stages=["production"],
        technologies=["gene-therapy"],
    )
    response, feed = parse(client, "/news/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "COBIOE news"
    assert feed.feed.link == "http://testserver/news/"
    [item] = feed.entries
    assert item.title == "Plant opens & grows"
    assert item.summary == "A new line for viral vectors."
    assert item.link == f"http://testserver/news/{article.slug}/"
    assert datetime.datetime(*item.published_parsed[:6], tzinfo=datetime.UTC) == moment.replace(
        microsecond=0
    )
    assert {tag.term for tag in item.tags} == {
        "Manufacturing capacity",
        "Production",
        "Gene therapy",
    }


def test_atom_feed_is_valid_atom(client, news_index):
    NewsPageFactory(parent=news_index, title="Atom item")
    response, feed = parse(client, "/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Atom item"]
    assert feed.entries[0].updated_parsed


def test_feed_holds_the_latest_twenty_newest_first(client, news_index):
    for days in range(ITEMS + 5):
        NewsPageFactory.days_ago(days, parent=news_index, title=f"Day {days}")
    _response, feed = parse(client, "/news/feed/")
    assert [entry.title for entry in feed.entries] == [f"Day {days}" for days in range(ITEMS)]


def test_topic_feed_has_only_that_topic(client, news_index):
    NewsPageFactory(parent=news_index, title="An event", topics=["events", "partnerships"])
    NewsPageFactory(parent=news_index, title="Money", topics=["funding-and-investment"])
    for url in ("/news/feed/topic/events/", "/news/feed/topic/events/atom/"):
        _response, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == ["An event"]
        assert feed.feed.title == "COBIOE news: Events"
        assert feed.feed.link == "http://testserver/news/?topic=events"


def test_stage_feed_covers_its_sub_stages(client, news_index):
    NewsPageFactory.days_ago(1, parent=news_index, title="QC lab", stages=["quality-control"])
    NewsPageFactory.days_ago(2, parent=news_index, title="Plant", stages=["production"])
    NewsPageFactory.days_ago(3, parent=news_index, title="Course", stages=["training"])
    _response, feed = parse(client, "/news/feed/stage/production/")
    assert [entry.title for entry in feed.entries] == ["QC lab", "Plant"]
    _response, feed = parse(client, "/news/feed/stage/quality-control/atom/")
    assert [entry.title for entry in feed.entries] == ["QC lab"]


@pytest.mark.parametrize(
    "url",
    [
        "/news/feed/topic/no-such-topic/",
        "/news/feed/topic/no-such-topic/atom/",
        "/news/feed/stage/no-such-stage/",
        "/news/feed/stage/no-such-stage/atom/",
    ],
)
def test_unknown_topic_or_stage_is_404(client, news_index, url):
    assert client.get(url).status_code == 404


def test_scheduled_unpublished_and_private_articles_never_appear(client, news_index):
    tags = {"topics": ["events"], "stages": ["production"]}
    NewsPageFactory(parent=news_index, title="Public", **tags)
    later = NewsPageFactory(
        parent=news_index, title="Scheduled", live=False, first_published_at=None, **tags
    )
    later.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    later.save_revision().publish()
    NewsPageFactory(parent=news_index, title="Draft", live=False, **tags)
    withdrawn = NewsPageFactory(parent=news_index, title="Withdrawn", **tags)
    withdrawn.unpublish()
    hidden = NewsPageFactory(parent=news_index, title="Members only", **tags)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    for url in FEEDS:
        _response, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == ["Public"], url


def test_an_empty_feed_is_still_valid(client, news_index):
    for url in FEEDS:
        _response, feed = parse(client, url)
        assert feed.entries == []


@pytest.mark.parametrize("count", [1, 20])
def test_feed_costs_a_fixed_number_of_queries(client, news_index, django_assert_num_queries, count):
    for _ in range(count):
        NewsPageFactory(parent=news_index, topics=["events"], technologies=["vaccines"])
    with django_assert_num_queries(9):
        response = client.get("/news/feed/topic/events/")
    assert response.status_code == 200
