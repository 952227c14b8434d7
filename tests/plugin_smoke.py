"""The site with one plugin left out: run by test_plugins.py in a subprocess whose
COBIOE_PLUGINS names the plugins kept. Not collected on its own (no test_ prefix)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

KEPT = set(settings.COBIOE_PLUGINS)


def test_home_renders(client, seeded_site):
    response = client.get("/")
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


def test_pillar_page_renders(client, seeded_site):
    assert client.get("/panorama/").status_code == 200


def test_search_follows_the_search_plugin(client, seeded_site):
    response = client.get("/search/", {"q": "biomanufacturing"})
    if "search" in KEPT:
        assert response.status_code == 200
        assert b"Panorama" in response.content
    else:
        assert response.status_code == 404
        assert b'role="search"' not in client.get("/").content


def test_admin_renders_for_staff(client, seeded_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_dashboard_renders(client, seeded_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/dashboard/").status_code == 200


def test_notification_centre_renders(client, seeded_site):
    # The centre is the core's: it stays whichever plugins make the notifications.
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert b"<h1>Your notifications</h1>" in response.content


def test_notification_settings_render(client, seeded_site):
    # The settings list the installed plugins' kinds, and say so when none declares any.
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/notifications/settings/")
    assert response.status_code == 200
    assert b"<h1>Your notification settings</h1>" in response.content
