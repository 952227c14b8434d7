"""Moving a topic: the destination list and the move itself, by staff and coordinators."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.factories import VerifiedUserFactory
from workgroups.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def move_url(topic):
    return reverse("forum_moderation:topic_move", kwargs={"slug": topic.slug, "pk": topic.pk})


def destination_options(response):
    select = BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "forum"})
    return {
        option["value"]: (option.get_text(strip=True), option.has_attr("disabled"))
        for option in select.find_all("option")
    }


def test_move_form_offers_each_forum_once_by_its_id(client, people, places):
    # Machina marks the forums one cannot choose with a dict as label, which Django 5 reads
    # as a group of options: "label" and "disabled" became choices, and choosing one was a 500.
    topic, here, sector = places["public"]["topic"], places["public"]["forum"], places["sector"]
    client.force_login(people["staff"])
    response = client.get(move_url(topic))
    assert response.status_code == 200
    options = destination_options(response)
    assert all(value.isdigit() for value in options)
    assert not BeautifulSoup(response.content, "html.parser").find("optgroup")
    assert options[str(here.pk)] == (f"-- {here.name}", True)  # where it already is
    assert options[str(sector["forum"].pk)] == (f"-- {sector['forum'].name}", False)


def test_staff_move_a_topic_to_another_forum(client, people, places):
    topic, sector_forum = places["public"]["topic"], places["sector"]["forum"]
    client.force_login(people["staff"])
    response = client.post(move_url(topic), {"forum": sector_forum.pk})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.forum_id == sector_forum.pk


@pytest.mark.parametrize("value", ["label", "disabled", "", "999999"])
def test_a_forged_destination_is_a_form_error_and_moves_nothing(client, people, places, value):
    topic = places["public"]["topic"]
    client.force_login(people["coordinator"])
    response = client.post(move_url(topic), {"forum": value})
    assert response.status_code == 200
    assert response.context["form"].errors["forum"]
    topic.refresh_from_db()
    assert topic.forum_id == places["public"]["forum"].pk


def test_moving_to_the_same_forum_or_a_category_is_refused(client, people, places):
    topic, sector_forum = places["public"]["topic"], places["sector"]["forum"]
    client.force_login(people["staff"])
    for value in (topic.forum_id, sector_forum.parent_id):
        response = client.post(move_url(topic), {"forum": value})
        assert response.status_code == 200
        assert response.context["form"].errors["forum"]
    topic.refresh_from_db()
    assert topic.forum_id == places["public"]["forum"].pk


def test_a_coordinator_with_nowhere_to_move_is_told_so(
    client, places, public_group, django_capture_on_commit_callbacks
):
    # A coordinator of one group moderates its forum only: there is no other place to move to.
    coordinator = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(group=public_group, user=coordinator, coordinator=True)
    client.force_login(coordinator)
    response = client.get(move_url(places["public"]["topic"]))
    assert response.status_code == 200
    assert "There is no other forum you may move this topic to." in response.content.decode()
    assert not response.context["form"].has_destination
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.find("select", attrs={"name": "forum"})


def test_a_reply_to_a_topic_locked_meanwhile_gets_the_sites_403(client, people, places):
    # Machina refuses with a bare PermissionDenied: the member gets the site's page with a
    # way back, not Django's one-line "403 Forbidden".
    topic = places["public"]["topic"]
    topic.status = topic.TOPIC_LOCKED
    topic.save()
    client.force_login(people["member"])
    url = reverse(
        "forum_conversation:post_create",
        args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
    )
    response = client.post(url, {"content": "Too late", "attachment-TOTAL_FORMS": "0"})
    assert response.status_code == 403
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Not allowed" in content
    assert 'href="/"' in content
    assert 'class="site-footer' in content
    assert not topic.posts.filter(content="Too late").exists()
