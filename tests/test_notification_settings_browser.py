"""A member chooses how they hear of each kind of notification, in Chromium, through the
radio buttons' labels; the page passes axe-core's audit with its form shown."""

import re

import pytest
from django.apps import apps

from accounts.factories import VerifiedUserFactory
from accounts.models import NotificationPreference
from cobioe.plugins import NotificationKind
from tests.test_accessibility import audit, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def declared_kinds(monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("workgroups"),
        "notification_kinds",
        (
            NotificationKind(
                "workgroups.join_request", "Someone asks to join a group you coordinate"
            ),
        ),
    )
    monkeypatch.setattr(
        apps.get_app_config("forum"),
        "notification_kinds",
        (NotificationKind("forum.reply", "Someone replies to a topic you follow", default="site"),),
    )


def test_a_member_chooses_by_label_and_saves(
    live_server, page, axe_script, seeded_site, declared_kinds
):
    member = VerifiedUserFactory()
    log_in(page, live_server.url, member.email)

    page.goto(live_server.url + "/notifications/")
    page.get_by_role("link", name="Choose how you hear of each kind of notification").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your notification settings"
    assert audit(page, axe_script) == []

    join = page.get_by_role("group", name="Someone asks to join a group you coordinate")
    reply = page.get_by_role("group", name="Someone replies to a topic you follow")
    assert join.get_by_role("radio", name="Both").is_checked()
    assert reply.get_by_role("radio", name="In the site").is_checked()
    join.get_by_label("By email").check()
    reply.get_by_label("None").check()
    page.get_by_role("button", name="Save your settings").click()

    page.wait_for_url(re.compile(r"/notifications/settings/$"))
    assert (
        page.get_by_role("status").inner_text().strip() == "Your notification settings are saved."
    )
    assert join.get_by_role("radio", name="By email").is_checked()
    assert dict(
        NotificationPreference.objects.filter(user=member).values_list("kind", "channel")
    ) == {"workgroups.join_request": "email", "forum.reply": "none"}
