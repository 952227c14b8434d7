"""The notification centre at /notifications/, its actions, the header's unread count and
the dashboard's box. Plugins create the notifications; here they are made directly."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone
from notifications.models import Notification
from wagtail.models import Page, Site

from accounts.context_processors import notifications as notifications_context
from accounts.factories import VerifiedUserFactory
from accounts.views import DASHBOARD_NOTIFICATIONS, NOTIFICATIONS_PER_PAGE
from home.factories import HomePageFactory

pytestmark = pytest.mark.django_db

CENTRE = "/notifications/"


def notify(recipient, title="Cell therapy plant opens", url="/news/plant/", minutes_ago=0, **kw):
    """A notification as a plugin makes it: its title and address in `data`."""
    return Notification.objects.create(
        recipient=recipient,
        actor=recipient,
        verb="published",
        description=kw.pop("description", "A new article in your fields."),
        timestamp=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        data={"title": title, "url": url},
        **kw,
    )


def entries(html) -> list[str]:
    """The titles listed in the centre, in order."""
    listing = html.split('class="item-list notification-list"', 1)[1].split("</ul>", 1)[0]
    return [unescape(title) for title in re.findall(r"<h2>(?:<a [^>]*>)?([^<]*)", listing)]


def text(fragment) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.fixture
def ada(db):
    return VerifiedUserFactory(email="ada@example.org")


@pytest.fixture
def signed_in(client, ada):
    client.force_login(ada)
    return client


# The centre ----------------------------------------------------------------------------


def test_the_centre_asks_a_visitor_to_sign_in(client):
    response = client.get(CENTRE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_centre_lists_the_members_notifications_newest_first(signed_in, ada):
    notify(ada, title="Older", minutes_ago=30)
    notify(ada, title="Newest", minutes_ago=1)
    notify(ada, title="Middle", minutes_ago=10)
    notify(VerifiedUserFactory(), title="Someone else's")
    notify(ada, title="Withdrawn", public=False)  # its article went out of view

    response = signed_in.get(CENTRE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Your notifications · COBIOE</title>" in html
    assert entries(html) == ["Newest", "Middle", "Older"]


def test_unread_notifications_stand_out_and_link_to_their_target(signed_in, ada):
    notify(ada, title="Unread piece", url="/news/unread-piece/")
    notify(ada, title="Read piece", url="/news/read-piece/", unread=False, minutes_ago=5)

    html = signed_in.get(CENTRE).content.decode()

    unread, read = html.split('class="item-list notification-list"', 1)[1].split("</li>")[:2]
    assert 'class="is-unread"' in unread and "Unread" in text(unread)
    assert '<a href="/news/unread-piece/">Unread piece</a>' in unread
    assert "is-unread" not in read and "Mark as read" not in read
    assert '<a href="/news/read-piece/">Read piece</a>' in read
    assert "You have 1 unread notification." in html


def test_a_notification_without_an_address_links_to_its_objects_own(signed_in, ada):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Welcome", slug="welcome")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Notification.objects.create(recipient=ada, actor=home, verb="updated", action_object=home)

    html = signed_in.get(CENTRE).content.decode()

    assert '<a href="/">Welcome</a>' in html


def test_an_address_that_is_not_a_web_page_is_not_linked(signed_in, ada):
    notify(ada, title="Suspicious", url="javascript:alert(1)")

    html = signed_in.get(CENTRE).content.decode()

    assert "javascript:" not in html
    assert "<h2>Suspicious</h2>" in html


def test_titles_and_descriptions_are_escaped(signed_in, ada):
    notify(ada, title="<script>alert(1)</script>", description="<b>bold</b>")

    html = signed_in.get(CENTRE).content.decode()

    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_centre_is_paginated(signed_in, ada):
    for minutes in range(NOTIFICATIONS_PER_PAGE + 3):
        notify(ada, title=f"Notice {minutes}", minutes_ago=minutes)

    first = signed_in.get(CENTRE).content.decode()
    second = signed_in.get(CENTRE, {"page": 2}).content.decode()
    beyond = signed_in.get(CENTRE, {"page": 999}).content.decode()

    assert entries(first) == [f"Notice {m}" for m in range(NOTIFICATIONS_PER_PAGE)]
    assert entries(second) == [f"Notice {m}" for m in range(NOTIFICATIONS_PER_PAGE, 23)]
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "<title>Your notifications, page 2 · COBIOE</title>" in second
    assert entries(beyond) == entries(second)


def test_an_empty_centre_says_so(signed_in):
    html = signed_in.get(CENTRE).content.decode()
    assert "No notifications yet." in html
    assert "Mark all as read" not in html


@pytest.mark.parametrize("count", [1, 50])
def test_the_centre_costs_the_same_queries_whatever_the_number(
    signed_in, ada, count, django_assert_num_queries
):
    for minutes in range(count):
        notify(ada, title=f"Notice {minutes}", minutes_ago=minutes, unread=minutes % 2 == 0)
    signed_in.get(CENTRE)  # the first page view creates the site's navigation settings

    # Session and member; the page's count and rows; the member's permissions (Wagtail's
    # user bar, 2); the unread count, shared by the header and the heading. The site and
    # its navigation (the header's menu) come from the cache.
    with django_assert_num_queries(7):
        response = signed_in.get(CENTRE)
    assert len(entries(response.content.decode())) == min(count, NOTIFICATIONS_PER_PAGE)


# Marking as read -----------------------------------------------------------------------


def test_marking_one_as_read(signed_in, ada):
    notification = notify(ada)
    other = notify(ada, title="Still unread")

    response = signed_in.post(f"{CENTRE}{notification.pk}/read/", {"next": f"{CENTRE}?page=1"})

    assert response.status_code == 302 and response["Location"] == f"{CENTRE}?page=1"
    notification.refresh_from_db()
    other.refresh_from_db()
    assert not notification.unread and other.unread
    assert "Notification marked as read." in signed_in.get(CENTRE).content.decode()


def test_marking_as_read_is_post_only(signed_in, ada):
    notification = notify(ada)

    assert signed_in.get(f"{CENTRE}{notification.pk}/read/").status_code == 405
    assert signed_in.get(f"{CENTRE}read/").status_code == 405
    notification.refresh_from_db()
    assert notification.unread


@pytest.mark.parametrize("whose", ["someone else's", "withdrawn", "missing"])
def test_marking_a_notification_that_is_not_the_members_is_404(signed_in, ada, whose):
    notification = {
        "someone else's": lambda: notify(VerifiedUserFactory()),
        "withdrawn": lambda: notify(ada, public=False),
        "missing": lambda: None,
    }[whose]()
    pk = notification.pk if notification else 999_999

    assert signed_in.post(f"{CENTRE}{pk}/read/").status_code == 404
    assert Notification.objects.filter(unread=False).count() == 0


def test_a_forged_id_is_404(signed_in):
    assert signed_in.post(f"{CENTRE}abc/read/").status_code == 404


def test_marking_requires_the_csrf_token(ada):
    notification = notify(ada)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)

    assert client.post(f"{CENTRE}{notification.pk}/read/").status_code == 403
    assert client.post(f"{CENTRE}read/").status_code == 403
    notification.refresh_from_db()
    assert notification.unread


def test_marking_all_as_read_leaves_other_members_alone(signed_in, ada):
    for _ in range(3):
        notify(ada)
    theirs = notify(VerifiedUserFactory())

    response = signed_in.post(f"{CENTRE}read/")

    assert response.status_code == 302 and response["Location"] == CENTRE
    assert not Notification.objects.filter(recipient=ada, unread=True).exists()
    theirs.refresh_from_db()
    assert theirs.unread
    html = signed_in.get(CENTRE).content.decode()
    assert "All your notifications are marked as read." in html
    assert "You have 0 unread notifications." in html


def test_after_an_action_the_member_never_leaves_for_another_site(signed_in, ada):
    notification = notify(ada)

    response = signed_in.post(f"{CENTRE}{notification.pk}/read/", {"next": "https://evil.example/"})

    assert response["Location"] == CENTRE


# The header and the dashboard ----------------------------------------------------------


def header_link(html) -> str:
    account_nav = html.split('aria-label="Account"', 1)[1].split("</nav>", 1)[0]
    return re.search(r'<a href="/notifications/"[^>]*>(.*?)</a>', account_nav).group(1)


def test_the_header_says_how_many_are_unread(signed_in, ada):
    for _ in range(3):
        notify(ada)
    notify(ada, unread=False)
    notify(ada, public=False)

    html = signed_in.get("/dashboard/").content.decode()

    assert text(header_link(html)) == "Notifications, 3 unread"


def test_the_header_links_to_the_centre_without_a_count_when_all_is_read(signed_in, ada):
    notify(ada, unread=False)

    html = signed_in.get(CENTRE).content.decode()

    assert text(header_link(html)) == "Notifications"
    assert '<a href="/notifications/" aria-current="page">' in html


def test_the_unread_count_is_counted_once_and_only_when_shown(rf, ada, django_assert_num_queries):
    notify(ada)
    request = rf.get("/")
    request.user = ada

    with django_assert_num_queries(0):
        context = notifications_context(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 1
        assert context["unread_notifications"]() == 1


def test_a_visitor_has_no_unread_count(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert notifications_context(request) == {}


def test_the_dashboard_lists_the_latest_unread(signed_in, ada, monkeypatch):
    monkeypatch.setattr("accounts.views.dashboard_panels", list)
    for minutes in range(DASHBOARD_NOTIFICATIONS + 2):
        notify(ada, title=f"Unread {minutes}", minutes_ago=minutes)
    notify(ada, title="Already read", unread=False)

    html = signed_in.get("/dashboard/").content.decode()

    box = html.split('id="panel-notifications-title"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r"<h3><a [^>]*>([^<]*)</a></h3>", box)
    assert titles == [f"Unread {m}" for m in range(DASHBOARD_NOTIFICATIONS)]
    assert "7 unread notifications." in box
    assert 'href="/notifications/"' in box


def test_the_dashboard_box_marks_as_read_and_comes_back(signed_in, ada):
    notification = notify(ada)

    response = signed_in.post(f"{CENTRE}{notification.pk}/read/", {"next": "/dashboard/"})

    assert response["Location"] == "/dashboard/"
    notification.refresh_from_db()
    assert not notification.unread


def test_the_dashboard_box_says_when_nothing_is_new(signed_in, monkeypatch):
    monkeypatch.setattr("accounts.views.dashboard_panels", list)
    html = signed_in.get("/dashboard/").content.decode()
    box = html.split('id="panel-notifications-title"', 1)[1].split("</section>", 1)[0]
    assert "Nothing new." in box
