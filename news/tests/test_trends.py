"""The trends page: per topic, the visible articles of each of the last twelve months,
as an SVG chart and a table, in a fixed number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from news.factories import NewsPageFactory
from news.models import Topic
from news.trends import MONTHS, last_months, topic_trends

pytestmark = pytest.mark.django_db

URL = "/news/trends/"


def test_last_months_are_twelve_first_days_ending_with_this_month():
    months = last_months(datetime.date(2026, 3, 31))
    assert len(months) == MONTHS
    assert months[0] == datetime.date(2025, 4, 1)
    assert months[-1] == datetime.date(2026, 3, 1)
    assert months[9] == datetime.date(2026, 1, 1)


def row_of(trends, slug):
    return next(row for row in trends.rows if row.topic and row.topic.slug == slug)


def months_ago(months: int) -> datetime.date:
    return last_months(timezone.localdate(), months + 1)[0] + datetime.timedelta(days=2)


def article(news_index, months: int, **kwargs):
    date = min(months_ago(months), timezone.localdate())
    return NewsPageFactory(parent=news_index, date=date, **kwargs)


def test_counts_each_visible_article_in_its_topics_and_month(news_index):
    article(news_index, 0, topics=["funding-and-investment", "events"])
    article(news_index, 0, topics=["funding-and-investment"])
    article(news_index, 3, topics=["funding-and-investment"])
    article(news_index, 12, topics=["funding-and-investment"])  # before the period
    article(news_index, 1, topics=["events"]).unpublish()
    private = article(news_index, 1, topics=["events"])
    private.view_restrictions.create(restriction_type="login")
    trends = topic_trends()
    funding = [c.count for c in row_of(trends, "funding-and-investment").columns]
    assert funding == [0] * 8 + [1, 0, 0, 2]
    assert [c.count for c in row_of(trends, "events").columns] == [0] * 11 + [1]
    assert row_of(trends, "sustainability").total == 0  # every topic has its row
    assert len(trends.rows) == Topic.objects.count()
    assert trends.largest == 2


def test_articles_without_topic_get_their_own_row(news_index):
    article(news_index, 2)
    rows = topic_trends().rows
    assert rows[-1].topic is None
    assert rows[-1].total == 1


def test_an_article_dated_ahead_is_not_counted_yet(news_index):
    NewsPageFactory(
        parent=news_index,
        date=timezone.localdate() + datetime.timedelta(days=40),
        topics=["events"],
    )
    assert row_of(topic_trends(), "events").total == 0


def test_the_tallest_column_fills_the_row_and_the_others_scale(news_index):
    for _ in range(4):
        article(news_index, 0, topics=["events"])
    article(news_index, 1, topics=["events"])
    trends = topic_trends()
    columns = row_of(trends, "events").columns
    assert columns[-1].height == trends.BAR_AREA
    assert columns[-2].height == trends.BAR_AREA / 4
    assert columns[-1].y + columns[-1].height == row_of(trends, "events").baseline


def test_the_page_draws_the_chart_and_gives_the_table(client, news_index):
    article(news_index, 0, title="A", topics=["events"])
    article(news_index, 0, topics=["events"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>News trends</h1>" in html
    assert '<svg role="img" aria-labelledby="trends-caption"' in html
    assert len(re.findall(r'<rect class="trends-chart__bar"', html)) == 1
    this_month = timezone.localdate().strftime("%B %Y")
    assert f"<title>Events, {this_month}: 2 articles</title>" in html
    assert '<caption id="trends-table-caption">Articles per topic and month</caption>' in html
    row = re.search(
        r'<th scope="row"><a href="/news/\?topic=events">Events</a></th>(.*?)</tr>', html, re.S
    )
    assert row, "Events has its row in the table"
    assert re.findall(r"<td>(\d+)</td>", row.group(1)) == ["0"] * 11 + ["2", "2"]
    assert "<script" not in html.split("<main", 1)[1]


def test_the_page_says_when_there_is_nothing_to_chart(client, news_index):
    html = client.get(URL).content.decode()
    assert "No article was published in the last twelve months." in html
    assert "<svg role" not in html


# Visitor: the view restrictions, the topics, the counts (the layout's site and navigation
# come from the cache).
QUERIES = 3


@pytest.mark.parametrize("size", [1, 30])
def test_the_page_costs_the_same_queries_whatever_the_number_of_articles(
    client, news_index, django_assert_num_queries, size
):
    slugs = list(Topic.objects.values_list("slug", flat=True))
    for n in range(size):
        article(news_index, n % MONTHS, topics=slugs[: n % len(slugs) + 1])
    client.get(URL)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert sum(row.total for row in response.context["trends"].rows) >= size
