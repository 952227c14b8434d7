"""The news that concern an organisation, on its public profile: only visible articles,
the latest five, newest first."""

import datetime

import pytest
from django.utils import timezone

from actors.factories import OrganisationFactory
from news.factories import NewsPageFactory
from news.profile_news import PROFILE_ARTICLES

pytestmark = pytest.mark.django_db


def profile_html(client, organisation):
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_profile_lists_the_articles_that_concern_the_organisation(client, news_index):
    organisation = OrganisationFactory(name="Cellforge")
    NewsPageFactory.days_ago(
        3, parent=news_index, title="Cellforge opens a plant", organisations=[organisation]
    )
    NewsPageFactory(parent=news_index, title="Someone else's news")
    html = profile_html(client, organisation)
    assert "In the news" in html
    assert "Cellforge opens a plant" in html
    assert 'href="/news/' in html
    assert "Someone else&#x27;s news" not in html and "Someone else's news" not in html


def test_profile_without_news_has_no_news_section(client, news_index):
    organisation = OrganisationFactory()
    NewsPageFactory(parent=news_index, title="Unrelated")
    assert "In the news" not in profile_html(client, organisation)


def test_unpublished_scheduled_and_private_articles_stay_off_the_profile(client, news_index):
    organisation = OrganisationFactory()
    NewsPageFactory(parent=news_index, title="Published piece", organisations=[organisation])
    draft = NewsPageFactory(parent=news_index, title="Draft piece", organisations=[organisation])
    draft.unpublish()
    scheduled = NewsPageFactory(
        parent=news_index, title="Scheduled piece", live=False, organisations=[organisation]
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()  # a future go-live date only schedules it
    private = NewsPageFactory(
        parent=news_index, title="Private piece", organisations=[organisation]
    )
    private.view_restrictions.create(restriction_type="login")
    html = profile_html(client, organisation)
    assert "Published piece" in html
    for title in ("Draft piece", "Scheduled piece", "Private piece"):
        assert title not in html


def test_profile_shows_the_latest_five_newest_first(client, news_index):
    organisation = OrganisationFactory()
    for days in range(PROFILE_ARTICLES + 2):
        NewsPageFactory.days_ago(
            days, parent=news_index, title=f"Piece of day {days}", organisations=[organisation]
        )
    html = profile_html(client, organisation)
    shown = [
        f"Piece of day {days}"
        for days in range(PROFILE_ARTICLES + 2)
        if f"Piece of day {days}<" in html
    ]
    assert shown == [f"Piece of day {days}" for days in range(PROFILE_ARTICLES)]
    positions = [html.index(title + "<") for title in shown]
    assert positions == sorted(positions)


# The profile's own queries for an organisation without technologies (so no suggestions
# to look for): the organisation and its two prefetches, the value chain, the people (the
# layout's site and navigation come from the cache). Then this section's two: the view
# restrictions and the articles.
PROFILE_QUERIES = 5 + 2


@pytest.mark.parametrize("size", [1, 12])
def test_the_section_costs_two_queries_whatever_the_number_of_articles(
    client, news_index, django_assert_num_queries, size
):
    organisation = OrganisationFactory()
    for _ in range(size):
        NewsPageFactory(parent=news_index, topics=["events"], organisations=[organisation])
    client.get(organisation.get_absolute_url())
    with django_assert_num_queries(PROFILE_QUERIES):
        html = client.get(organisation.get_absolute_url()).content.decode()
    section = html.split('id="profile-news-title"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == min(size, PROFILE_ARTICLES)
