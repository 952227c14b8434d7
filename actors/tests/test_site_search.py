"""Organisations in the site search: the actors' section of /search/ (the `site_search`
hook, `actors.search.search_organisations`), published organisations only."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page

from actors.factories import ActorTypeFactory, OrganisationFactory
from actors.models import Organisation
from actors.search import RESULTS_SHOWN, search_organisations
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

# The search page's own queries when no page matches (view restrictions, the count of
# pages; the site and its navigation come from the cache) and the actors' two: how many
# organisations match, and the first five with their actor type; with the forum plugin
# installed, its section's five (the forums the searcher may read: four; how many topics
# match: one).
QUERIES_PER_SEARCH_PAGE = 2 + 2 + (5 if apps.is_installed("forum") else 0)


def search(query):
    return search_organisations(query, RequestFactory().get("/search/", {"q": query}))


def test_section_lists_matching_organisations_with_a_link_to_them_all():
    cdmo = ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO")
    cellforge = OrganisationFactory(name="Cellforge", acronym="CF", actor_type=cdmo, city="Lyon")
    OrganisationFactory(name="Other", description="Nothing to see.")
    section = search("cellforge")
    assert section.title == "Actors"
    assert section.total == 1
    [result] = section.results
    assert result.title == "Cellforge (CF)"
    assert result.url == cellforge.get_absolute_url()
    assert result.summary == "CDMO / CMO · Lyon, France"
    assert urlsplit(section.more_url).path == reverse("actors:directory")
    assert parse_qsl(urlsplit(section.more_url).query) == [("q", "cellforge")]


def test_section_shows_five_organisations_and_counts_them_all():
    OrganisationFactory.create_batch(RESULTS_SHOWN + 3, description="Viral vectors.")
    section = search("viral")
    assert len(section.results) == RESULTS_SHOWN
    assert section.total == RESULTS_SHOWN + 3


def test_text_matches_acronym_city_and_offers():
    OrganisationFactory(name="A", acronym="GENOPOLE", description="")
    OrganisationFactory(name="B", city="Tallinn", description="")
    OrganisationFactory(name="C", services="Lentiviral vector release testing", description="")
    assert [r.title for r in search("genopole").results] == ["A (GENOPOLE)"]
    assert [r.title for r in search("tallinn").results] == ["B"]
    assert [r.title for r in search("release testing").results] == ["C"]


@pytest.mark.parametrize("query", ["", "   ", "nothing matches this"])
def test_no_section_without_a_match(query):
    OrganisationFactory(name="Cellforge")
    assert search(query) is None


@pytest.mark.parametrize(
    "status",
    [Organisation.Status.DRAFT, Organisation.Status.PENDING, Organisation.Status.REJECTED],
)
def test_unpublished_organisations_never_appear_in_the_search(client, status):
    OrganisationFactory(name="Hidden Cells", status=status)
    assert search("hidden") is None
    assert b"Hidden Cells" not in client.get("/search/", {"q": "hidden"}).content


def test_merged_organisations_never_appear_in_the_search():
    kept = OrganisationFactory(name="Cellforge")
    OrganisationFactory(name="Cellforge duplicate", merged_into=kept)
    assert [r.title for r in search("cellforge").results] == ["Cellforge"]


def test_search_page_shows_the_actors_section(client):
    cellforge = OrganisationFactory(name="Cellforge")
    html = client.get("/search/", {"q": "cellforge"}).content.decode()
    assert ">Actors</h2>" in html
    assert f'<a href="{cellforge.get_absolute_url()}">Cellforge</a>' in html
    assert f'href="{reverse("actors:directory")}?q=cellforge"' in html
    assert "See the result in Actors" in html
    # No page matched: the page says so rather than "no results" for the whole search.
    assert "No page or news matches" in html
    assert html.count("<h1") == 1


def test_search_page_shows_the_section_on_its_first_page_only(client):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="cellforge-home"))
    for number in range(12):
        home.add_child(instance=StandardPage(title=f"Cellforge news {number}", slug=f"n-{number}"))
    OrganisationFactory(name="Cellforge")
    first = client.get("/search/", {"q": "cellforge"})
    second = client.get("/search/", {"q": "cellforge", "page": 2})
    assert [section.title for section in first.context["search_sections"]] == ["Actors"]
    assert second.context["search_results"].number == 2
    assert second.context["search_sections"] == []
    # With a section, the pages get their own heading and their results sit under it.
    html = first.content.decode()
    assert html.index(">Actors</h2>") < html.index(">Pages and news</h2>")
    assert html.count("<h3><a href=") == 1 + 10
    assert "<h2><a href=" not in html


def test_an_organisation_name_is_escaped_in_the_search(client):
    OrganisationFactory(name="<script>alert(1)</script>", description="xss probe")
    html = client.get("/search/", {"q": "xss probe"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_page_works_without_the_actors_hook(client, monkeypatch):
    OrganisationFactory(name="Cellforge")
    monkeypatch.setattr(apps.get_app_config("actors"), "site_search", None)
    response = client.get("/search/", {"q": "cellforge"})
    assert response.status_code == 200
    assert response.context["search_sections"] == []
    assert b"Cellforge" not in response.content


def test_search_page_costs_the_same_queries_for_1_or_30_organisations(
    client, django_assert_num_queries
):
    OrganisationFactory(name="Viral Works")
    client.get("/search/", {"q": "viral"})  # warms the site root paths cache
    with django_assert_num_queries(QUERIES_PER_SEARCH_PAGE):
        response = client.get("/search/", {"q": "viral"})
    assert response.context["search_sections"][0].total == 1
    OrganisationFactory.create_batch(29, name="Viral Works")
    with django_assert_num_queries(QUERIES_PER_SEARCH_PAGE):
        response = client.get("/search/", {"q": "viral"})
    assert response.context["search_sections"][0].total == 30
