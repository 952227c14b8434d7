"""The directory's filters (`actors.directory`): parsing, combining, facet counts, and the
published-only rule that the list, map, CSV and API inherit from it."""

import pytest
from django.http import QueryDict

from actors.directory import MAX_QUERY_LENGTH, DirectoryQuery, normalise_query
from actors.factories import ActorTypeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def query(string):
    return DirectoryQuery.from_querydict(QueryDict(string))


@pytest.fixture
def chain():
    cdmo = ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO")
    return {
        "fr_cdmo": OrganisationFactory(
            name="Cellforge",
            actor_type=cdmo,
            country="FR",
            stages=["fill-and-finish"],
            technologies=["cell-therapy"],
        ),
        "de_cdmo": OrganisationFactory(
            name="Vectorwerk",
            actor_type=cdmo,
            country="DE",
            city="Munich",
            stages=["production", "process-development"],
            technologies=["gene-therapy"],
        ),
        "fr_school": OrganisationFactory(
            name="Biotherapy Academy",
            country="FR",
            stages=["training"],
            technologies=["cell-therapy"],
        ),
        "draft": OrganisationFactory(
            name="Hidden Cells",
            country="FR",
            status="draft",
            stages=["fill-and-finish"],
            technologies=["cell-therapy"],
        ),
    }


def test_no_filter_lists_every_published_organisation(chain):
    assert set(query("").organisations()) == {
        chain["fr_cdmo"],
        chain["de_cdmo"],
        chain["fr_school"],
    }


def test_a_stage_includes_its_sub_stages(chain):
    assert set(query("stage=production").organisations()) == {chain["fr_cdmo"], chain["de_cdmo"]}
    assert list(query("stage=fill-and-finish").organisations()) == [chain["fr_cdmo"]]


def test_a_technology_family_includes_its_technologies(chain):
    assert set(query("technology=innovative-therapies").organisations()) == {
        chain["fr_cdmo"],
        chain["de_cdmo"],
        chain["fr_school"],
    }


def test_filters_combine_and_values_of_one_filter_are_alternatives(chain):
    assert list(query("stage=production&country=fr").organisations()) == [chain["fr_cdmo"]]
    assert set(query("country=FR&country=DE&type=cdmo-cmo").organisations()) == {
        chain["fr_cdmo"],
        chain["de_cdmo"],
    }
    assert list(query("stage=production&q=munich").organisations()) == [chain["de_cdmo"]]


def test_text_query_matches_every_word_anywhere_case_insensitively(chain):
    assert list(query("q=CELL+forge").organisations()) == [chain["fr_cdmo"]]
    assert list(query("q=100%25").organisations()) == []


def test_unknown_values_are_ignored_with_a_note(chain):
    directory = query("stage=nowhere&country=ZZ&type=production&technology=cell-therapy")
    assert [t.slug for t in directory.technologies] == ["cell-therapy"]
    assert len(directory.notes) == 3
    assert "nowhere" in directory.notes[0]
    assert set(directory.organisations()) == {chain["fr_cdmo"], chain["fr_school"]}


def test_query_is_cleaned_and_capped():
    assert normalise_query("  cell\x00   therapy\n") == "cell therapy"
    assert len(normalise_query("x" * 1000)) == MAX_QUERY_LENGTH


def test_facets_count_each_value_given_the_other_filters(chain):
    facets = query("country=FR").facets()
    stages = {choice.value: choice for choice in facets["stage"]}
    assert stages["production"].count == 1
    assert stages["training"].count == 1
    assert stages["industrialisation"].count == 0
    fill = next(c for c in stages["production"].children if c.value == "fill-and-finish")
    assert fill.count == 1
    # The country facet ignores the country filter, so that other countries stay choosable.
    countries = {choice.value: (choice.count, choice.selected) for choice in facets["country"]}
    assert countries == {"FR": (2, True), "DE": (1, False)}
    types = {choice.value: choice.count for choice in facets["type"]}
    assert types["cdmo-cmo"] == 1


def test_a_stage_count_counts_an_organisation_once_across_its_sub_stages(chain):
    OrganisationFactory(stages=["production", "quality-control", "fill-and-finish"])
    stages = {choice.value: choice.count for choice in query("").facets()["stage"]}
    assert stages["production"] == 3


def test_facets_count_the_results_too(chain):
    directory = query("country=FR&country=DE&type=cdmo-cmo")
    directory.facets()
    assert directory.total == directory.organisations().count() == 2


def test_facets_take_a_fixed_number_of_queries(chain, django_assert_num_queries):
    directory = query("stage=production&country=FR&q=cell")
    with django_assert_num_queries(3):
        directory.facets()
    for n in range(30):
        OrganisationFactory(name=f"Cell {n}", stages=["production"], technologies=["vaccines"])
    directory = query("stage=production&country=FR&q=cell")
    with django_assert_num_queries(3):
        directory.facets()


def test_as_params_round_trips(chain):
    directory = query("q=cell&stage=production&country=fr&type=cdmo-cmo&technology=vaccines")
    params = directory.as_params()
    assert ("country", "FR") in params
    again = DirectoryQuery.from_querydict(QueryDict("&".join(f"{k}={v}" for k, v in params)))
    assert again.as_params() == params


def test_summary_names_the_filters_for_page_titles(chain):
    assert query("").summary() == ""
    assert query("q=cell&stage=production&country=fr").summary() == "“cell”, Production, France"
