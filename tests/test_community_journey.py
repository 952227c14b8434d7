"""The community's main journey, in a real Chromium: a member asks to join a members-only
working group; the coordinator sees the notification and approves; the member is told,
and opens a topic in the group's forum; another member is told of the topic and replies;
the first member sees the reply's notification and marks it read. An outsider sees none of
it, by URL either."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page, Site

from accounts.factories import DEFAULT_PASSWORD, VerifiedUserFactory
from actors.factories import MemberProfileFactory
from home.factories import HomePageFactory
from workgroups.factories import (
    MembershipFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from workgroups.models import WorkingGroupPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBJECT = "Sharing a viral-vector suite between two sites"
MESSAGE = "Could we pool our AAV runs next quarter? Our suite has free slots."
REPLY = "Yes: we have two runs planned in March."


def sign_in(browser, live_server, user):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    return page


def person(email, name):
    user = VerifiedUserFactory(email=email)
    MemberProfileFactory(user=user, display_name=name)
    return user


@pytest.fixture
def private_group(db):
    from home.management.commands.seed_demo import DemoSeeder

    DemoSeeder.ensure_wagtail_roots()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "COBIOE"},
    )
    index = WorkingGroupIndexPageFactory(parent=home)
    group = WorkingGroupPageFactory(
        parent=index,
        title="Viral vector capacity",
        slug="viral-vector-capacity",
        visibility=WorkingGroupPage.Visibility.MEMBERS,
        join_policy=WorkingGroupPage.JoinPolicy.REQUEST,
    )
    # Published as staff do in the admin: the forum plugin makes the group's forum.
    group.save_revision().publish()
    return group


def test_join_approve_topic_reply_and_read_the_notification(live_server, browser, private_group):
    coordinator = person("coordinator@cobioe.example", "Camille Coordinator")
    applicant = person("applicant@cobioe.example", "Ana Applicant")
    colleague = person("colleague@cobioe.example", "Colm Colleague")
    outsider = person("outsider@cobioe.example", "Otto Outsider")
    MembershipFactory(group=private_group, user=coordinator, coordinator=True)
    MembershipFactory(group=private_group, user=colleague)
    group_url = f"{live_server.url}{private_group.url}"

    # The applicant finds the group, sees that its content is for members, and asks to join.
    ana = sign_in(browser, live_server, applicant)
    ana.goto(group_url)
    expect(ana.get_by_role("heading", level=1)).to_have_text("Viral vector capacity")
    expect(ana.get_by_text("Colm Colleague")).to_have_count(0)
    ana.get_by_role("button", name="Ask to join this group").click()
    expect(ana.get_by_role("button", name="Withdraw my request")).to_be_visible()

    # The coordinator is told, follows the notification to the group page and approves.
    camille = sign_in(browser, live_server, coordinator)
    camille.goto(f"{live_server.url}/notifications/")
    camille.get_by_role("link", name=re.compile("Viral vector capacity")).first.click()
    expect(camille).to_have_url(re.compile(re.escape(private_group.url)))
    camille.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(camille.get_by_role("button", name=re.compile(r"^Approve"))).to_have_count(0)

    # The applicant is told, and from the group page goes to its forum to open a topic.
    ana.goto(f"{live_server.url}/notifications/")
    expect(ana.get_by_role("link", name=re.compile("Viral vector capacity")).first).to_be_visible()
    ana.goto(group_url)
    expect(ana.get_by_text("Colm Colleague").first).to_be_visible()
    ana.goto(f"{live_server.url}/forum/")
    ana.get_by_role("link", name="Viral vector capacity").first.click()
    ana.get_by_role("link", name="New topic").click()
    ana.get_by_label(re.compile(r"^Subject")).fill(SUBJECT)
    ana.get_by_label(re.compile(r"^Message")).fill(MESSAGE)
    ana.get_by_role("button", name="Publish").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    topic_url = ana.url

    # The colleague is told of the new topic and replies.
    colm = sign_in(browser, live_server, colleague)
    colm.goto(f"{live_server.url}/notifications/")
    colm.get_by_role(
        "link", name=re.compile("Ana Applicant started .*" + re.escape(SUBJECT))
    ).click()
    expect(colm.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    colm.get_by_role("link", name=re.compile(r"^Reply")).first.click()
    colm.get_by_label(re.compile(r"^Message")).fill(REPLY)
    colm.get_by_role("button", name="Publish").click()
    expect(colm.get_by_text(REPLY)).to_be_visible()

    # The applicant, who follows the topic they opened, sees the reply's notification,
    # reads it and marks it read.
    ana.goto(f"{live_server.url}/notifications/")
    expect(ana.get_by_text("You have 2 unread notifications.")).to_be_visible()
    ana.get_by_role("button", name=re.compile(r"^Mark as read\s*:.*" + re.escape(SUBJECT))).click()
    expect(ana.get_by_text("You have 1 unread notification.")).to_be_visible()
    ana.get_by_role("button", name=re.compile(r"^Mark as read")).first.click()
    expect(ana.get_by_text("You have 0 unread notifications.")).to_be_visible()

    # The outsider sees neither the members nor the forum, not even by its URL.
    otto = sign_in(browser, live_server, outsider)
    response = otto.goto(topic_url)
    assert response.status == 404
    otto.goto(group_url)
    expect(otto.get_by_text(REPLY)).to_have_count(0)
    expect(otto.get_by_text("Ana Applicant")).to_have_count(0)
    otto.goto(f"{live_server.url}/notifications/")
    expect(otto.get_by_text("You have 0 unread notifications.")).to_be_visible()
