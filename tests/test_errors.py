"""The designed error pages: a 404 with a way back, a 500 that needs nothing to render, an
expired form (CSRF)."""

import pytest
from django.test import Client
from django.views.defaults import server_error

from accounts.factories import VerifiedUserFactory


@pytest.mark.django_db
def test_unknown_url_gets_the_designed_404_with_a_way_back(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Page not found" in content
    assert 'href="/"' in content
    assert 'role="search"' in content


def test_server_error_page_renders_without_database_or_context(rf):
    # No django_db mark: the 500 page must render even when the database is what failed.
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'href="/"' in content


@pytest.mark.django_db
def test_rate_limited_request_gets_the_designed_429(rf):
    from allauth.core.ratelimit import respond_429
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    response = respond_429(request)
    assert response.status_code == 429
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Too many attempts" in content
    assert 'class="site-footer' in content


@pytest.mark.django_db
def test_a_form_posted_without_a_valid_csrf_token_gets_the_designed_page():
    browser = Client(enforce_csrf_checks=True)
    # The sign-in form, as when its page was left open past the cookie's life.
    response = browser.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "This form has expired" in content
    assert "CSRF verification failed" not in content
    assert 'href="/static/css/cobioe.css"' in content
    assert 'href="/"' in content

    # Signed in: the page is the site's (header with the member's links), and the form
    # posted (signing out) did nothing.
    member = VerifiedUserFactory()
    browser.force_login(member)
    response = browser.post("/accounts/logout/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "This form has expired" in content
    assert "Sign out" in content
    assert browser.get("/notifications/").status_code == 200
