"""`accounts.notify.notify`, the call plugins make: each member's channel for the kind,
the in-site notifications, the emails the background task sends, and its query cost."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from accounts.models import NotificationPreference
from accounts.notify import notify
from accounts.tests.emails import link_in
from accounts.tests.kinds import INVITATION, JOIN, REPLY
from cobioe.plugins import NotificationKind, notification_kinds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_kinds")]


def send(recipients, kind=JOIN, **kw):
    kw = {
        "verb": "asked to join",
        "title": "Ada asks to join Biorefineries",
        "url": "/groups/biorefineries/members/",
        "description": "Ada Lovelace (Lovelace Labs) would like to join.",
        **kw,
    }
    return notify(kind, recipients, **kw)


def prefer(user, kind, channel):
    NotificationPreference.objects.create(user=user, kind=kind, channel=channel)


def in_site(user):
    return list(Notification.objects.filter(recipient=user))


def emailed_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_plugins_kinds_are_collected():
    kinds = notification_kinds()
    assert [key for key in kinds if key in (JOIN, INVITATION, REPLY)] == [JOIN, INVITATION, REPLY]
    assert kinds[REPLY].default == "site"


def test_a_kind_with_an_unknown_default_is_refused():
    with pytest.raises(ValueError, match="default"):
        NotificationKind("forum.x", "X", default="pigeon")


def test_an_undeclared_kind_is_refused_and_nothing_is_sent():
    ada = VerifiedUserFactory()
    with pytest.raises(ValueError, match="Undeclared notification kind: 'forum.typo'"):
        send([ada], kind="forum.typo")
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("channel", "site", "email"),
    [("site", True, False), ("email", False, True), ("both", True, True), ("none", False, False)],
)
def test_each_member_gets_what_they_chose(channel, site, email):
    ada, bob = VerifiedUserFactory(), VerifiedUserFactory()
    prefer(ada, JOIN, channel)
    prefer(bob, REPLY, "none")  # another kind's choice changes nothing here

    count = send([ada, bob])

    assert bool(in_site(ada)) is site
    assert bool(emailed_to(ada)) is email
    # Bob never chose for this kind: its default, both.
    assert len(in_site(bob)) == 1 and len(emailed_to(bob)) == 1
    assert count == (2 if site or email else 1)


def test_without_a_choice_the_kinds_default_applies():
    ada = VerifiedUserFactory()

    send([ada], kind=REPLY, verb="replied", title="Re: pilot plants")

    assert len(in_site(ada)) == 1
    assert mail.outbox == []  # the forum reply's default is the site only


def test_the_in_site_notification_carries_what_the_centre_shows():
    ada, bob = VerifiedUserFactory(), VerifiedUserFactory()
    group = ContentType.objects.get_for_model(NotificationPreference)  # any model will do
    target = NotificationPreference.objects.create(user=bob, kind="x.y", channel="none")

    send([ada], actor=bob, target=target, action_object=target)

    (notification,) = in_site(ada)
    assert notification.data == {
        "title": "Ada asks to join Biorefineries",
        "url": "/groups/biorefineries/members/",
        "kind": JOIN,
    }
    assert notification.public and notification.unread
    assert notification.verb == "asked to join"
    assert notification.description == "Ada Lovelace (Lovelace Labs) would like to join."
    assert notification.actor == bob
    assert notification.target_content_type == group
    assert notification.target == target and notification.action_object == target


def test_without_an_actor_the_site_acts_through_the_object():
    ada = VerifiedUserFactory()
    target = NotificationPreference.objects.create(user=ada, kind="x.y", channel="none")

    send([ada], target=target)
    send([ada])

    with_target, bare = sorted(in_site(ada), key=lambda n: n.target_object_id is None)
    assert with_target.actor == target
    assert bare.actor == ada


def test_inactive_members_are_skipped_and_each_member_counted_once():
    ada = VerifiedUserFactory()
    gone = VerifiedUserFactory(is_active=False)

    assert send([ada, gone, ada]) == 1

    assert len(in_site(ada)) == 1 and not in_site(gone)
    assert [m.to for m in mail.outbox] == [[ada.email]]


def test_nobody_to_notify_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert send([VerifiedUserFactory.build(is_active=False)]) == 0


def test_the_email_links_to_the_thing_and_to_the_settings():
    ada = VerifiedUserFactory(email="ada@example.org")
    prefer(ada, JOIN, "email")

    send([ada], title="Ada asks to join <Biorefineries>")

    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == "[COBIOE] Ada asks to join <Biorefineries>"
    assert link_in(message, "/groups/") == "/groups/biorefineries/members/"
    assert "http://testserver/groups/biorefineries/members/" in message.body
    assert link_in(message, "/notifications/settings/") == "/notifications/settings/"
    assert "Ada Lovelace (Lovelace Labs) would like to join." in message.body
    assert "Someone asks to join a group you coordinate" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://testserver/groups/biorefineries/members/"' in html
    assert 'href="http://testserver/notifications/settings/"' in html
    assert "Ada asks to join &lt;Biorefineries&gt;" in html


def test_the_task_reads_the_members_again():
    """An address changed or an account closed between the call and the task counts."""
    from accounts.tasks import send_notification_emails

    ada, bob = VerifiedUserFactory(), VerifiedUserFactory(is_active=False)

    sent = send_notification_emails.call(
        [ada.pk, bob.pk], kind=JOIN, title="T", url="/groups/", description=""
    )

    assert sent == 1 and [m.to for m in mail.outbox] == [[ada.email]]


@pytest.mark.parametrize("count", [1, 40])
def test_a_call_costs_the_same_queries_whatever_the_number(count, django_assert_num_queries):
    members = VerifiedUserFactory.create_batch(count)
    # Every third member keeps the default (both), so that one member already costs all.
    for member in members[1::3]:
        prefer(member, JOIN, "site")
    for member in members[2::3]:
        prefer(member, JOIN, "email")
    bob = VerifiedUserFactory()
    send([bob], actor=bob)  # ContentType's cache, as in a running site
    mail.outbox.clear()

    # The members' choices; the in-site notifications (one insert); the task, run at once
    # in tests: its members (one query).
    with django_assert_num_queries(3):
        send(members, actor=bob)

    site_ones = [m for i, m in enumerate(members) if i % 3 != 2]
    email_ones = [m for i, m in enumerate(members) if i % 3 != 1]
    assert Notification.objects.filter(recipient__in=members).count() == len(site_ones)
    assert len(mail.outbox) == len(email_ones)
