"""/notifications/settings/: a member chooses, per kind of notification, in the site, by
email, both or none; and the package's own views, which change state on GET, stay out of
reach."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from accounts.models import NotificationPreference
from accounts.tests.kinds import INVITATION, JOIN, REPLY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_kinds")]

SETTINGS = "/notifications/settings/"


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def choices(member) -> dict:
    return dict(NotificationPreference.objects.filter(user=member).values_list("kind", "channel"))


def checked(html) -> dict:
    """The channel each radio group shows as chosen."""
    return {
        unescape(name): value
        for name, value in re.findall(
            r'<input type="radio" name="([^"]+)" value="([^"]+)"[^>]*\bchecked\b', html
        )
    }


def groups(html) -> list[tuple[str, list[str]]]:
    """(plugin heading, the kinds' legends under it), in order."""
    form = html.split('class="form notification-settings-form"', 1)[1].split("</form>", 1)[0]
    sections = form.split("<section ")[1:]
    return [
        (
            re.search(r"<h2[^>]*>([^<]*)</h2>", section).group(1),
            re.findall(r"<legend>([^<]*)</legend>", section),
        )
        for section in sections
    ]


def test_a_visitor_is_asked_to_sign_in(client):
    for method in (client.get, client.post):
        response = method(SETTINGS)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not NotificationPreference.objects.exists()


def test_the_page_lists_every_kind_by_plugin_with_its_current_channel(signed_in, member):
    NotificationPreference.objects.create(user=member, kind=REPLY, channel="none")

    response = signed_in.get(SETTINGS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Your notification settings · COBIOE</title>" in html
    assert html.count("<h1>") == 1
    assert groups(html) == [
        (
            "Working groups",
            ["Someone asks to join a group you coordinate", "You are invited to a group"],
        ),
        ("Forum", ["Someone replies to a topic you follow"]),
    ]
    # The defaults, and what the member chose.
    assert checked(html) == {JOIN: "both", INVITATION: "email", REPLY: "none"}
    # Each radio button is labelled.
    for value, label in [("site", "In the site"), ("email", "By email"), ("both", "Both")]:
        radio_id = re.search(
            rf'<input type="radio" name="{JOIN}" value="{value}"[^>]*id="([^"]+)"', html
        )
        assert radio_id, value
        assert re.search(rf'<label for="{re.escape(radio_id.group(1))}">.*? {label}</label>', html)
    assert 'name="csrfmiddlewaretoken"' in html


def test_saving_stores_only_what_differs_from_the_defaults(signed_in, member):
    NotificationPreference.objects.create(user=member, kind=INVITATION, channel="none")

    response = signed_in.post(SETTINGS, {JOIN: "site", INVITATION: "email", REPLY: "both"})

    assert response.status_code == 302 and response["Location"] == SETTINGS
    # The invitation is back to its default: no row.
    assert choices(member) == {JOIN: "site", REPLY: "both"}
    html = signed_in.get(SETTINGS).content.decode()
    assert "Your notification settings are saved." in html
    assert checked(html) == {JOIN: "site", INVITATION: "email", REPLY: "both"}


@pytest.mark.parametrize("channel", ["site", "email", "both", "none"])
def test_every_channel_can_be_chosen_and_changed(signed_in, member, channel):
    NotificationPreference.objects.create(user=member, kind=REPLY, channel="email")

    signed_in.post(SETTINGS, {JOIN: channel, INVITATION: "email", REPLY: channel})

    expected = {JOIN: channel, REPLY: channel}
    expected = {k: v for k, v in expected.items() if not (k == JOIN and v == "both")}
    expected = {k: v for k, v in expected.items() if not (k == REPLY and v == "site")}
    assert choices(member) == expected


def test_saving_touches_no_other_member(signed_in, member):
    other = VerifiedUserFactory()
    NotificationPreference.objects.create(user=other, kind=JOIN, channel="none")

    signed_in.post(SETTINGS, {JOIN: "site", INVITATION: "email", REPLY: "site"})

    assert choices(other) == {JOIN: "none"}


@pytest.mark.parametrize(
    "data",
    [
        {JOIN: "pigeon", INVITATION: "none", REPLY: "none"},
        {JOIN: "site", INVITATION: "none"},  # a kind left out
        {JOIN: "", INVITATION: "none", REPLY: "none"},
    ],
    ids=["unknown channel", "missing kind", "empty"],
)
def test_a_bad_value_saves_nothing_and_says_so(signed_in, member, data):
    NotificationPreference.objects.create(user=member, kind=REPLY, channel="email")

    response = signed_in.post(SETTINGS, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your notification settings were not saved: choose one option per line." in html
    assert 'aria-describedby="id_' in html  # the faulty line says what is wrong
    assert choices(member) == {REPLY: "email"}


def test_an_unknown_kind_posted_is_ignored(signed_in, member):
    signed_in.post(
        SETTINGS, {JOIN: "none", INVITATION: "email", REPLY: "site", "news.forged": "none"}
    )
    assert choices(member) == {JOIN: "none"}


def test_saving_requires_the_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(SETTINGS, {JOIN: "none", INVITATION: "none", REPLY: "none"})

    assert response.status_code == 403
    assert not NotificationPreference.objects.exists()


def test_without_any_kind_declared_the_page_says_so(signed_in, monkeypatch):
    from django.apps import apps

    for label in ("workgroups", "forum"):
        monkeypatch.setattr(apps.get_app_config(label), "notification_kinds", ())

    html = signed_in.get(SETTINGS).content.decode()

    assert "No part of the platform sends notifications you can choose yet." in html
    assert "<form" not in html.split("<main", 1)[1]


def test_the_centre_and_the_dashboard_link_to_the_settings(signed_in):
    for page in ("/notifications/", "/dashboard/"):
        html = signed_in.get(page).content.decode()
        main = html.split("<main", 1)[1]
        assert f'href="{SETTINGS}"' in main, page


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_costs_the_same_queries_whatever_the_choices(
    signed_in, member, count, django_assert_num_queries
):
    for n in range(count):
        NotificationPreference.objects.create(user=member, kind=f"other.kind{n}", channel="none")
    signed_in.get(SETTINGS)  # the site's navigation settings, created on first view

    # Session and member; the member's choices; Wagtail's user bar (2); the header's unread
    # count. The site and its navigation come from the cache.
    with django_assert_num_queries(6):
        signed_in.get(SETTINGS)


# The package's own views -------------------------------------------------------------


def test_the_packages_views_are_not_mounted():
    with pytest.raises(NoReverseMatch):
        reverse("notifications:mark_all_as_read")


@pytest.mark.parametrize("prefix", ["/inbox/notifications/", "/notifications/"])
def test_the_packages_state_changing_paths_are_404(signed_in, member, prefix):
    notification = Notification.objects.create(
        recipient=member, actor=member, verb="replied", data={"title": "T", "url": "/"}
    )
    slug = notification.pk
    for path in [
        "",
        "unread/",
        "mark-all-as-read/",
        f"mark-as-read/{slug}/",
        f"mark-as-unread/{slug}/",
        f"delete/{slug}/",
        "api/unread_list/?mark_as_read=true",
    ]:
        if prefix == "/notifications/" and path == "":
            continue  # our own centre
        assert signed_in.get(prefix + path).status_code == 404, path
    notification.refresh_from_db()
    assert notification.unread and not notification.deleted
