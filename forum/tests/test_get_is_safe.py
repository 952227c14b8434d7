"""No forum address changes anything on a GET: each asks first, and acts on a POST."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_gets_change_nothing(client, people, places):
    topic = places["public"]["topic"]
    forum = places["public"]["forum"]
    post = topic.first_post
    client.force_login(people["staff"])
    slug = {"slug": topic.slug, "pk": topic.pk}
    urls = [
        reverse("forum_moderation:topic_lock", kwargs=slug),
        reverse("forum_moderation:topic_delete", kwargs=slug),
        reverse("forum_moderation:topic_update_to_sticky", kwargs=slug),
        reverse("forum_moderation:topic_update_to_announce", kwargs=slug),
        reverse("forum_moderation:topic_move", kwargs=slug),
        reverse(
            "forum_conversation:post_delete",
            args=[forum.slug, forum.pk, topic.slug, topic.pk, post.pk],
        ),
        reverse("forum_member:topic_subscribe", args=[topic.pk]),
        reverse("forum_tracking:mark_all_forums_read"),
        reverse("forum_tracking:mark_topics_read", args=[forum.pk]),
    ]
    before = (topic.status, topic.type, topic.forum_id, topic.subscribers.count())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'method="post"' in response.content.decode(), url
    topic.refresh_from_db()
    assert (topic.status, topic.type, topic.forum_id, topic.subscribers.count()) == before
    assert type(post).objects.filter(pk=post.pk).exists()


def test_report_refuses_get(client, people, places):
    client.force_login(people["member"])
    post = places["public"]["topic"].first_post
    assert client.get(reverse("forum_community:report_post", args=[post.pk])).status_code == 405


@pytest.mark.parametrize("path", ["search/", "member/profile/1/", "member/profile/edit/"])
def test_machina_search_profiles_and_polls_are_not_mounted(client, path):
    assert client.get(f"/forum/{path}").status_code == 404
