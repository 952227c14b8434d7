"""The public value-chain page at /actors/value-chain/."""

import re

import pytest

from actors.factories import OrganisationFactory
from actors.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/actors/value-chain/"


def test_the_page_draws_the_five_stages_in_order_with_their_counts(client):
    OrganisationFactory(stages=["production", "quality-control"])
    OrganisationFactory(stages=["quality-control"])
    OrganisationFactory(stages=["training"])

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<title>The value chain · COBIOE</title>" in html
    names = re.findall(r'<span class="value-chain__step">Stage \d</span>\s*([^<]+?)\s*</h3>', html)
    assert names == [
        "Training",
        "Research and development",
        "Industrialisation of processes",
        "Production",
        "Post-market",
    ]
    assert '<ol class="value-chain">' in html
    assert '2 actors<span class="visually-hidden"> at the stage Production' in html
    assert '2 actors<span class="visually-hidden"> at Quality control' in html


def test_gaps_are_said_in_words(client):
    OrganisationFactory(stages=["production"])

    html = client.get(URL).content.decode()

    assert html.count("Gap: no actor here yet") == 4  # every stage but production
    assert "gap: no actor" in html
    assert "Few actors" in html  # production has only one


def test_counts_link_to_the_directory_with_the_stage_and_the_filters(client):
    OrganisationFactory(stages=["production"], country="FR", technologies=["cell-therapy"])

    html = client.get(URL + "?country=FR&technology=cell-therapy").content.decode()

    assert 'href="/actors/?stage=production&amp;technology=cell-therapy&amp;country=FR"' in html
    assert (
        'href="/actors/?stage=clinical-manufacturing&amp;technology=cell-therapy&amp;country=FR"'
        not in html
    )  # no actor there: a gap, not a link


def test_only_published_organisations_are_counted_or_named(client):
    OrganisationFactory(name="Live Labs", stages=["training"])
    OrganisationFactory(name="Draft Labs", stages=["post-market"], status="draft")
    OrganisationFactory(name="Pending Labs", stages=["post-market"], status="pending")
    OrganisationFactory(
        name="Merged Labs", stages=["post-market"], merged_into=Organisation.objects.first()
    )

    html = client.get(URL).content.decode()

    assert "1 published actor on the chain" in html
    assert "Live Labs" in html
    for hidden in ("Draft Labs", "Pending Labs", "Merged Labs"):
        assert hidden not in html


def test_filters_narrow_the_counts_and_keep_their_values(client):
    OrganisationFactory(country="FR", stages=["training"], technologies=["cell-therapy"])
    OrganisationFactory(country="DE", stages=["training"], technologies=["vaccines"])

    html = client.get(URL + "?country=DE").content.decode()

    assert "1 published actor on the chain for these filters" in html
    assert '<option value="DE" selected>Germany</option>' in html
    assert '<option value="FR">France</option>' in html
    assert '<label for="value-chain-country">' in html
    assert '<label for="value-chain-technology">' in html


def test_unknown_filter_values_are_ignored_with_a_note(client):
    OrganisationFactory(stages=["training"])

    response = client.get(URL + "?country=ZZ&technology=<script>alert(1)</script>")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unknown country “ZZ” ignored." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "1 published actor on the chain." in html


def test_isolated_actors_are_those_alone_at_a_stage_in_their_country(client):
    OrganisationFactory(name="Lonely Lisbon", country="PT", stages=["fill-and-finish"])
    OrganisationFactory(name="Paris One", country="FR", stages=["production"])
    OrganisationFactory(name="Paris Two", country="FR", stages=["quality-control"])

    html = client.get(URL).content.decode()
    isolated = html[html.index('id="isolated-title"') :]

    assert "Lonely Lisbon" in isolated
    assert "Portugal" in isolated
    assert "Paris One" not in isolated  # two actors at production in France
    assert "Paris Two" not in isolated


def test_no_isolated_actor_says_so(client):
    html = client.get(URL).content.decode()

    assert "No isolated actor for these filters." in html


@pytest.mark.parametrize("rows", [1, 25])
def test_the_page_costs_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    stage_sets = [["production"], ["training", "initial-education"], ["quality-control"]]
    for index in range(rows):
        OrganisationFactory(
            country=["FR", "DE", "PT", "IT"][index % 4],
            stages=stage_sets[index % 3],
            technologies=["cell-therapy"],
        )

    client.get(URL)  # the site's settings are created on the first page ever served
    # Filter parsing (3), stages (3), total, isolated (2), countries, technologies; the
    # base template's site and navigation come from the cache.
    with django_assert_num_queries(11):
        response = client.get(URL + "?technology=innovative-therapies")

    assert response.status_code == 200
