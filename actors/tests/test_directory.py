"""The public directory at /actors/: filters that combine, facet counts, notes for what was
ignored, pagination that keeps the filters, the map's plumbing, and a fixed query budget."""

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from actors.directory import Choice
from actors.factories import ActorTypeFactory, OrganisationFactory
from actors.models import Organisation
from actors.views.directory import PER_PAGE

pytestmark = pytest.mark.django_db

URL = "/actors/"

# Parsing reads the three vocabularies; facets cost three (type and country with the
# total, then one per tree); then the page and its stages. The request's site and the
# navigation come from the cache.
QUERIES_PER_DIRECTORY_PAGE = 8

VENDORED = [
    "actors/vendor/leaflet/leaflet.js",
    "actors/vendor/leaflet/leaflet.css",
    "actors/vendor/leaflet/images/marker-icon.png",
    "actors/vendor/leaflet/images/marker-icon-2x.png",
    "actors/vendor/leaflet/images/marker-shadow.png",
    "actors/vendor/leaflet/images/layers.png",
    "actors/vendor/leaflet.markercluster/leaflet.markercluster.js",
    "actors/vendor/leaflet.markercluster/MarkerCluster.css",
    "actors/vendor/leaflet.markercluster/MarkerCluster.Default.css",
]


@pytest.fixture
def chain():
    cdmo = ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO")
    return {
        "fr_cdmo": OrganisationFactory(
            name="Cellforge",
            acronym="CF",
            actor_type=cdmo,
            country="FR",
            city="Lyon",
            stages=["fill-and-finish"],
            technologies=["cell-therapy"],
            description="Viral vector fill and finish.",
        ),
        "de_cdmo": OrganisationFactory(
            name="Vectorwerk",
            actor_type=cdmo,
            country="DE",
            city="Munich",
            stages=["production"],
            technologies=["gene-therapy"],
            description="Viral vector production.",
        ),
        "fr_school": OrganisationFactory(
            name="Biotherapy Academy",
            country="FR",
            stages=["training"],
            technologies=["cell-therapy"],
            description="Viral vector courses.",
        ),
    }


def names(response):
    return [organisation.name for organisation in response.context["organisations"]]


def choice(response, facet, value):
    for item in response.context["facets"][facet]:
        for candidate in [item, *item.children]:
            if candidate.value == value:
                return candidate
    raise AssertionError(f"{facet}={value} is not offered")


# The list --------------------------------------------------------------------------------


def test_directory_lists_published_organisations_with_their_details(client, chain):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Biotherapy Academy", "Cellforge", "Vectorwerk"]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'<a href="{chain["fr_cdmo"].get_absolute_url()}">Cellforge</a>' in html
    assert "(CF)" in html
    assert "CDMO / CMO" in html
    assert "Lyon, France" in html
    assert '<span class="badge badge-muted">Fill and finish</span>' in html
    assert "3 organisations" in html


@pytest.mark.parametrize(
    "status",
    [Organisation.Status.DRAFT, Organisation.Status.PENDING, Organisation.Status.REJECTED],
)
def test_unpublished_organisations_are_never_listed(client, chain, status):
    OrganisationFactory(name="Hidden Cells", status=status)
    response = client.get(URL, {"q": "hidden"})
    assert names(response) == []
    assert b"Hidden Cells" not in client.get(URL).content


def test_merged_organisations_are_never_listed(client, chain):
    OrganisationFactory(name="Cellforge duplicate", merged_into=chain["fr_cdmo"])
    assert "Cellforge duplicate" not in names(client.get(URL))


def test_filters_combine_stage_country_and_text(client, chain):
    OrganisationFactory(name="Viral Fillers", country="DE", stages=["fill-and-finish"])
    OrganisationFactory(
        name="Cold Fillers", country="FR", stages=["fill-and-finish"], description="Cold chain."
    )
    response = client.get(URL, {"stage": "production", "country": "FR", "q": "viral"})
    assert names(response) == ["Cellforge"]


def test_stage_filter_includes_its_sub_stages(client, chain):
    response = client.get(URL, {"stage": "production"})
    assert names(response) == ["Cellforge", "Vectorwerk"]
    assert names(client.get(URL, {"stage": "fill-and-finish"})) == ["Cellforge"]


