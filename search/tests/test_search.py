"""/search/ answers every query, odd or long, with a sensible page and never a 500."""

import pytest
from wagtail.models import Page, Site

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

# Once the site root paths, the request's site and the navigation are cached: view
# restrictions, the count, the page of results, their specific pages.
QUERIES_PER_SEARCH_PAGE = 4


@pytest.fixture
def pages():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="COBIOE home", slug="cobioe-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    found = home.add_child(
        instance=StandardPage(
            title="Bioproduction panorama",
            slug="panorama",
            introduction="Cell and gene therapy manufacturing across Europe.",
        )
    )
    draft = home.add_child(
        instance=StandardPage(title="Unpublished bioproduction plan", slug="draft-plan", live=False)
    )
    return {"found": found, "draft": draft}


def test_search_finds_a_live_page_by_its_introduction(client, pages):
    response = client.get("/search/", {"q": "gene therapy"})
    assert response.status_code == 200
    assert [p.title for p in response.context["search_results"]] == ["Bioproduction panorama"]


def test_search_never_shows_a_draft_page(client, pages):
    response = client.get("/search/", {"q": "bioproduction"})
    titles = [p.title for p in response.context["search_results"]]
    assert "Unpublished bioproduction plan" not in titles
    assert "Bioproduction panorama" in titles


def test_search_never_shows_a_private_page(client, pages):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=pages["found"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/search/", {"q": "panorama"})
    assert list(response.context["search_results"]) == []


def test_empty_query_answers_with_no_results(client, pages):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["search_query"] == ""
    assert list(response.context["search_results"]) == []


def test_missing_query_answers_200(client, pages):
    assert client.get("/search/").status_code == 200


def test_very_long_query_is_shortened_not_refused(client, pages):
    response = client.get("/search/", {"q": "panorama " * 1200})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= 200
    assert response.context["query_truncated"] is True


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "panorama & | ! ( ) :* <-> \\",
        "%00%ff",
        "\x00",
        "ünïcödé 生物 –—",
    ],
)
def test_odd_queries_answer_200_and_render_inert(client, pages, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert Page.objects.filter(slug="panorama").exists()


@pytest.mark.parametrize("page_number", ["0", "-1", "999", "abc", ""])
def test_out_of_range_page_numbers_answer_200(client, pages, page_number):
    response = client.get("/search/", {"q": "bioproduction", "page": page_number})
    assert response.status_code == 200


def test_results_are_paginated(client, pages):
    home = HomePage.objects.get()
    for number in range(12):
        home.add_child(instance=StandardPage(title=f"Vaccine page {number}", slug=f"v-{number}"))
    first = client.get("/search/", {"q": "vaccine"})
    second = client.get("/search/", {"q": "vaccine", "page": 2})
    assert len(first.context["search_results"]) == 10
    assert len(second.context["search_results"]) == 2


def test_search_page_costs_the_same_queries_for_1_or_10_results(
    client, pages, django_assert_num_queries, monkeypatch
):
    # The pages' own budget: each plugin's tests assert what its section adds.
    monkeypatch.setattr("search.views.site_search_sections", lambda query, request: [])
    home = HomePage.objects.get()
    home.add_child(instance=StandardPage(title="Vaccine page", slug="vaccine-0"))
    client.get("/search/", {"q": "vaccine"})  # warms the site root paths cache
    with django_assert_num_queries(QUERIES_PER_SEARCH_PAGE):
        client.get("/search/", {"q": "vaccine"})
    for number in range(1, 15):
        home.add_child(instance=StandardPage(title=f"Vaccine page {number}", slug=f"v-{number}"))
    client.get("/search/", {"q": "vaccine"})  # warms the site root paths cache
    with django_assert_num_queries(QUERIES_PER_SEARCH_PAGE):
        response = client.get("/search/", {"q": "vaccine"})
    assert len(response.context["search_results"]) == 10
