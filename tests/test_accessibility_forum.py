"""The forum's pages pass the same audit as the main pages (axe-core WCAG 2.1 A and AA, one
h1, a title, landmarks), for a visitor and a member, on a desktop and on a phone."""

import pytest

from accounts.factories import VerifiedUserFactory
from forum.factories import create_reply, create_topic, sector_forum
from forum.links import forum_url, topic_url
from tests.test_accessibility import VIEWPORTS, audit, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_forum_pages_pass_the_accessibility_audit(
    live_server, browser, axe_script, seeded_site, device
):
    forum = sector_forum(name="Process development")
    topic = create_topic(forum, subject="Single-use bioreactors", content="Who uses **them**?")
    create_reply(topic, content="We do, see [our note](https://example.org).")
    member = VerifiedUserFactory()
    context = browser.new_context(locale="en-GB", **VIEWPORTS[device])
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures = {}

    def check(path):
        response = page.goto(live_server.url + path)
        problems = [] if response.status == 200 else [f"HTTP {response.status}"]
        problems += audit(page, axe_script)
        if problems:
            failures[path] = problems

    try:
        for path in ("/forum/", forum_url(forum), topic_url(topic)):
            check(path)
        log_in(page, live_server.url, member.email)
        for path in (
            "/forum/",
            topic_url(topic),
            f"/forum/forum/{forum.slug}-{forum.pk}/topic/create/",
            f"/forum/member/topic/{topic.pk}/subscribe/",
        ):
            check(path)
    finally:
        context.close()
    assert failures == {}
