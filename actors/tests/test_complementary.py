"""Complementary actors (`actors.complementary`): who is suggested, in which order, with
which reason, and in a fixed number of queries."""

import pytest
from django.urls import reverse

from actors.complementary import complementary_actors, missing_stages
from actors.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cellforge():
    """A cell- and gene-therapy manufacturer: it covers Production (through a sub-stage)."""
    return OrganisationFactory(
        name="Cellforge", stages=["quality-control"], technologies=["cell-therapy", "gene-therapy"]
    )


def names(suggestions):
    return [s.organisation.name for s in suggestions]


def test_suggests_same_technology_at_a_missing_stage(cellforge):
    OrganisationFactory(name="Trainer", stages=["training"], technologies=["cell-therapy"])
    assert names(complementary_actors(cellforge)) == ["Trainer"]


def test_ignores_other_technologies_covered_stages_itself_and_unpublished(cellforge):
    OrganisationFactory(name="Other tech", stages=["training"], technologies=["vaccines"])
    OrganisationFactory(name="Same stage", stages=["production"], technologies=["cell-therapy"])
    # A sub-stage counts as its stage: fill and finish is Production, which Cellforge covers.
    OrganisationFactory(
        name="Same stage via sub-stage", stages=["fill-and-finish"], technologies=["cell-therapy"]
    )
    for status in ["draft", "pending", "rejected"]:
        OrganisationFactory(
            name=f"Hidden {status}",
            status=status,
            stages=["training"],
            technologies=["cell-therapy"],
        )
    OrganisationFactory(
        name="Merged",
        merged_into=OrganisationFactory(name="Survivor"),
        stages=["training"],
        technologies=["cell-therapy"],
    )
    assert complementary_actors(cellforge) == []


def test_a_sub_stage_of_a_missing_stage_counts_for_it(cellforge):
    OrganisationFactory(name="Clinic", stages=["clinical-research"], technologies=["gene-therapy"])
    [suggestion] = complementary_actors(cellforge)
    assert [s.slug for s in suggestion.stages] == ["research-and-development"]


def test_best_first_by_shared_technologies_times_missing_stages(cellforge):
    OrganisationFactory(name="A one by one", stages=["training"], technologies=["cell-therapy"])
    OrganisationFactory(
        name="B two by two",
        stages=["training", "post-market"],
        technologies=["cell-therapy", "gene-therapy"],
    )
    OrganisationFactory(
        name="C one by three",
        stages=["training", "post-market", "discovery-research", "production"],
        technologies=["gene-therapy", "vaccines"],
    )
    ranked = complementary_actors(cellforge)
    assert names(ranked) == ["B two by two", "C one by three", "A one by one"]


def test_ties_go_to_the_verified_then_by_name(cellforge):
    for name in ["Zeta", "Alpha", "Verified Omega"]:
        OrganisationFactory(
            name=name,
            is_verified=name.startswith("Verified"),
            stages=["training"],
            technologies=["cell-therapy"],
        )
    assert names(complementary_actors(cellforge)) == ["Verified Omega", "Alpha", "Zeta"]


def test_top_five_only(cellforge):
    for n in range(7):
        OrganisationFactory(name=f"Partner {n}", stages=["training"], technologies=["cell-therapy"])
    assert names(complementary_actors(cellforge)) == [f"Partner {n}" for n in range(5)]


def test_reason_names_the_technologies_and_the_missing_stages(cellforge):
    OrganisationFactory(
        name="Downstream",
        stages=["post-market", "regulation", "scale-up", "production"],
        technologies=["cell-therapy", "vaccines"],
    )
    [suggestion] = complementary_actors(cellforge)
    assert suggestion.reason == (
        "Works on Cell therapy at Industrialisation of processes and Post-market, "
        "which Cellforge does not cover"
    )


def test_an_organisation_without_technologies_gets_no_suggestions():
    lonely = OrganisationFactory(stages=["production"])
    OrganisationFactory(stages=["training"], technologies=["cell-therapy"])
    assert complementary_actors(lonely) == []


@pytest.mark.parametrize("partners", [1, 12])
def test_a_fixed_number_of_queries_whatever_the_number_of_candidates(
    cellforge, django_assert_num_queries, partners
):
    for n in range(partners):
        OrganisationFactory(
            stages=["training", "clinical-research", "post-market", "regulation"][: n % 4 + 1],
            technologies=["cell-therapy", "gene-therapy"][: n % 2 + 1],
        )
    # Its technologies, its missing stages, the ranking, the organisations, and their
    # shared technologies and missing stages.
    with django_assert_num_queries(6):
        suggestions = complementary_actors(cellforge)
        reasons = [s.reason for s in suggestions]
    assert len(reasons) == min(partners, 5)
    # The profile page already knows the first two.
    technology_ids = list(cellforge.technologies.values_list("pk", flat=True))
    missing_stage_ids = list(missing_stages(cellforge).values_list("pk", flat=True))
    with django_assert_num_queries(4):
        again = complementary_actors(
            cellforge, technology_ids=technology_ids, missing_stage_ids=missing_stage_ids
        )
        assert [s.reason for s in again] == reasons


def test_missing_stages_count_sub_stages_as_their_stage(cellforge):
    assert [s.slug for s in missing_stages(cellforge)] == [
        "training",
        "research-and-development",
        "industrialisation",
        "post-market",
    ]


# On the profile page ------------------------------------------------------------------


def test_profile_lists_the_suggestions_with_their_reason(client, cellforge):
    partner = OrganisationFactory(
        name="Trainer", stages=["training"], technologies=["cell-therapy"]
    )
    page = client.get(cellforge.get_absolute_url()).content.decode()
    assert f'href="{reverse("actors:profile", kwargs={"slug": partner.slug})}"' in page
    assert "Works on Cell therapy at Training, which Cellforge does not cover" in page


def test_profile_without_technologies_says_how_to_get_suggestions(client):
    organisation = OrganisationFactory(stages=["production"])
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Suggestions appear once the profile names the technologies it works on" in page


def test_profile_covering_every_stage_says_there_is_no_gap(client):
    organisation = OrganisationFactory(
        name="Everywhere",
        stages=["training", "research-and-development", "scale-up", "production", "regulation"],
        technologies=["cell-therapy"],
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Everywhere covers every stage of the value chain" in page
