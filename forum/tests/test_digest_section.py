"""What the forum adds to the news digest: the topics of the member's working groups with
new posts by others in the period, and nothing from a group they are not in."""

import datetime

import pytest
from django.utils import timezone

from cobioe.plugins import DigestReader, digest_contributors
from forum.digest import group_activity
from forum.factories import create_reply, create_topic, sector_forum
from forum.groups import forum_of_group

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def reader(user, since=None):
    now = timezone.now()
    return DigestReader(user=user, since=since or now - 24 * HOUR, until=now + HOUR)


def titles(section):
    return [item["title"] for item in section.items]


def test_the_forum_plugin_contributes_to_the_digest():
    assert group_activity in digest_contributors()


def test_a_member_gets_the_topics_of_their_groups_with_posts_by_others(
    public_group, private_group, people
):
    private_topic = create_topic(forum_of_group(private_group), subject="Transfer plan")
    create_reply(private_topic, poster=people["coordinator"])
    create_topic(forum_of_group(public_group), subject="Open question")
    create_topic(forum_of_group(public_group), poster=people["member"], subject="Mine")

    sections = group_activity(
        [reader(people["member"]), reader(people["outsider"]), reader(people["coordinator"])]
    )

    member = sections[people["member"].pk]
    assert member.title == "Activity in your working groups"
    assert titles(member) == ["Open question", "Transfer plan"]  # newest first, not "Mine"
    assert member.items[1]["summary"] == "2 new posts in Confidential tech transfer"
    assert member.items[1]["url"].startswith("http")
    assert member.items[1]["url"].endswith(f"/topic/{private_topic.slug}-{private_topic.pk}/")
    # The outsider is in no group: nothing, not even from the public group's forum.
    assert people["outsider"].pk not in sections
    # The coordinator's own reply does not count for them; the member's topic does.
    assert titles(sections[people["coordinator"].pk]) == ["Mine", "Open question", "Transfer plan"]


def test_only_posts_of_the_readers_period_count(public_group, people):
    topic = create_topic(forum_of_group(public_group), subject="Old news")
    later = timezone.now() + 2 * HOUR
    assert group_activity([reader(people["member"], since=later - HOUR)]) == {}
    assert titles(group_activity([reader(people["member"])])[people["member"].pk]) == [
        topic.subject
    ]


def test_sector_forums_and_unpublished_groups_bring_nothing(
    public_group, people, django_capture_on_commit_callbacks
):
    create_topic(sector_forum(), subject="Sector talk")
    create_topic(forum_of_group(public_group), subject="Before unpublishing")
    with django_capture_on_commit_callbacks(execute=True):
        public_group.unpublish()
    assert group_activity([reader(people["member"])]) == {}


@pytest.mark.parametrize("topics", [1, 12])
def test_a_batch_costs_four_queries_whatever_the_posts(
    public_group, private_group, people, topics, django_assert_num_queries
):
    for n in range(topics):
        create_reply(create_topic(forum_of_group(private_group), subject=f"Topic {n}"))
    readers = [reader(people[name]) for name in ("member", "coordinator", "outsider")]
    with django_assert_num_queries(4):
        sections = group_activity(readers)
    assert sections[people["member"].pk].total == topics
    assert len(sections[people["member"].pk].items) == min(topics, 5)
