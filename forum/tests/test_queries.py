"""The forum's pages cost a fixed number of queries, whatever the number of topics and posts.

Of a member's counts, 3 queries are the site's own around any page (session, user, the
unread notifications; the site and its navigation come from the cache, and the forum leaves
out Wagtail's user bar and its two permission lookups). Every page is below machina's own
reported counts (index 22, forum 20, topic 13-17). The topic page's 11: the topic (with
whether the reader follows it and their mark on its forum), the reader's rights (2), the
view count, the read tracking (2: the topic's mark, then whether another topic of the
forum is unread), the posts and their attachments. The tracking costs more when other
topics of the forum are unread, so every measure is taken with unread topics around.
"""

import pytest
from django.urls import reverse

from forum.factories import create_reply, create_topic
from forum.groups import forum_of_group
from forum.links import forum_url, topic_url
from forum.tests.conftest import make_group

pytestmark = pytest.mark.django_db

MEMBER = {"index": 10, "forum": 17, "topic": 11}
VISITOR = {"index": 5, "forum": 10, "topic": 5}


def grow(place, people, topics, replies):
    for _ in range(topics):
        create_topic(place["forum"], people["coordinator"])
    for _ in range(replies):
        create_reply(place["topic"], people["coordinator"], content="See @Someone and *this*.")


@pytest.mark.parametrize(("role", "budget"), [("member", MEMBER), ("anonymous", VISITOR)])
def test_forum_pages_cost_the_same_at_one_and_many(
    client, people, places, role, budget, django_assert_num_queries
):
    place = places["public"]
    if role == "member":
        client.force_login(people["member"])
    urls = {
        "index": reverse("forum:index"),
        "forum": forum_url(place["forum"]),
        "topic": topic_url(place["topic"]),
    }
    grow(place, people, topics=1, replies=1)
    for name, url in urls.items():
        client.get(url)  # the first visit creates the read tracks
        with django_assert_num_queries(budget[name]):
            assert client.get(url).status_code == 200
    grow(place, people, topics=29, replies=39)
    for name, url in urls.items():
        client.get(url)
        with django_assert_num_queries(budget[name]):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(budget[name]):
            assert client.get(url, {"page": 2}).status_code == 200


def test_the_index_costs_the_same_whatever_the_number_of_unread_forums(
    client, groups_index, people, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Machina asks for the ancestors of each unread forum, one query each; our tracking
    handler reads them from the list."""

    def unread_group_forum(n):
        group = make_group(
            groups_index, people, django_capture_on_commit_callbacks, title=f"Group {n}"
        )
        create_topic(forum_of_group(group), people["coordinator"])

    client.force_login(people["member"])
    unread_group_forum(0)
    client.get(reverse("forum:index"))
    with django_assert_num_queries(MEMBER["index"]):
        response = client.get(reverse("forum:index"))
    for n in range(1, 8):
        unread_group_forum(n)
    client.get(reverse("forum:index"))  # publishing pages dropped the cached navigation
    with django_assert_num_queries(MEMBER["index"]):
        assert client.get(reverse("forum:index")).content.count(b"Group ") >= 8
    assert response.status_code == 200
