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


def test_the_index_lists_the_sector_and_my_groups_the_rest_is_on_groups(
    client, people, places, groups_index, django_capture_on_commit_callbacks
):
    """Hundreds of group forums would make one long list: the index shows the sector's
    forums and the reader's own groups', and leads to /groups/ for the others."""
    from forum.groups import forum_of_group, groups_category
    from forum.tests.conftest import make_group

    others = make_group(
        groups_index, people, django_capture_on_commit_callbacks, title="Someone else's group"
    )
    others.memberships.filter(user=people["member"]).delete()
    outsider_view = forum_url(forum_of_group(others))

    client.force_login(people["member"])
    html = client.get(reverse("forum:index")).content.decode()
    assert "General discussion" in html
    assert "Open process development" in html and "Confidential tech transfer" in html
    assert "Someone else&#x27;s group" not in html and outsider_view not in html
    assert 'href="/groups/"' in html

    client.force_login(people["outsider"])
    html = client.get(reverse("forum:index")).content.decode()
    assert "General discussion" in html
    assert "Open process development" not in html and "Confidential" not in html
    print(html[html.find("<h1") : html.find("<footer")])
    assert "Each working group's page leads to its forum." in html

    # The public group's forum itself stays open to all who may read it.
    assert client.get(outsider_view).status_code == 200
    category = groups_category()
    response = client.get(forum_url(category))
    assert response.status_code == 302 and response["Location"] == "/groups/"
