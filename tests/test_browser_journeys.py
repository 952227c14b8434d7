"""A newcomer's first visit, in a real Chromium: home, a pillar, sign-up, email, dashboard."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_newcomer_reads_a_pillar_signs_up_confirms_email_and_reaches_dashboard(
    live_server, page, seeded_site
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("Panorama", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile(r"/panorama/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("panorama", re.I))

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("marie.curie@biolab.example")
    page.get_by_label(re.compile(r"^Password:?$")).fill("A-long-unusual-passphrase-42")
    page.get_by_label(re.compile(r"Password \(again\)", re.I)).fill("A-long-unusual-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("verify", re.I))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/accounts/", 1)[1]
    page.goto(f"{live_server.url}/accounts/{path}")
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("dashboard", re.I))
    expect(page.get_by_text("marie.curie@biolab.example").first).to_be_visible()
