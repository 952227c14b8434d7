"""The member dashboard: the account panel, then whatever the installed plugins contribute."""

import pytest

from accounts.factories import EmailAddressFactory, UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_account_panel_with_its_links(client):
    client.force_login(VerifiedUserFactory(email="ada@example.org"))

    response = client.get("/dashboard/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your dashboard</h1>" in html
    assert '<h2 id="panel-account-title">Your account</h2>' in html
    assert "<dd>ada@example.org</dd>" in html
    assert '<dd><span class="badge badge-success">Yes</span></dd>' in html
    assert 'href="/accounts/password/change/"' in html
    assert 'href="/accounts/email/"' in html
    assert 'href="/accounts/logout/"' in html


def test_dashboard_says_when_the_email_is_not_verified_yet(client):
    user = UserFactory()
    EmailAddressFactory(user=user, verified=False)
    client.force_login(user)  # signed in without allauth, which would have asked to verify

    html = client.get("/dashboard/").content.decode()

    assert '<dd><span class="badge badge-warning">Not yet</span></dd>' in html


def test_dashboard_without_plugin_panels_says_more_will_come(client, monkeypatch):
    monkeypatch.setattr("accounts.views.dashboard_panels", list)
    client.force_login(VerifiedUserFactory())

    html = client.get("/dashboard/").content.decode()

    assert "will appear here as those parts of the platform open" in html


def test_dashboard_includes_each_plugin_panel_in_order(client, monkeypatch, settings, tmp_path):
    panels = tmp_path / "panels"
    panels.mkdir()
    (panels / "first.html").write_text('<section class="panel"><h2>First panel</h2></section>')
    (panels / "second.html").write_text('<section class="panel"><h2>Second panel</h2></section>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], panels]}
    ]
    monkeypatch.setattr("accounts.views.dashboard_panels", lambda: ["first.html", "second.html"])
    client.force_login(VerifiedUserFactory())

    html = client.get("/dashboard/").content.decode()

    assert html.index("Your account") < html.index("First panel") < html.index("Second panel")
    assert "will appear here" not in html
