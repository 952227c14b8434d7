"""The news index at /news/ (filters, pagination, what it never shows, its cost) and the
article page (tags, source, organisations concerned)."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import PageViewRestriction

from actors.factories import OrganisationFactory
from actors.models import Organisation, Technology
from home.factories import ImageFactory
from news.factories import NewsPageFactory
from news.listing import PER_PAGE
from news.matching import Reason

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The article titles listed on an index page, in order."""
    html = response.content.decode()
    return re.findall(r'class="news-card__title"><a href="[^"]*">([^<]*)</a>', html)


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def scheduled(news_index, **kwargs):
    """An article an editor published with a go-live date tomorrow: Wagtail holds it back."""
    article = NewsPageFactory(parent=news_index, live=False, first_published_at=None, **kwargs)
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live and article.go_live_at
    return article


def private(news_index, **kwargs):
    article = NewsPageFactory(parent=news_index, **kwargs)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    return article


# The index -------------------------------------------------------------------------------


def test_index_lists_articles_newest_first(client, news_index):
    NewsPageFactory.days_ago(10, parent=news_index, title="Older")
    NewsPageFactory.days_ago(1, parent=news_index, title="Newer")
    response = client.get("/news/")
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    assert page_title(response) == "News · COBIOE"
    assert "2 articles" in response.content.decode()


def test_index_never_lists_scheduled_unpublished_or_private_articles(client, news_index):
    NewsPageFactory(parent=news_index, title="Public")
    scheduled(news_index, title="Scheduled")
    NewsPageFactory(parent=news_index, title="Draft", live=False)
    private(news_index, title="Members only")
    response = client.get("/news/")
    assert titles(response) == ["Public"]
    assert "1 article" in response.content.decode()


