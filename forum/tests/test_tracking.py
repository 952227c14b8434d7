"""Read tracking: our handler marks topics and forums read as machina's own does.

Three members do the same visits in the same forum: one through machina's handler, one
through ours, one by opening the topic pages (where the view hands our handler the forum's
mark it has already read). After each step, machina's own reading of the marks (which topics
are unread, whether the forum is marked read, whether it shows as unread) must be the same
for the three.
"""

import pytest
from django.urls import reverse
from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler
from machina.core.db.models import get_model

from accounts.factories import VerifiedUserFactory
from forum.factories import create_reply, create_topic
from forum.forum_tracking.handler import TrackingHandler
from forum.links import topic_url

pytestmark = pytest.mark.django_db

Forum = get_model("forum", "Forum")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")


@pytest.fixture
def readers(places, client):
    forum = places["public"]["forum"]
    # A public group's forum: every member reads it.
    users = {name: VerifiedUserFactory() for name in ("machina", "ours", "page")}
    client.force_login(users["page"])

    def visit(topic):
        MachinaTrackingHandler().mark_topic_read(Topic.objects.get(pk=topic.pk), users["machina"])
        TrackingHandler().mark_topic_read(Topic.objects.get(pk=topic.pk), users["ours"])
        assert client.get(topic_url(topic)).status_code == 200

    def states():
        topics = list(forum.topics.all())
        fresh = Forum.objects.get(pk=forum.pk)  # its last post, as the index reads it
        handler = MachinaTrackingHandler()
        for user in users.values():
            # Our database query of the unread topics (the unread topics page) agrees.
            assert sorted(t.pk for t in handler.get_unread_topics(topics, user)) == sorted(
                TrackingHandler.unread_topics(forum.topics.all(), user).values_list("pk", flat=True)
            )
        return {
            name: (
                sorted(t.pk for t in handler.get_unread_topics(topics, user)),
                ForumReadTrack.objects.filter(forum=forum, user=user).exists(),
                bool(handler.get_unread_forums_from_list(user, [fresh])),
            )
            for name, user in users.items()
        }

    return visit, states


def assert_same(states, unread, forum_marked):
    """Which topics are unread, whether the forum has a mark, whether the forum shows as
    unread on the index (its mark older than its last post)."""
    expected = (sorted(t.pk for t in unread), forum_marked, bool(unread))
    assert states() == {"machina": expected, "ours": expected, "page": expected}


def test_topics_and_the_forum_are_marked_read_as_machina_marks_them(places, people, readers):
    visit, states = readers
    forum = places["public"]["forum"]
    first = places["public"]["topic"]
    second = create_topic(forum, people["coordinator"], subject="Second")
    third = create_topic(forum, people["coordinator"], subject="Third")
    assert_same(states, [first, second, third], False)

    visit(first)
    assert_same(states, [second, third], False)
    visit(second)
    assert_same(states, [third], False)
    visit(third)  # the last unread one: the forum is marked read
    assert_same(states, [], True)

    create_reply(second, people["coordinator"])
    assert_same(states, [second], True)
    visit(first)  # already read under the forum's mark: nothing changes
    assert_same(states, [second], True)
    visit(second)
    assert_same(states, [], True)

    fourth = create_topic(forum, people["coordinator"], subject="Fourth")
    create_reply(first, people["coordinator"])
    assert_same(states, [first, fourth], True)
    visit(fourth)
    assert_same(states, [first], True)
    visit(fourth)  # again: still one unread
    assert_same(states, [first], True)
    visit(first)
    assert_same(states, [], True)


def test_an_unapproved_topic_does_not_keep_the_forum_unread(places, people, readers):
    visit, states = readers
    forum = places["public"]["forum"]
    hidden = create_topic(forum, people["coordinator"], subject="Awaiting approval")
    Topic.objects.filter(pk=hidden.pk).update(approved=False)
    visit(places["public"]["topic"])
    assert ForumReadTrack.objects.filter(forum=forum).count() == 3


def test_anonymous_visits_write_no_marks(client, places):
    assert client.get(topic_url(places["public"]["topic"])).status_code == 200
    assert not ForumReadTrack.objects.exists()
    assert not TopicReadTrack.objects.exists()


def test_the_unread_topics_page_lists_what_machina_would_at_a_fixed_cost(
    client, people, places, django_assert_num_queries
):
    """Machina's page loads every topic of every readable forum to pick the unread ones;
    ours asks the database, in the same number of queries at 3 topics and at 30."""
    url = reverse("forum_tracking:unread_topics")
    member = people["member"]
    client.force_login(member)

    def listed():
        """Every page of the list."""
        found, page, pages = [], 1, 1
        while page <= pages:
            response = client.get(url, {"page": page})
            assert response.status_code == 200
            found += [topic.pk for topic in response.context["topics"]]
            pages, page = response.context["paginator"].num_pages, page + 1
        return sorted(found)

    def machina_would():
        readable = [places[name]["forum"] for name in ("sector", "public", "private")]
        topics = list(Topic.approved_objects.filter(forum__in=readable))
        return sorted(t.pk for t in MachinaTrackingHandler().get_unread_topics(topics, member))

    # The member opened the three topics (as their poster): then a new one in each place.
    for name in ("sector", "public", "private"):
        assert client.get(topic_url(places[name]["topic"])).status_code == 200
    news = [create_topic(places[n]["forum"], people["coordinator"]) for n in places]
    assert listed() == machina_would() == sorted(t.pk for t in news)

    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(27):
        create_topic(places["public"]["forum"], people["coordinator"], subject=f"More {n}")
    assert listed() == machina_would()
    with django_assert_num_queries(10):
        client.get(url)

    # An outsider sees nothing of the members-only group's topics.
    client.force_login(people["outsider"])
    private = set(places["private"]["forum"].topics.values_list("pk", flat=True))
    assert not private & set(listed())
