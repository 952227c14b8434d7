"""The matching rule: which articles a member's interests select, and the reasons given.

Every case checks the SQL filter (`Interests.q()`) and the in-memory rule (`reasons()`)
against each other, since the monitoring page uses one and the digests the other.
"""

import pytest

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, OrganisationFactory
from actors.models import Technology, ValueChainStage
from news.factories import NewsPageFactory, SubscriptionFactory
from news.matching import Interests
from news.models import NewsPage

pytestmark = pytest.mark.django_db


def member(topics=(), stages=(), technologies=(), countries=(), organisation=None):
    user = VerifiedUserFactory()
    profile = MemberProfileFactory(user=user, interest_countries=list(countries))
    profile.interest_stages.set(ValueChainStage.objects.filter(slug__in=stages))
    profile.interest_technologies.set(Technology.objects.filter(slug__in=technologies))
    if organisation:
        profile.organisation = organisation
        profile.save()
    SubscriptionFactory(user=user, topics=list(topics))
    return user


def matches(user, article) -> list[str]:
    """The reasons, after checking that SQL and memory agree on whether it matches."""
    interests = Interests.for_user(user)
    in_sql = NewsPage.objects.filter(interests.q()).filter(pk=article.pk).exists()
    loaded = (
        NewsPage.objects.with_tags()
        .prefetch_related("concerned_organisations__organisation")
        .get(pk=article.pk)
    )
    organisation_ids = [link.organisation_id for link in loaded.concerned_organisations.all()]
    reasons = interests.reasons(loaded, organisation_ids)
    assert in_sql == bool(reasons), (in_sql, reasons)
    return [str(reason) for reason in reasons]


def test_a_shared_technology_matches_with_its_name_as_reason(news_index):
    user = member(technologies=["cell-therapy"])
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    assert matches(user, article) == ["Technology: Cell therapy"]


def test_nothing_chosen_matches_nothing(news_index):
    user = member()
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"], topics=["events"])
    assert matches(user, article) == []


def test_a_family_covers_the_technologies_under_it(news_index):
    cell = Technology.objects.get(slug="cell-therapy")
    assert cell.parent_id, "cell therapy sits under a family in the seeded vocabulary"
    user = member(technologies=[cell.parent.slug])
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    assert matches(user, article) == ["Technology: Cell therapy"]


def test_a_technology_does_not_cover_its_family(news_index):
    cell = Technology.objects.get(slug="cell-therapy")
    user = member(technologies=["cell-therapy"])
    article = NewsPageFactory(parent=news_index, technologies=[cell.parent.slug])
    assert matches(user, article) == []


def test_a_topic_or_a_stage_matches(news_index):
    user = member(topics=["funding-and-investment"], stages=["production"])
    by_topic = NewsPageFactory(parent=news_index, topics=["funding-and-investment"])
    by_stage = NewsPageFactory(parent=news_index, stages=["production"])
    other = NewsPageFactory(parent=news_index, topics=["events"], stages=["training"])
    assert matches(user, by_topic) == ["Topic: Funding and investment"]
    assert matches(user, by_stage) == ["Stage: Production"]
    assert matches(user, other) == []


def test_countries_narrow_the_subjects_but_keep_european_news(news_index):
    user = member(technologies=["cell-therapy"], countries=["FR"])
    in_france = NewsPageFactory(parent=news_index, technologies=["cell-therapy"], countries=["FR"])
    in_europe = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    in_germany = NewsPageFactory(parent=news_index, technologies=["cell-therapy"], countries=["DE"])
    in_france_off_subject = NewsPageFactory(parent=news_index, topics=["events"], countries=["FR"])
    assert matches(user, in_france) == ["Technology: Cell therapy", "Country: France"]
    assert matches(user, in_europe) == ["Technology: Cell therapy"]
    assert matches(user, in_germany) == []
    assert matches(user, in_france_off_subject) == []


def test_countries_alone_select_the_news_of_those_countries(news_index):
    user = member(countries=["PT", "DE"])
    in_portugal = NewsPageFactory(parent=news_index, countries=["PT", "ES"])
    in_europe = NewsPageFactory(parent=news_index, topics=["events"])
    assert matches(user, in_portugal) == ["Country: Portugal"]
    assert matches(user, in_europe) == []


def test_a_country_code_does_not_match_across_the_separator(news_index):
    # The article's countries are stored as "DE,ES": "E,E" spans the comma, "EE" does not.
    user = member(countries=["EE"])
    article = NewsPageFactory(parent=news_index, countries=["DE", "ES"])
    assert matches(user, article) == []


def test_an_article_about_my_organisation_matches(news_index):
    organisation = OrganisationFactory(name="Évry Cell Works")
    user = member(organisation=organisation)
    article = NewsPageFactory(parent=news_index, organisations=[organisation])
    assert matches(user, article) == ["Your organisation: Évry Cell Works"]
