"""The newsroom's main journey, in a real Chromium: an editor publishes an article tagged
cell therapy in the Wagtail admin; a member who follows cell therapy sees it in "My
monitoring", gets it in the next email digest, and not in the one after."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from accounts.factories import DEFAULT_PASSWORD, VerifiedUserFactory
from actors.factories import MemberProfileFactory
from actors.models import Technology
from home.factories import HomePageFactory
from news.digest import send_digests
from news.factories import NewsIndexPageFactory, SubscriptionFactory
from news.models import NewsPage, Subscription

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Évry opens a shared GMP suite for CAR-T batches"
SUMMARY = "A new cleanroom suite lets start-ups make clinical batches of cell therapies."


def sign_in(context, live_server, email):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    return page


@pytest.fixture
def newsroom(db, vocabularies):
    """A site whose home page holds the news index (the flush of an earlier transactional
    test leaves no roots: ensure_wagtail_roots in seed_demo rebuilds them the same way)."""
    from home.management.commands.seed_demo import DemoSeeder

    DemoSeeder.ensure_wagtail_roots()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "COBIOE"},
    )
    return NewsIndexPageFactory(parent=home)


def test_editor_publishes_and_follower_sees_it_then_gets_it_once_by_email(
    live_server, browser, newsroom
):
    editor = VerifiedUserFactory(email="editor@cobioe.example", is_staff=True, is_superuser=True)
    follower = VerifiedUserFactory(email="follower@cobioe.example")
    profile = MemberProfileFactory(user=follower)
    profile.interest_technologies.set([Technology.objects.get(slug="cell-therapy")])
    SubscriptionFactory(
        user=follower,
        digest=Subscription.Digest.DAILY,
        digest_since=timezone.now() - datetime.timedelta(days=1),
    )
    bystander = VerifiedUserFactory(email="bystander@cobioe.example")
    SubscriptionFactory(user=bystander, topics=["events"], digest=Subscription.Digest.DAILY)

    # The editor writes and publishes the article in the admin.
    editor_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    admin = sign_in(editor_context, live_server, editor.email)
    admin.goto(f"{live_server.url}/admin/pages/{newsroom.pk}/")
    admin.get_by_role("link", name=re.compile(r"^Add child page", re.I)).first.click()
    admin.get_by_label(re.compile(r"^Title")).first.fill(TITLE)
    admin.get_by_label(re.compile(r"^Summary")).fill(SUMMARY)
    admin.get_by_role("checkbox", name="Cell therapy", exact=True).check()
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text(re.compile("published", re.I)).first).to_be_visible()
    article = NewsPage.objects.get(title=TITLE)
    assert article.live
    editor_context.close()

    # The follower sees it in "My monitoring", with the reason.
    member_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    member = sign_in(member_context, live_server, follower.email)
    monitoring = member.get_by_role("region", name="My monitoring")
    expect(monitoring.get_by_role("link", name=TITLE)).to_be_visible()
    expect(monitoring.get_by_text(re.compile("Cell therapy"))).to_be_visible()
    member.get_by_role("link", name="All the news of your fields").first.click()
    expect(member.get_by_role("link", name=TITLE)).to_be_visible()
    member_context.close()

    # The next digest brings it, to the follower only; the one after does not.
    mail.outbox.clear()
    send_digests(now=timezone.now() + datetime.timedelta(days=1))
    to_follower = [m for m in mail.outbox if m.to == [follower.email]]
    assert len(to_follower) == 1
    assert TITLE in to_follower[0].body
    html = to_follower[0].alternatives[0][0]
    assert TITLE in html and article.url in html
    assert not any(TITLE in m.body for m in mail.outbox if m.to != [follower.email])

    mail.outbox.clear()
    send_digests(now=timezone.now() + datetime.timedelta(days=2))
    assert not any(TITLE in m.body for m in mail.outbox)