def test_values_of_one_filter_are_alternatives(client, chain):
    response = client.get(URL, {"stage": ["training", "fill-and-finish"]})
    assert names(response) == ["Biotherapy Academy", "Cellforge"]


def test_facet_counts_follow_the_other_filters(client, chain):
    response = client.get(URL, {"country": "FR"})
    assert choice(response, "stage", "production").count == 1
    assert choice(response, "stage", "fill-and-finish").count == 1
    assert choice(response, "stage", "training").count == 1
    assert choice(response, "type", "cdmo-cmo").count == 1
    assert choice(response, "technology", "cell-therapy").count == 2
    # A filter's own values count as if it were not set, so that alternatives show.
    assert choice(response, "country", "DE").count == 1
    assert choice(response, "country", "FR").count == 2
    assert choice(response, "country", "FR").selected


def test_facet_counts_and_checkboxes_are_rendered_with_labels(client, chain):
    html = client.get(URL, {"stage": "production"}).content.decode()
    assert re.search(
        r'<label class="directory-choice" for="filter-stage-production">\s*'
        r'<input type="checkbox" id="filter-stage-production" name="stage" '
        r'value="production" checked>\s*<span class="directory-choice__label">Production</span>\s*'
        r'<span class="directory-choice__count">2<',
        html,
    )
    # Sub-stages sit in a list nested under their stage.
    production = html.index('id="filter-stage-production"')
    nested = html.index('class="directory-facet__children', production)
    assert (
        nested
        < html.index('id="filter-stage-fill-and-finish"')
        < html.index('id="filter-stage-post-market"')
    )
    assert '<label for="directory-q">' in html
    assert f'href="{URL}">Reset filters</a>' in html


def test_unknown_filter_values_are_ignored_with_a_visible_note(client, chain):
    response = client.get(
        URL,
        {"stage": ["nowhere", "production"], "type": "wizard", "country": "XX", "technology": "x"},
    )
    assert response.status_code == 200
    assert names(response) == ["Cellforge", "Vectorwerk"]
    html = response.content.decode()
    for value in ("nowhere", "wizard", "XX", "x"):
        assert f"“{value}” ignored" in html


