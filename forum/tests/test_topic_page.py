"""The topic page: its follow link and its pages, which it works out from what the topic
knows of itself (whether the reader follows it, how many approved posts it has)."""

import pytest
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from forum.factories import create_reply
from forum.links import topic_url

pytestmark = pytest.mark.django_db

Post = get_model("forum_conversation", "Post")
PER_PAGE = machina_settings.TOPIC_POSTS_NUMBER_PER_PAGE


def test_the_follow_link_says_whether_the_reader_follows(client, people, places):
    topic = places["public"]["topic"]
    client.force_login(people["coordinator"])
    html = client.get(topic_url(topic)).content.decode()
    assert "Follow this topic" in html and "Stop following" not in html

    topic.subscribers.add(people["coordinator"])
    html = client.get(topic_url(topic)).content.decode()
    assert "Stop following" in html and "Follow this topic" not in html

    client.logout()
    html = client.get(topic_url(topic)).content.decode()
    assert "Follow this topic" not in html and "Stop following" not in html


def test_the_pages_hold_every_approved_post_and_no_more(client, people, places):
    topic = places["public"]["topic"]
    # With the first post and the last word, one more than two full pages.
    for n in range(2 * PER_PAGE - 1):
        create_reply(topic, people["coordinator"], content=f"Reply number {n}.")
    # One awaiting approval is neither shown nor counted.
    hidden = create_reply(topic, people["coordinator"], content="Awaiting approval.")
    hidden.approved = False
    hidden.save()
    last = create_reply(topic, people["coordinator"], content="The very last word.")

    pages = 3
    response = client.get(topic_url(topic), {"page": pages})
    assert response.status_code == 200
    assert response.context["paginator"].num_pages == pages
    assert "The very last word." in response.content.decode()
    assert "Awaiting approval." not in response.content.decode()
    assert client.get(topic_url(topic), {"page": pages + 1}).status_code == 404

    last.delete()  # two full pages are left
    assert client.get(topic_url(topic), {"page": pages}).status_code == 404
    assert client.get(topic_url(topic), {"page": pages - 1}).status_code == 200
