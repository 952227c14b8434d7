import pytest
from django.urls import reverse

from accounts.factories import VerifiedUserFactory
from forum.factories import create_reply, create_topic, sector_forum
from forum.links import forum_url, topic_url

pytestmark = pytest.mark.django_db

NO_ATTACHMENT = {"attachment-TOTAL_FORMS": "0", "attachment-INITIAL_FORMS": "0"}


def test_index_forum_and_topic_render_in_the_site_design(client):
    forum = sector_forum(name="General discussion")
    topic = create_topic(forum, subject="Hello sector", content="Some *text*.")
    create_reply(topic, content="A reply")
    for url in (reverse("forum:index"), forum_url(forum), topic_url(topic)):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        assert "css/cobioe.css" in html
        assert "machina" not in html.lower(), url
        assert "<script" not in html, url


def test_member_posts_a_topic(client):
    forum = sector_forum()
    member = VerifiedUserFactory()
    client.force_login(member)
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'for="id_subject"' in page.content.decode()
    response = client.post(
        url, {"subject": "Bioreactors", "content": "Who runs **one**?", **NO_ATTACHMENT}
    )
    assert response.status_code == 302, response.context["post_form"].errors
    topic = forum.topics.get()
    assert topic.subject == "Bioreactors"
    assert "<strong>one</strong>" in client.get(topic_url(topic)).content.decode()
