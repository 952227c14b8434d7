"""The pages of joining and managing an organisation pass the accessibility audit, with
unique titles, including a form refused for bad input."""

import pytest

from accounts.factories import VerifiedUserFactory
from actors.factories import MembershipFactory, OrganisationFactory
from actors.invitations import make_token
from actors.models import Organisation
from tests.test_accessibility import audit, log_in

Status = Organisation.Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_joining_pages_pass_the_accessibility_audit(live_server, browser, axe_script):
    user = VerifiedUserFactory(email="ada@example.org")
    draft = OrganisationFactory(name="Draft Bio", status=Status.DRAFT, stages=["production"])
    MembershipFactory(organisation=draft, user=user)
    MembershipFactory(organisation=draft, user=None, email="bob@example.org", state="invited")
    published = OrganisationFactory(name="Imported Institute", source="ror")
    invitation = MembershipFactory(
        organisation=published, user=user, role="member", state="invited"
    )
    paths = [
        "/dashboard/",
        "/actors/join/?q=institute",
        "/actors/new/",
        f"/actors/manage/{draft.slug}/",
        f"/actors/manage/{draft.slug}/identity/",
        f"/actors/manage/{draft.slug}/location/",
        f"/actors/manage/{draft.slug}/value-chain/",
        f"/actors/manage/{draft.slug}/offers/",
        f"/actors/manage/{draft.slug}/members/",
        f"/actors/{OrganisationFactory(name='Other Institute').slug}/claim/",
        f"/actors/invitations/{make_token(invitation)}/",
        "/actors/invitations/nonsense/",
        "/actors/me/",
    ]
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failures, titles = {}, {}
    try:
        log_in(page, live_server.url, user.email)
        for url in paths:
            page.goto(live_server.url + url)
            titles.setdefault(page.title(), []).append(url)
            problems = audit(page, axe_script)
            if problems:
                failures[url] = problems
        # A refused form too: its errors must be announced and tied to their fields.
        page.goto(live_server.url + f"/actors/manage/{draft.slug}/location/")
        # The browser's own range check would stop the form first; the server's is tested.
        page.evaluate("document.querySelector('main form').noValidate = true")
        page.get_by_label("Latitude").fill("91")
        page.get_by_label("Longitude").fill("2")
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_text("The latitude must be between -90 and 90 degrees.").wait_for()
        if problems := audit(page, axe_script):
            failures["location with errors"] = problems
    finally:
        context.close()
    shared = {title: urls for title, urls in titles.items() if len(urls) > 1}
    assert not shared, f"titles shared by several pages: {shared}"
    assert not failures, "\n".join(f"{url}: {problems}" for url, problems in failures.items())
