"""Test data for the forum: forums with their rights, topics with their posts."""

import factory
from machina.core.db.models import get_model

from accounts.factories import VerifiedUserFactory
from forum import permissions

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"Forum {n}")
    type = Forum.FORUM_POST


def sector_forum(**kwargs):
    """A forum visitors read and members post in, under a category everyone sees."""
    category = ForumFactory(type=Forum.FORUM_CAT, name="Sector")
    permissions.open_category(category)
    forum = ForumFactory(parent=category, **kwargs)
    permissions.open_sector_forum(forum)
    return forum


def create_topic(forum, poster=None, subject="A topic", content="The first post.", **kwargs):
    poster = poster or VerifiedUserFactory()
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        **kwargs,
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=content)
    topic.refresh_from_db()
    return topic


def create_reply(topic, poster=None, content="A reply."):
    poster = poster or VerifiedUserFactory()
    return Post.objects.create(
        topic=topic, poster=poster, subject=f"Re: {topic.subject}", content=content
    )
