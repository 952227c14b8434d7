"""The actors' main journey, in a real Chromium: a newcomer signs up and puts their
organisation on the map at Production for cell therapy, staff approve it in the admin, and
it shows in the directory filtered by that stage, in the map data and in the CSV."""

import csv
import io
import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD, VerifiedUserFactory
from actors.admin_views import organisation_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ORGANISATION = "Helixforge Cell Therapies"
EMAIL = "ada.lovelace@helixforge.example"
PASSWORD = "A-long-unusual-passphrase-42"


def field(page, label):
    """A form field by its label, which Django ends with a colon."""
    return page.get_by_label(re.compile(rf"^{label}:?$"))


def sign_up(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)", re.I)).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def put_organisation_on_the_map(page):
    panel = page.get_by_role("region", name="Your organisation")
    panel.get_by_role("link", name=re.compile("join|put|find", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the map")
    page.get_by_label("Name or acronym of your organisation").fill(ORGANISATION)
    page.get_by_role("search", name="Organisations on the map").get_by_role(
        "button", name="Search"
    ).click()
    page.get_by_role("link", name="Create a new organisation").click()

    # Step 1: who you are.
    field(page, "Name").fill(ORGANISATION)
    field(page, "Actor type").select_option(label="CDMO / CMO")
    field(page, "Country").select_option(label="France")
    field(page, "Website").fill("https://helixforge.example")
    field(page, "Description").fill("Clinical manufacturing of autologous CAR-T cells.")
    page.get_by_role("button", name=re.compile("continue", re.I)).click()

    # Step 2: where you are.
    field(page, "City").fill("Évry-Courcouronnes")
    field(page, "Latitude").fill("48.6294")
    field(page, "Longitude").fill("2.4417")
    page.get_by_role("button", name=re.compile("continue", re.I)).click()

    # Step 3: where you stand on the value chain.
    page.get_by_role("checkbox", name=re.compile(r"^Production\b")).check()
    page.get_by_role("checkbox", name="Cell therapy").check()
    page.get_by_role("button", name=re.compile("continue", re.I)).click()

    # Step 4: what you offer and seek.
    field(page, "Capabilities").fill("GMP cleanrooms for cell therapy batches.")
    page.get_by_role("button", name=re.compile("continue|save", re.I)).first.click()

    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text(re.compile("pending review", re.I)).first).to_be_visible()


def test_new_member_puts_organisation_on_map_and_staff_approve_it(
    live_server, page, browser, vocabularies
):
    sign_up(page, live_server)
    put_organisation_on_the_map(page)

    # Not public yet: the directory does not list it.
    anonymous = browser.new_context()
    visitor = anonymous.new_page()
    visitor.goto(live_server.url + "/actors/?stage=production")
    expect(visitor.get_by_role("link", name=ORGANISATION)).to_have_count(0)

    staff = VerifiedUserFactory(email="editor@cobioe.example", is_staff=True, is_superuser=True)
    staff_context = browser.new_context()
    admin = staff_context.new_page()
    admin.goto(live_server.url + "/accounts/login/")
    admin.get_by_label("Email").fill(staff.email)
    admin.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    approve_in_admin(admin, live_server)

    # The member hears of it.
    assert any(ORGANISATION in message.body for message in mail.outbox[1:])

    visitor.goto(live_server.url + "/actors/?stage=production")
    visitor.get_by_role("link", name=ORGANISATION).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ORGANISATION)

    geojson = json.loads(
        visitor.request.get(live_server.url + "/actors/map.geojson?stage=production").text()
    )
    assert ORGANISATION in [f["properties"]["name"] for f in geojson["features"]]

    exported = visitor.request.get(
        live_server.url + "/actors/export.csv?stage=production&technology=cell-therapy"
    ).text()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [row["name"] for row in rows] == [ORGANISATION]
    anonymous.close()
    staff_context.close()


def approve_in_admin(admin, live_server):
    """Staff find the organisation among those pending review and approve it in bulk."""
    admin.goto(live_server.url + "/admin/")
    admin.goto(live_server.url + organisation_url("list") + "?status=pending")
    row = admin.get_by_role("row").filter(has_text=ORGANISATION)
    row.get_by_role("checkbox").check()
    admin.get_by_role("link", name="Approve the selected organisations").click()
    admin.get_by_role("button", name="Yes, approve").click()
    expect(admin.get_by_text(re.compile("approved", re.I)).first).to_be_visible()