def test_unknown_values_are_escaped_in_the_notes(client, chain):
    html = client.get(URL, {"stage": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_organisation_name_is_escaped_in_the_list(client):
    OrganisationFactory(name="<script>alert(1)</script>", acronym="<b>X</b>", city="<i>")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>X</b>" not in html


def test_no_result_says_so_and_offers_to_reset(client, chain):
    html = client.get(URL, {"q": "nothing matches this"}).content.decode()
    assert "No organisation matches these filters." in html
    assert "0 organisations" in html


# Pagination ------------------------------------------------------------------------------


@pytest.fixture
def many():
    return OrganisationFactory.create_batch(PER_PAGE * 2 + 5, country="BE", stages=["production"])


def test_pages_hold_twenty_organisations(client, many):
    first = client.get(URL)
    third = client.get(URL, {"page": 3})
    assert len(first.context["organisations"]) == PER_PAGE
    assert len(third.context["organisations"]) == 5
    assert "Page 3 of 3" in third.content.decode()


def test_pagination_links_keep_the_filters(client, many):
    html = client.get(URL, {"stage": "production", "country": "BE", "q": "works"}).content.decode()
    link = re.search(r'<a href="\?([^"]+)" rel="next">', html).group(1)
    params = parse_qsl(link.replace("&amp;", "&"))
    assert params == [("q", "works"), ("stage", "production"), ("country", "BE"), ("page", "2")]


@pytest.mark.parametrize("page", ["abc", "", "1.5", "0", "-1", "%00"])
def test_a_page_that_is_not_a_page_number_gives_the_first_page(client, many, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert response.context["notes"] == []


@pytest.mark.parametrize("page", ["4", "999", "99999999999999999999999"])
def test_a_page_past_the_end_gives_the_last_page_with_a_note(client, many, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert f"There is no page {page}: here is the last page, page 3." in response.content.decode()


def test_a_page_past_the_end_of_no_results_answers(client):
    response = client.get(URL, {"page": 2})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


# Links: CSV and map data ------------------------------------------------------------------


def test_map_data_link_and_map_carry_the_filters(client, chain):
    html = client.get(URL, {"stage": "production", "country": "FR"}).content.decode()
    expected = f"{reverse('actors:map_data')}?stage=production&amp;country=FR"
    assert f'href="{expected}"' in html
    assert f'data-geojson-url="{expected}"' in html


def test_csv_link_carries_the_filters_when_the_export_exists(client, chain):
    response = client.get(URL, {"type": "cdmo-cmo"})
    url = response.context["export_csv_url"]
    try:
        export = reverse("actors:export_csv")
    except Exception:  # noqa: BLE001  (the export is another part's, and may not exist yet)
        assert url is None
        return
    assert urlsplit(url).path == export
    assert parse_qsl(urlsplit(url).query) == [("type", "cdmo-cmo")]
    assert f'href="{url.replace("&", "&amp;")}"' in response.content.decode()


# The map ---------------------------------------------------------------------------------


def test_map_is_hidden_without_javascript_and_says_the_list_has_it_all(client, chain):
    html = client.get(URL).content.decode()
    section = re.search(r"<section class=\"directory-map\"[^>]*>", html).group(0)
    assert " hidden" in section
    assert "The list below gives every result" in html


def test_map_takes_its_tile_server_from_the_settings(client, chain, settings):
    settings.ACTORS_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.ACTORS_MAP_ATTRIBUTION = "© Example"
    html = client.get(URL).content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Example"' in html


def test_no_tile_server_in_the_tests(client, chain):
    assert 'data-tile-url=""' in client.get(URL).content.decode()


@pytest.mark.parametrize("path", VENDORED)
def test_vendored_map_libraries_are_served_from_static(path):
    found = finders.find(path)
    assert found, f"{path} is missing: run `make vendor` (npm ci, then scripts/vendor-static)"
    assert Path(found).stat().st_size > 0


def test_our_map_script_is_served_from_static():
    assert finders.find("actors/map.js")
    assert finders.find("actors/directory.css")


def test_directory_references_only_local_scripts_and_styles(client, chain):
    html = client.get(URL).content.decode()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    styles = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*href=\"([^\"]+)\"", html)
    assert "/static/actors/vendor/leaflet/leaflet.js" in scripts
    assert "/static/actors/vendor/leaflet.markercluster/leaflet.markercluster.js" in scripts
    assert "/static/actors/map.js" in scripts
    for url in scripts + styles:
        assert url.startswith("/static/"), url


@pytest.mark.parametrize(
    "url", ["/static/actors/map.js", "/static/actors/vendor/leaflet/leaflet.js"]
)
def test_map_scripts_are_served(client, url):
    assert client.get(url).status_code == 200


# Query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"stage": "production", "country": ["FR", "DE"], "q": "viral", "type": "cdmo-cmo"}],
    ids=["unfiltered", "filtered"],
)
def test_directory_page_costs_the_same_queries_for_1_or_35_organisations(
    client, django_assert_num_queries, params
):
    cdmo = ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO")

    def add(count):
        for _number in range(count):
            OrganisationFactory(
                name="Viral Works",
                actor_type=cdmo,
                country="FR",
                stages=["production", "fill-and-finish", "quality-control"],
                technologies=["cell-therapy", "gene-therapy"],
            )

    add(1)
    client.get(URL, params)  # warms the site root paths cache
    with django_assert_num_queries(QUERIES_PER_DIRECTORY_PAGE):
        response = client.get(URL, params)
    assert len(response.context["organisations"]) == 1

    add(34)
    with django_assert_num_queries(QUERIES_PER_DIRECTORY_PAGE):
        response = client.get(URL, params)
    assert len(response.context["organisations"]) == PER_PAGE
    with django_assert_num_queries(QUERIES_PER_DIRECTORY_PAGE):
        response = client.get(URL, {**params, "page": 2})
    assert len(response.context["organisations"]) == 15


@pytest.mark.parametrize("url", ["/actors/", "/actors/value-chain/"])
def test_directory_and_value_chain_credit_ror_and_geonames(client, url):
    html = client.get(url).content.decode()
    assert "https://www.geonames.org/" in html
    assert "https://ror.org/" in html


def test_large_counts_have_thousands_separators():
    html = render_to_string(
        "actors/includes/directory_choice.html",
        {"choice": Choice("FR", "France", 12345), "name": "country"},
    )
    assert "12,345" in html
