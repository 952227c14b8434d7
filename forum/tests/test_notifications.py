"""What the forum tells whom: new topics to the group, replies to followers, mentions, reports
to moderators; never to the author, never to someone who cannot read the forum."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory
from forum import notifications
from forum.community.models import PostReport
from forum.factories import create_reply, create_topic, sector_forum
from forum.groups import forum_of_group
from workgroups.models import Membership

pytestmark = pytest.mark.django_db

NO_ATTACHMENT = {"attachment-TOTAL_FORMS": "0", "attachment-INITIAL_FORMS": "0"}


def told(kind):
    return {n.recipient.email for n in Notification.objects.filter(data__kind=kind)}


def post_topic(client, user, forum, subject="Agenda", content="Let us meet."):
    client.force_login(user)
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    response = client.post(url, {"subject": subject, "content": content, **NO_ATTACHMENT})
    assert response.status_code == 302
    return forum.topics.get(subject=subject)


def post_reply(client, user, topic, content="Agreed."):
    client.force_login(user)
    url = reverse(
        "forum_conversation:post_create",
        args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
    )
    response = client.post(url, {"subject": "Re", "content": content, **NO_ATTACHMENT})
    assert response.status_code == 302


def test_new_topic_in_a_group_forum_tells_its_members_not_the_author(
    client, people, private_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(client, people["member"], forum)
    assert told("forum.new_topic") == {"coordinator@example.org"}
    notification = Notification.objects.get(data__kind="forum.new_topic")
    assert notification.data["url"].startswith("/forum/")
    assert any("Agenda" in m.subject for m in mail.outbox)


def test_reply_tells_the_followers_who_can_still_read(
    client, people, private_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        topic = post_topic(client, people["member"], forum)
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, people["coordinator"], topic)
    # The author of the topic follows it; the one replying now does too.
    assert told("forum.reply") == {"member@example.org"}
    assert set(topic.subscribers.values_list("email", flat=True)) == {
        "member@example.org",
        "coordinator@example.org",
    }

    # The member leaves the group: no more news of its forum, and the old ones are hidden.
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(group=private_group, user=people["member"]).delete()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, people["staff"], topic, content="Closing this.")
    assert told("forum.reply") == {"coordinator@example.org"}


def test_leaving_a_private_group_hides_its_forum_notifications(
    client, people, private_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(client, people["coordinator"], forum)
    assert Notification.objects.filter(recipient=people["member"], public=True).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(group=private_group, user=people["member"]).delete()
    assert Notification.objects.filter(recipient=people["member"], public=True).count() == 0


def test_mention_tells_a_reader_and_never_an_outsider(
    client, people, private_group, django_capture_on_commit_callbacks
):
    MemberProfileFactory(user=people["coordinator"], display_name="Marie Curie")
    MemberProfileFactory(user=people["outsider"], display_name="Otto Sider")
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(
            client,
            people["member"],
            forum,
            content="@Marie Curie, and @Otto Sider, see this. mail@Marie Curie is no mention.",
        )
    assert told("forum.mention") == {"coordinator@example.org"}
    # Mentioned, she is not told twice of the same post.
    assert told("forum.new_topic") == set()


def test_mention_in_a_sector_forum(client, people, django_capture_on_commit_callbacks):
    MemberProfileFactory(user=people["outsider"], display_name="Otto Sider")
    forum = sector_forum()
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(client, people["member"], forum, content="Hello @otto sider!")
    assert told("forum.mention") == {"outsider@example.org"}


def test_notifications_give_the_post_as_plain_text_not_markdown(
    client, people, private_group, django_capture_on_commit_callbacks
):
    MemberProfileFactory(user=people["coordinator"], display_name="Marie Curie")
    content = (
        "@Marie Curie **see** [this](javascript:alert(1)) and [our site](https://cobioe.eu),\n"
        "`code` &amp; *more*\n\n- one\n- two"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(client, people["member"], forum_of_group(private_group), content=content)
    notification = Notification.objects.get(data__kind="forum.mention")
    expected = "@Marie Curie see this and our site, code & more one two"
    assert notification.description == expected
    [email] = [m for m in mail.outbox if "mentioned you" in m.subject]
    assert expected in email.body
    assert "**" not in email.body and "](" not in email.body

    # Cut at 140 characters as before, on the text.
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(
            client,
            people["member"],
            forum_of_group(private_group),
            subject="Long",
            content="**" + " ".join(["word"] * 100) + "**",
        )
    # (The first topic told nobody of a new topic: its one other reader was mentioned.)
    long = Notification.objects.get(data__kind="forum.new_topic")
    assert len(long.description) == 140
    assert long.description.startswith("word word") and "*" not in long.description


@pytest.mark.parametrize("place", ["public", "private"])
def test_report_reaches_the_forum_moderators(
    client, people, places, place, django_capture_on_commit_callbacks
):
    topic = places[place]["topic"]
    post = topic.first_post
    client.force_login(people["coordinator"])
    url = reverse("forum_community:report_post", args=[post.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Off topic"})
    assert response.status_code == 302
    assert told("forum.report") == {"staff@example.org"}  # the reporter is not told
    notification = Notification.objects.get(data__kind="forum.report")
    assert notification.description == "Off topic"


def test_report_by_a_member_tells_coordinator_and_staff(
    client, people, places, django_capture_on_commit_callbacks
):
    post = places["private"]["topic"].first_post
    client.force_login(people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum_community:report_post", args=[post.pk]))
    assert told("forum.report") == {"staff@example.org", "coordinator@example.org"}


def test_a_member_reports_a_post_once_a_day(
    client, people, places, django_capture_on_commit_callbacks
):
    post = places["private"]["topic"].first_post
    url = reverse("forum_community:report_post", args=[post.pk])
    client.force_login(people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Spam"})
    assert Notification.objects.filter(data__kind="forum.report").count() == 2
    emails = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Spam, really"}, follow=True)
    assert "You have already reported this post; the moderators have been told." in (
        response.content.decode()
    )
    assert Notification.objects.filter(data__kind="forum.report").count() == 2
    assert len(mail.outbox) == emails
    report = PostReport.objects.get()
    assert (report.post, report.reporter, report.reason) == (post, people["member"], "Spam")

    # Another member's report of the same post is news.
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Indeed"})
    assert Notification.objects.filter(data__kind="forum.report").count() == 3

    # A day later, the member may report it again.
    PostReport.objects.update(reported=timezone.now() - timedelta(hours=25))
    client.force_login(people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Still there"}, follow=True)
    assert "the moderators of this forum have been told" in response.content.decode()
    assert Notification.objects.filter(data__kind="forum.report").count() == 5
    assert PostReport.objects.get(reporter=people["member"]).reason == "Still there"


def test_a_long_report_reason_is_cut_everywhere(
    client, people, places, django_capture_on_commit_callbacks
):
    post = places["public"]["topic"].first_post
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum_community:report_post", args=[post.pk]), {"reason": "x" * 5000})
    assert len(PostReport.objects.get().reason) == 500
    notification = Notification.objects.get(data__kind="forum.report")
    assert len(notification.description) <= 500
    assert all("x" * 501 not in message.body for message in mail.outbox)
    # The notification cuts what it is given whoever calls it.
    Notification.objects.all().delete()
    notifications.report(post, people["coordinator"], "y" * 5000)
    assert len(Notification.objects.get(data__kind="forum.report").description) <= 500


def test_reports_are_read_only_in_the_admin(client, people, places):
    post = places["public"]["topic"].first_post
    PostReport.objects.create(post=post, reporter=people["member"], reason="Rude")
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    changelist = client.get(reverse("admin:forum_community_postreport_changelist"))
    assert "Rude" in changelist.content.decode()
    assert client.get(reverse("admin:forum_community_postreport_add")).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_an_outsider_cannot_report_a_private_post(client, people, places, role):
    post = places["private"]["topic"].first_post
    if role != "anonymous":
        client.force_login(people[role])
    response = client.post(reverse("forum_community:report_post", args=[post.pk]))
    assert response.status_code == (404 if role == "outsider" else 302)
    assert not Notification.objects.exists()


def test_sector_topic_tells_nobody_but_reply_tells_followers(
    client, people, django_capture_on_commit_callbacks
):
    forum = sector_forum()
    with django_capture_on_commit_callbacks(execute=True):
        topic = create_topic(forum, people["member"])
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        create_reply(topic, VerifiedUserFactory(email="someone@example.org"))
    assert told("forum.reply") == {"member@example.org"}


def test_leaving_a_private_group_ends_following_its_topics(
    client, people, private_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        topic = post_topic(client, people["member"], forum, subject="Secret plan")
    client.force_login(people["member"])
    following = reverse("forum_member:user_subscriptions")
    assert "Secret plan" in client.get(following).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(group=private_group, user=people["member"]).delete()
    assert not topic.subscribers.filter(pk=people["member"].pk).exists()
    assert "Secret plan" not in client.get(following).content.decode()


def test_a_public_group_turned_members_only_hides_its_forum_from_outsiders(
    client, people, public_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(public_group)
    with django_capture_on_commit_callbacks(execute=True):
        topic = post_topic(client, people["member"], forum, subject="Open talk")
    topic.subscribers.add(people["outsider"])  # anyone may follow a public group's topic
    Notification.objects.create(
        recipient=people["outsider"],
        actor=people["member"],
        verb="replied",
        target=forum,
        data={"title": "x", "url": "/", "kind": "forum.reply"},
    )
    public_group.visibility = "members"
    with django_capture_on_commit_callbacks(execute=True):
        public_group.save_revision().publish()
    assert not topic.subscribers.filter(pk=people["outsider"].pk).exists()
    assert not Notification.objects.filter(recipient=people["outsider"], public=True).exists()
    assert Notification.objects.filter(recipient=people["coordinator"], public=True).exists()


def test_a_subject_with_line_breaks_makes_a_one_line_title(
    client, people, private_group, django_capture_on_commit_callbacks
):
    forum = forum_of_group(private_group)
    with django_capture_on_commit_callbacks(execute=True):
        post_topic(client, people["member"], forum, subject="Line one\r\nBcc: x@example.org")
    title = Notification.objects.get(data__kind="forum.new_topic").data["title"]
    assert "\n" not in title and "\r" not in title
    assert all("\n" not in message.subject for message in mail.outbox)
    assert mail.outbox
