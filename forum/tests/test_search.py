"""The site search shows the forum topics the searcher may read, and no others."""

import pytest
from django.urls import reverse

from forum.factories import create_reply
from forum.links import topic_url

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "outsider", "coordinator", "staff"]
READERS = {
    "sector": set(ROLES),
    "public": set(ROLES),
    "private": {"member", "coordinator", "staff"},
}


@pytest.mark.parametrize("role", ROLES)
def test_site_search_finds_only_readable_topics(client, people, places, role):
    for name, place in places.items():
        create_reply(place["topic"], content=f"bioreactor-{name} scale-up")
    if role != "anonymous":
        client.force_login(people[role])
    for name, place in places.items():
        # By a word of a reply, and by the subject.
        for query in (f"bioreactor-{name}", place["topic"].subject):
            html = client.get(reverse("search"), {"q": query}).content.decode()
            # The query is echoed on the page: look for the topic's link.
            found = topic_url(place["topic"]) in html
            assert found is (role in READERS[name]), (name, query)


@pytest.mark.parametrize(
    ("replies", "summary"), [(0, "0 replies"), (1, "1 reply"), (2, "2 replies")]
)
def test_a_result_counts_its_replies_in_good_english(client, places, replies, summary):
    topic = places["sector"]["topic"]
    for _ in range(replies):
        create_reply(topic)
    html = client.get(reverse("search"), {"q": topic.subject}).content.decode()
    assert f"In {topic.forum.name}, {summary}" in html
