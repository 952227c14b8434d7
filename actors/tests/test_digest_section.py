"""What the actors plugin adds to the news digest: the organisations that joined the map in
each reader's fields during their period."""

import datetime

import pytest
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.digest import MAX_ITEMS, new_organisations
from actors.factories import MemberProfileFactory, OrganisationFactory
from actors.models import Organisation, Technology, ValueChainStage
from cobioe.plugins import DigestReader, digest_contributors

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def reader(stages=(), technologies=(), countries=(), organisation=None, since=NOW - DAY):
    user = VerifiedUserFactory()
    profile = MemberProfileFactory(
        user=user, interest_countries=list(countries), organisation=organisation
    )
    profile.interest_stages.set(ValueChainStage.objects.filter(slug__in=stages))
    profile.interest_technologies.set(Technology.objects.filter(slug__in=technologies))
    return DigestReader(user=user, since=since, until=NOW)


def newcomer(name, days_ago=0.5, **kwargs):
    return OrganisationFactory(name=name, published_at=NOW - days_ago * DAY, **kwargs)


def names(section) -> list[str]:
    return [item["title"] for item in section.items] if section else []


def test_the_actors_plugin_contributes_to_the_digest():
    assert new_organisations in digest_contributors()


def test_a_new_organisation_at_a_followed_stage_or_under_a_followed_family_is_listed():
    by_stage = reader(stages=["production"])
    by_family = reader(technologies=["innovative-therapies"])
    newcomer("Fill Partners", stages=["fill-and-finish"])
    newcomer("Cell Makers", technologies=["cell-therapy"])
    newcomer("Trainers", stages=["training"], technologies=["vaccines"])

    sections = new_organisations([by_stage, by_family])

    assert names(sections[by_stage.user.pk]) == ["Fill Partners"]
    assert names(sections[by_family.user.pk]) == ["Cell Makers"]
    section = sections[by_stage.user.pk]
    assert section.title == "New on the map in your fields"
    assert section.total == 1
    [item] = section.items
    fill = Organisation.objects.get(name="Fill Partners")
    assert item["url"] == f"http://testserver/actors/{fill.slug}/"
    assert item["summary"] == "SME / start-up · Évry-Courcouronnes, France"
    assert section.more_url == "http://testserver/actors/"


def test_only_organisations_published_in_the_readers_period_are_listed():
    recent = reader(stages=["production"], since=NOW - DAY)
    weekly = reader(stages=["production"], since=NOW - 7 * DAY)
    newcomer("Yesterday", days_ago=0.5, stages=["production"])
    newcomer("Last week", days_ago=3, stages=["production"])
    newcomer("Last month", days_ago=30, stages=["production"])
    newcomer("Tomorrow", days_ago=-1, stages=["production"])  # after the period

    sections = new_organisations([recent, weekly])

    assert names(sections[recent.user.pk]) == ["Yesterday"]
    assert names(sections[weekly.user.pk]) == ["Yesterday", "Last week"]


def test_unpublished_and_merged_organisations_are_never_listed():
    follower = reader(stages=["production"])
    kept = newcomer("Kept", stages=["production"])
    for status in (Organisation.Status.DRAFT, Organisation.Status.PENDING):
        newcomer(f"Not published {status}", stages=["production"], status=status)
    newcomer("Rejected", stages=["production"], status=Organisation.Status.REJECTED)
    newcomer("Duplicate", stages=["production"], merged_into=kept)

    assert names(new_organisations([follower])[follower.user.pk]) == ["Kept"]


def test_countries_of_interest_narrow_the_list():
    follower = reader(stages=["production"], countries=["DE", "PT"])
    countries_only = reader(countries=["PT"])
    newcomer("In France", stages=["production"], country="FR")
    newcomer("In Germany", stages=["production"], country="DE")
    newcomer("In Portugal, other stage", stages=["training"], country="PT")

    sections = new_organisations([follower, countries_only])

    assert names(sections[follower.user.pk]) == ["In Germany"]
    assert names(sections[countries_only.user.pk]) == ["In Portugal, other stage"]


def test_a_reader_without_interests_or_profile_and_their_own_organisation_get_nothing():
    nothing_chosen = reader()
    no_profile = DigestReader(user=VerifiedUserFactory(), since=NOW - DAY, until=NOW)
    own = newcomer("Our own lab", stages=["production"])
    insider = reader(stages=["production"], organisation=own)

    assert new_organisations([nothing_chosen, no_profile, insider]) == {}


def test_at_most_five_are_listed_newest_first_with_the_total():
    follower = reader(technologies=["vaccines"])
    for n in range(MAX_ITEMS + 3):
        newcomer(f"Vaccine maker {n}", days_ago=0.9 - n * 0.1, technologies=["vaccines"])

    section = new_organisations([follower])[follower.user.pk]

    assert section.total == MAX_ITEMS + 3
    assert names(section) == [f"Vaccine maker {n}" for n in range(MAX_ITEMS + 2, 2, -1)]


@pytest.mark.parametrize("size", [1, 20])
def test_a_batch_costs_eight_queries_whatever_its_size(size, django_assert_num_queries):
    readers = [reader(stages=["production"], technologies=["vaccines"]) for _ in range(size)]
    for n in range(size):
        newcomer(f"Maker {n}", stages=["production"], technologies=["vaccines", "cell-therapy"])

    # Profiles and their two kinds of interests (3), the two vocabularies' trees (2), the
    # newcomers with their types, stages and technologies (3).
    with django_assert_num_queries(8):
        sections = new_organisations(readers)

    assert len(sections) == size
    assert all(section.total == size for section in sections.values())
