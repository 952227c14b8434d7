"""The permission matrix: who sees and does what in a sector forum, a public group's forum and
a members-only group's forum, by URL, index, feed and attachment."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import VerifiedUserFactory
from forum.links import forum_url, topic_url
from workgroups.models import Membership

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "outsider", "coordinator", "staff"]
# Who may read each place (everyone else gets a 404 and no trace of it).
READERS = {
    "sector": set(ROLES),
    "public": set(ROLES),
    "private": {"member", "coordinator", "staff"},
}
# Who may start a topic in each place.
POSTERS = {
    "sector": {"member", "outsider", "coordinator", "staff"},
    "public": {"member", "coordinator", "staff"},
    "private": {"member", "coordinator", "staff"},
}
NO_ATTACHMENT = {"attachment-TOTAL_FORMS": "0", "attachment-INITIAL_FORMS": "0"}


def login(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", ["sector", "public", "private"])
def test_reading(client, people, places, role, place):
    login(client, people, role)
    forum, topic = places[place]["forum"], places[place]["topic"]
    attachment = places[place]["attachment"]
    may_read = role in READERS[place]
    expected = 200 if may_read else 404

    assert client.get(forum_url(forum)).status_code == expected
    assert client.get(topic_url(topic)).status_code == expected
    download = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert download.status_code == expected
    if may_read:
        assert b"".join(download.streaming_content) == b"secret minutes"
        assert 'filename="minutes.txt"' in download["Content-Disposition"]
    feed = client.get(reverse("forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk]))
    assert feed.status_code == expected

    # The index lists the sector's forums and those of the reader's own groups (the others
    # are reached from their group pages), and never one the reader may not read.
    index = client.get(reverse("forum:index")).content.decode()
    listed = may_read and (place == "sector" or role in {"member", "coordinator"})
    assert (forum.name in index) is listed
    all_topics = client.get(reverse("forum_feeds:latest_topics")).content.decode()
    assert (topic.subject in all_topics) is may_read


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", ["sector", "public", "private"])
def test_starting_a_topic(client, people, places, role, place):
    login(client, people, role)
    forum = places[place]["forum"]
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    response = client.post(url, {"subject": "New here", "content": "Hello", **NO_ATTACHMENT})
    created = forum.topics.filter(subject="New here").exists()
    assert created is (role in POSTERS[place])
    if not created:
        if role not in READERS[place]:
            assert response.status_code == 404
        elif role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("outsider", False), ("coordinator", True), ("staff", True)],
)
def test_locking_a_group_topic_is_for_its_coordinators_and_staff(
    client, people, places, role, allowed
):
    topic = places["public"]["topic"]
    login(client, people, role)
    url = reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk})
    assert client.get(url).status_code == (200 if allowed else 403)
    topic.refresh_from_db()
    assert not topic.is_locked  # a GET only asks
    response = client.post(url)
    topic.refresh_from_db()
    assert topic.is_locked is allowed
    assert response.status_code == (302 if allowed else 403)


def test_private_forum_is_404_to_an_outsider_who_moderates_elsewhere(
    client, people, places, public_group
):
    # The coordinator of the public group is an outsider of nothing here; take the staff-less
    # case: a coordinator of one group cannot move or lock in another group's forum.
    topic = places["private"]["topic"]
    client.force_login(people["outsider"])
    url = reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk})
    assert client.post(url).status_code == 404


def test_someone_staff_add_in_the_admin_reads_the_members_only_forum_and_loses_it_on_removal(
    client, people, places, private_group, django_capture_on_commit_callbacks
):
    # The admin saves the row as the site's actions do, so the forum follows it
    # (workgroups' membership_changed signal).
    outsider = people["outsider"]
    forum, topic = places["private"]["forum"], places["private"]["topic"]
    admin = Client()
    admin.force_login(VerifiedUserFactory(email="admin@example.org", is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/workgroups_memberships/new/",
            {"group": private_group.pk, "user": outsider.pk, "role": "member", "state": "active"},
        )
    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(forum_url(forum)).status_code == 200
    assert client.get(topic_url(topic)).status_code == 200

    membership = Membership.objects.get(group=private_group, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/workgroups_memberships/delete/{membership.pk}/")
    assert client.get(forum_url(forum)).status_code == 404
    assert client.get(topic_url(topic)).status_code == 404