def test_articles_that_are_not_visible_are_not_served_by_url(client, news_index):
    later = scheduled(news_index, title="Scheduled")
    draft = NewsPageFactory(parent=news_index, title="Draft", live=False)
    hidden = private(news_index, title="Members only")
    assert client.get(f"/news/{later.slug}/").status_code == 404
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    response = client.get(f"/news/{hidden.slug}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_topic_filter(client, news_index):
    NewsPageFactory(parent=news_index, title="Funding", topics=["funding-and-investment"])
    NewsPageFactory(parent=news_index, title="Events", topics=["events"])
    response = client.get("/news/?topic=funding-and-investment")
    assert titles(response) == ["Funding"]
    assert page_title(response) == "News: Funding and investment · COBIOE"
    assert '<option value="funding-and-investment" selected>' in response.content.decode()


def test_a_stage_covers_its_sub_stages(client, news_index):
    NewsPageFactory(parent=news_index, title="Fill", stages=["fill-and-finish"])
    NewsPageFactory(parent=news_index, title="Production", stages=["production"])
    NewsPageFactory(parent=news_index, title="Training", stages=["training"])
    assert sorted(titles(client.get("/news/?stage=production"))) == ["Fill", "Production"]
    assert titles(client.get("/news/?stage=fill-and-finish")) == ["Fill"]


def test_a_technology_family_covers_its_technologies(client, news_index):
    family = Technology.objects.get(slug="cell-therapy").parent
    NewsPageFactory(parent=news_index, title="Cells", technologies=["cell-therapy"])
    NewsPageFactory(parent=news_index, title="Vaccines", technologies=["vaccines"])
    assert titles(client.get(f"/news/?technology={family.slug}")) == ["Cells"]
    response = client.get("/news/?technology=cell-therapy")
    assert titles(response) == ["Cells"]
    assert page_title(response) == "News: Cell therapy · COBIOE"


def test_country_filter_and_combined_filters(client, news_index):
    NewsPageFactory(parent=news_index, title="French cells", countries=["FR"], topics=["events"])
    NewsPageFactory(parent=news_index, title="German cells", countries=["DE", "FR"])
    NewsPageFactory(parent=news_index, title="Danish", countries=["DK"], topics=["events"])
    assert sorted(titles(client.get("/news/?country=fr"))) == ["French cells", "German cells"]
    response = client.get("/news/?country=FR&topic=events")
    assert titles(response) == ["French cells"]
    assert page_title(response) == "News: Events, France · COBIOE"
    # The country list offers the countries the news is about.
    html = client.get("/news/").content.decode()
    assert '<option value="DK">Denmark</option>' in html
    assert 'value="IT"' not in html


def test_unknown_filter_values_are_reported_and_ignored(client, news_index):
    NewsPageFactory(parent=news_index, title="Anything", topics=["events"])
    response = client.get("/news/?topic=nope&stage=<b>x</b>&technology=zz&country=XX")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == ["Anything"]
    assert "Unknown topic “nope” ignored." in html
    assert "Unknown stage “&lt;b&gt;x&lt;/b&gt;” ignored." in html
    assert "Unknown technology “zz” ignored." in html
    assert "Unknown country “XX” ignored." in html
    assert "<b>x</b>" not in html
    assert page_title(response) == "News · COBIOE"


def test_filters_that_match_nothing_say_so(client, news_index):
    NewsPageFactory(parent=news_index, topics=["events"])
    response = client.get("/news/?topic=partnerships")
    assert titles(response) == []
    assert "No article matches these filters." in response.content.decode()


def test_pagination_keeps_the_filters_and_clamps_bad_pages(client, news_index):
    for day in range(PER_PAGE + 2):
        NewsPageFactory.days_ago(day, parent=news_index, title=f"Day {day}", topics=["events"])
    NewsPageFactory(parent=news_index, title="Other topic")

    first = client.get("/news/?topic=events")
    assert len(titles(first)) == PER_PAGE
    assert 'href="?topic=events&amp;page=2" rel="next"' in first.content.decode()

    second = client.get("/news/?topic=events&page=2")
    assert titles(second) == [f"Day {PER_PAGE}", f"Day {PER_PAGE + 1}"]
    assert page_title(second) == "News: Events, page 2 · COBIOE"

    past = client.get("/news/?topic=events&page=99")
    assert past.status_code == 200
    assert titles(past) == titles(second)
    assert "There is no page 99: here is the last page, page 2." in past.content.decode()

    for nonsense in ("abc", "0", "-3"):
        response = client.get(f"/news/?topic=events&page={nonsense}")
        assert response.status_code == 200
        assert titles(response) == titles(first)


def test_index_links_its_feeds_in_the_head(client, news_index):
    html = client.get("/news/?topic=events&stage=production").content.decode()
    head = html.split("</head>")[0]
    for href in (
        "/news/feed/",
        "/news/feed/atom/",
        "/news/feed/topic/events/",
        "/news/feed/topic/events/atom/",
        "/news/feed/stage/production/",
        "/news/feed/stage/production/atom/",
    ):
        assert f'href="{href}"' in head, href
    assert 'rel="alternate" type="application/atom+xml"' in head


def make_articles(news_index, count, image):
    organisation = OrganisationFactory()
    for n in range(count):
        NewsPageFactory(
            parent=news_index,
            image=image,
            topics=["events", "partnerships"],
            stages=["production"],
            countries=["FR", "DE"],
            organisations=[organisation],
            title=f"Article {n}",
        )


@pytest.mark.parametrize("count", [1, 40])
def test_index_costs_a_fixed_number_of_queries(
    client, news_index, django_assert_num_queries, count
):
    make_articles(news_index, count, ImageFactory())
    # Once before counting: it makes the thumbnails' renditions and caches the site's
    # navigation, which later requests only read.
    client.get("/news/?topic=events")
    with django_assert_num_queries(16):
        response = client.get("/news/?topic=events&country=FR")
    assert len(titles(response)) == min(count, PER_PAGE)


@pytest.mark.parametrize("count", [1, 40])
def test_unfiltered_index_page_two_costs_the_same(
    client, news_index, django_assert_num_queries, count
):
    make_articles(news_index, count, None)
    client.get("/news/")  # caches the site's navigation
    with django_assert_num_queries(14):
        response = client.get("/news/?page=2")
    assert response.status_code == 200


# The article -----------------------------------------------------------------------------


def test_article_page_shows_its_content_tags_and_source(client, news_index):
    article = NewsPageFactory(
        parent=news_index,
        title="A new fill-and-finish line",
        summary="A plant doubles its capacity.",
        source_name="Biomanufacturing Weekly",
        source_url="https://example.org/story?a=1&b=2",
        topics=["manufacturing-capacity"],
        stages=["fill-and-finish"],
        technologies=["vaccines"],
        countries=["PT"],
        body=[("quote", {"quote": "We are ready.", "attribution": "The plant's director"})],
    )
    response = client.get(f"/news/{article.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert page_title(response) == "A new fill-and-finish line · COBIOE"
    assert "<h1>A new fill-and-finish line</h1>" in html
    assert "A plant doubles its capacity." in html
    assert "We are ready." in html and "The plant&#x27;s director" in html
    assert (
        '<a href="https://example.org/story?a=1&amp;b=2" rel="noopener nofollow external">'
        "Biomanufacturing Weekly" in html
    )
    assert 'href="/news/?topic=manufacturing-capacity"' in html
    assert 'href="/news/?stage=fill-and-finish"' in html
    assert 'href="/news/?technology=vaccines"' in html
    assert 'href="/news/?country=PT">Portugal<' in html
    assert 'href="/news/feed/topic/manufacturing-capacity/"' in html


def test_article_names_only_published_organisations(client, news_index):
    public = OrganisationFactory(name="Public Bio", status=Organisation.Status.PUBLISHED)
    draft = OrganisationFactory(name="Secret Bio", status=Organisation.Status.DRAFT)
    article = NewsPageFactory(parent=news_index, organisations=[public, draft])
    html = client.get(f"/news/{article.slug}/").content.decode()
    assert f'<a href="/actors/{public.slug}/">Public Bio</a>' in html
    assert "Secret Bio" not in html and draft.slug not in html


@pytest.mark.parametrize("count", [1, 10])
def test_article_page_costs_a_fixed_number_of_queries(
    client, news_index, django_assert_num_queries, count
):
    organisations = [OrganisationFactory() for _ in range(count)]
    article = NewsPageFactory(
        parent=news_index,
        topics=["events", "partnerships"][: min(count, 2)],
        technologies=["vaccines"],
        organisations=organisations,
    )
    client.get(f"/news/{article.slug}/")  # caches the site's navigation
    with django_assert_num_queries(12):
        response = client.get(f"/news/{article.slug}/")
    assert response.status_code == 200


def test_plain_text_fields_are_escaped(client, news_index):
    # The body's rich text is cleaned by the admin's editor on the way in (test_admin.py).
    article = NewsPageFactory(
        parent=news_index,
        summary="<script>alert(1)</script>",
        source_name="<b>Weekly</b>",
        body=[("quote", {"quote": "<img src=x onerror=alert(2)>", "attribution": ""})],
    )
    html = client.get(f"/news/{article.slug}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "&lt;b&gt;Weekly&lt;/b&gt;" in html


# The card, as the monitoring includes it -------------------------------------------------


def test_card_shows_why_the_member_sees_the_article(news_index):
    article = NewsPageFactory(parent=news_index, title="Cells in Lyon")
    html = render_to_string(
        "news/includes/article_card.html",
        {"article": article, "reasons": [Reason("technology", "Cell therapy")]},
    )
    assert "Why you see this: Technology: Cell therapy" in " ".join(html.split())
    without = render_to_string("news/includes/article_card.html", {"article": article})
    assert "Why you see this" not in without
    assert "Cells in Lyon" in without
