"""The site of a request and the navigation every page shows come from the cache, and are
read afresh as soon as staff change a site, the navigation settings or a page it links to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from home.factories import HomePageFactory, StandardPageFactory
from home.models import NavigationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Home", slug="cobioe-home")
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    return site


@pytest.fixture
def about(site):
    return StandardPageFactory(parent=site.root_page, title="About us", slug="about")


def set_menu(site, *links, footer_text=""):
    navigation = NavigationSettings.for_site(site)
    navigation.main_menu = [("link", {"label": label, **target}) for label, target in links]
    navigation.footer_text = footer_text
    navigation.save()


def get(client, url="/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured]


def touching(queries, table):
    return [sql for sql in queries if f'"{table}"' in sql]


def test_once_cached_a_page_asks_nothing_for_its_site_and_navigation(client, site, about):
    set_menu(
        site,
        ("About", {"page": about, "url": ""}),
        ("Forum", {"page": None, "url": "/forum/"}),
        footer_text=f'<p>See <a linktype="page" id="{about.pk}">about</a>.</p>',
    )
    html, queries = get(client, about.url)
    assert '<a href="/about/" aria-current="page">About</a>' in html
    assert '<a href="/forum/">Forum</a>' in html
    assert '<p>See <a href="/about/">about</a>.</p>' in html
    assert touching(queries, "home_navigationsettings")

    html, queries = get(client, about.url)
    assert '<a href="/forum/">Forum</a>' in html
    assert '<p>See <a href="/about/">about</a>.</p>' in html
    assert not touching(queries, "wagtailcore_site")
    assert not touching(queries, "home_navigationsettings")


def test_an_edit_of_the_navigation_shows_on_the_next_page(client, site, about):
    set_menu(site, ("About", {"page": about, "url": ""}))
    get(client)
    set_menu(site, ("Who we are", {"page": about, "url": ""}))
    html, _ = get(client)
    assert "Who we are" in html and ">About<" not in html


def test_a_linked_page_renamed_moved_or_deleted_changes_the_menu(client, site, about):
    set_menu(site, ("About", {"page": about, "url": ""}))
    assert 'href="/about/"' in get(client)[0]

    about.slug = "who-we-are"
    about.save_revision().publish()
    assert 'href="/who-we-are/"' in get(client)[0]

    section = StandardPageFactory(parent=site.root_page, title="Project", slug="project")
    about.refresh_from_db()
    about.move(section, pos="last-child")
    assert 'href="/project/who-we-are/"' in get(client)[0]

    Page.objects.get(pk=about.pk).delete()
    html = get(client)[0]
    assert "who-we-are" not in html and ">About<" not in html


def test_a_site_changed_in_the_admin_is_found_on_the_next_request(client, site, about):
    get(client)
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    other = Site.objects.create(hostname="partners.example", root_page=other_home)
    set_menu(other, ("Partners only", {"page": None, "url": "/partners/"}))
    assert "Partners only" not in get(client)[0]

    other.hostname = "testserver"  # the test client's host: it now wins over the default
    other.save()
    assert "Partners only" in get(client)[0]
