"""The forum on the groups' pages and the dashboard: the latest topics of a group's forum,
the latest posts in a member's groups, only what the viewer may read."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from forum.factories import create_reply, create_topic
from forum.groups import forum_of_group
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.signals import collect_group_activity, collect_group_sections

pytestmark = pytest.mark.django_db


def request_of(user):
    request = RequestFactory().get("/groups/x/")
    request.user = user
    return request


def test_group_page_shows_the_latest_topics_of_its_forum(people, private_group):
    topic = create_topic(forum_of_group(private_group), people["member"], subject="Kick-off")
    sections = collect_group_sections(private_group, request_of(people["member"]))
    forum_sections = [s for s in sections if s.template == "forum/group_section.html"]
    assert len(forum_sections) == 1
    html = forum_sections[0].render(request_of(people["member"]))
    assert "Kick-off" in html
    assert f"-{topic.pk}/" in html
    assert "Start a topic" in html


def test_no_forum_section_for_an_outsider_of_a_private_group(people, private_group):
    create_topic(forum_of_group(private_group), people["member"], subject="Kick-off")
    # The group page asks only when the viewer may see the content; the forum checks again.
    from forum.group_pages import group_section

    assert group_section(private_group, request_of(people["outsider"])) is None
    assert group_section(private_group, request_of(AnonymousUser())) is None


def test_dashboard_activity_lists_the_latest_posts_in_my_groups(
    people, public_group, private_group, django_assert_num_queries
):
    topic = create_topic(forum_of_group(private_group), people["member"], subject="Budget")
    create_reply(topic, people["coordinator"])
    create_topic(forum_of_group(public_group), people["coordinator"], subject="Open call")
    groups = [public_group, private_group]
    items = collect_group_activity(groups, people["member"])
    assert [item.title for item in items] == [
        "New topic: Open call",
        "Reply in Budget",
        "New topic: Budget",
    ]
    assert {item.group for item in items} == {public_group, private_group}


def test_dashboard_activity_never_shows_a_forum_one_cannot_read(people, private_group):
    create_topic(forum_of_group(private_group), people["member"], subject="Budget")
    # Even if asked about a group they do not belong to, an outsider hears nothing of it.
    assert collect_group_activity([private_group], people["outsider"]) == []


def test_dashboard_activity_queries_do_not_grow_with_groups(
    people, groups_index, django_assert_num_queries, django_capture_on_commit_callbacks
):
    def groups_with_posts(count):
        made = []
        for _ in range(count):
            group = WorkingGroupPageFactory(parent=groups_index)
            with django_capture_on_commit_callbacks(execute=True):
                group.save_revision().publish()
            with django_capture_on_commit_callbacks(execute=True):
                MembershipFactory(group=group, user=people["member"])
            create_reply(create_topic(forum_of_group(group), people["member"]))
            made.append(group)
        return made

    one = groups_with_posts(1)
    with django_assert_num_queries(7) as one_group:
        assert collect_group_activity(one, people["member"])
    many = one + groups_with_posts(5)
    with django_assert_num_queries(len(one_group.captured_queries)):
        assert len(collect_group_activity(many, people["member"])) == 10


def test_the_group_page_and_dashboard_show_the_forum_to_members_only(client, people, private_group):
    create_topic(forum_of_group(private_group), people["member"], subject="Kick-off meeting")
    client.force_login(people["member"])
    page = client.get(private_group.url).content.decode()
    assert "Kick-off meeting" in page and "Open the group's forum" in page
    assert "Kick-off meeting" in client.get("/dashboard/").content.decode()
    client.force_login(people["outsider"])
    assert "Kick-off meeting" not in client.get(private_group.url).content.decode()
    assert "Kick-off meeting" not in client.get("/dashboard/").content.decode()
