"""The newsroom's demo content: created once, never duplicated, listed by the index."""

import io
import re
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from actors.demo import MEMBER_EMAIL
from actors.models import MemberProfile
from news import demo
from news.models import NewsIndexPage, NewsPage, NewsPageOrganisation, Subscription

pytestmark = pytest.mark.django_db


def counts():
    return (
        NewsIndexPage.objects.count(),
        NewsPage.objects.count(),
        NewsPage.objects.visible().count(),
        NewsPageOrganisation.objects.count(),
        NewsPage.topics.through.objects.count(),
        Subscription.objects.count(),
    )


def test_seed_demo_twice_creates_the_newsroom_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    assert first[:3] == (1, len(demo.ARTICLES), len(demo.ARTICLES))
    assert len(demo.ARTICLES) >= 30

    output = io.StringIO()
    started = time.monotonic()
    demo.seed(output)
    assert time.monotonic() - started < 3
    assert counts() == first
    assert f"Articles: 0 created, {len(demo.ARTICLES)} found" in output.getvalue()

    response = client.get("/news/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(demo.ARTICLES)} articles" in html
    assert "COBIOE: a European project for health biomanufacturing" in html


def test_demo_articles_spread_over_topics_and_twelve_months(client):
    call_command("seed_demo", stdout=io.StringIO())
    articles = list(NewsPage.objects.visible().with_tags())
    months = {(a.first_published_at.year, a.first_published_at.month) for a in articles}
    assert len(months) >= 10
    assert all(a.date == timezone.localtime(a.first_published_at).date() for a in articles)
    used_topics = {topic.slug for article in articles for topic in article.topics.all()}
    assert len(used_topics) == 10, "every seeded topic has articles"
    assert any(article.technologies.filter(slug="cell-therapy") for article in articles)
    # The made-up items say so; the project's items do not pretend to be anything else.
    for article in articles:
        if "(demo)" in article.title:
            assert demo.FICTIONAL_NOTE in str(article.body[0].value)
        else:
            assert article.source_url == "https://www.cobioe.eu/"
    genopole = NewsPageOrganisation.objects.filter(organisation__slug="genopole").count()
    assert genopole >= 3
    html = client.get("/news/?topic=project-news").content.decode()
    assert len(re.findall(r'class="news-card__title"', html)) == 8


def test_demo_member_follows_the_news(db):
    call_command("seed_demo", stdout=io.StringIO())
    subscription = Subscription.objects.get(user__email=MEMBER_EMAIL)
    assert subscription.digest == Subscription.Digest.DAILY
    assert subscription.notify_in_site
    assert subscription.digest_since is not None
    assert subscription.topics.count() == 3
    profile = MemberProfile.objects.get(user__email=MEMBER_EMAIL)
    assert profile.interest_technologies.filter(slug="cell-therapy").exists()


def test_demo_articles_are_valid_and_published_through_revisions(db):
    call_command("seed_demo", stdout=io.StringIO())
    for article in NewsPage.objects.all():
        article.full_clean()  # the seed skips the admin's form: the model's rules still hold
        assert article.live_revision_id == article.latest_revision_id
        assert article.get_latest_revision_as_object().title == article.title
        assert not article.has_unpublished_changes
