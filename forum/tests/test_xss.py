"""Hostile text in subjects and posts comes out inert wherever the forum shows it."""

from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from forum.factories import create_reply, create_topic, sector_forum
from forum.links import forum_url, topic_url
from forum.rendering import render_post

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[x](https://example.org" onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    '![x](https://example.org/x.png" onerror="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "[a]: javascript:alert(1)\n\n[click][a]",
    "<details open ontoggle=alert(1)>",
    '<a href="https://ok.example" target="_blank">ok</a>',
    "`<script>alert(1)</script>`",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
]

SAFE_SCHEMES = {"", "http", "https", "mailto"}
# The site's own header draws its logo as inline SVG: an SVG from a post would have to carry
# an event handler or a script to run, and those are caught.
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "math", "style", "base"}


class ExecutableFinder(HTMLParser):
    """Collects whatever in a page could run: tags, event handlers, script URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "xlink:href", "action", "formaction"} and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.found.append(f"{tag}[{name}={value}]")
            if name == "style":
                self.found.append(f"{tag}[style]")


def executable_parts(html):
    finder = ExecutableFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_output_holds_nothing_executable(payload):
    html = render_post(payload)
    assert executable_parts(html) == []
    assert "<svg" not in html and "<img" not in html
    if "<a " in html:
        assert 'rel="nofollow noopener"' in html


def test_payloads_in_subjects_and_posts_are_inert_on_every_page(client, django_user_model):
    forum = sector_forum(name="General discussion")
    topics = []
    for payload in PAYLOADS:
        topic = create_topic(forum, subject=payload[:255], content=payload)
        create_reply(topic, content=f"> {payload}\n\n{payload}")
        topics.append(topic)
    pages = [
        reverse("forum:index"),
        forum_url(forum),
        reverse("forum_feeds:latest_topics"),
        reverse("forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk]),
        *[topic_url(topic) for topic in topics],
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if "feeds" in url:
            # Feed readers render the item descriptions as HTML: check those.
            feed = ElementTree.fromstring(html)  # noqa: S314  (our own feed)
            for description in feed.iter("description"):
                assert executable_parts(description.text or "") == [], url
        else:
            assert executable_parts(html) == [], url


def test_a_plain_link_survives_with_nofollow():
    html = render_post("See [our site](https://cobioe.eu) and <https://example.org>.")
    assert 'href="https://cobioe.eu"' in html
    assert 'rel="nofollow noopener"' in html


def test_stored_html_is_cleaned_again_when_shown(client):
    forum = sector_forum()
    topic = create_topic(forum, content="harmless")
    post = topic.first_post
    # HTML stored by an older renderer, or written straight to the database.
    type(post).objects.filter(pk=post.pk).update(
        _content_rendered='<p>ok</p><script>alert(1)</script><img src=x onerror="alert(1)">'
    )
    html = client.get(topic_url(topic)).content.decode()
    assert "<p>ok</p>" in html
    assert executable_parts(html) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_notifications_of_a_post_hold_its_text_only_and_show_it_escaped(
    client, payload, django_capture_on_commit_callbacks
):
    reader = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        topic = create_topic(sector_forum(), poster=reader)  # the author follows the topic
    with django_capture_on_commit_callbacks(execute=True):
        create_reply(topic, content=f"**Look**\n\n{payload}")
    notification = Notification.objects.get(recipient=reader, data__kind="forum.reply")
    text = notification.description
    # The text a reader sees in the post: no Markdown syntax, no link target. (HTML typed
    # in a post is shown as typed, as text: escaped below.)
    assert text.startswith("Look") and "**" not in text
    if "<" not in payload:
        assert "](" not in text and "![" not in text and "alert" not in text
    for email in mail.outbox:
        html = email.alternatives[0][0]
        # The email's own layout is styled inline; anything else would be the post's.
        assert [part for part in executable_parts(html) if not part.endswith("[style]")] == []
        assert escape(text) in html
    client.force_login(reader)
    page = client.get(reverse("notification_centre")).content.decode()
    assert executable_parts(page) == []
    if "<" in text:
        assert escape(text) in page
