"""What the forum tells members, through the core's `accounts.notify.notify`.

- forum.new_topic: a new topic in a group's forum, to the group's active members;
- forum.reply: a reply, to those who follow the topic (machina's topic subscriptions; posting
  in a topic follows it);
- forum.mention: "@Display Name" in a post, to that member;
- forum.report: a reported post, to the forum's moderators.
Never to the author, and never to anyone who cannot read the forum (forum.audience).
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from contextvars import ContextVar

import nh3
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from machina.core.db.models import get_model
from notifications.models import Notification

from accounts.notify import notify
from forum import audience
from forum.community.models import REPORT_REASON_MAX_LENGTH, GroupForum
from forum.forum_member.shortcuts import get_forum_member_display_name
from forum.links import post_url
from workgroups.models import Membership

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")

# Set while demo content is written: nobody is told of posts that are not news.
_silent = ContextVar("forum_notifications_silent", default=False)


@contextmanager
def silenced():
    token = _silent.set(True)
    try:
        yield
    finally:
        _silent.reset(token)


def is_silenced() -> bool:
    return _silent.get()


# "@" then one to four words of a display name ("@Marie Curie", "@Jean-Luc O'Neil").
MENTION = re.compile(r"(?<![\w@])@([^\W\d_][\w.'’-]*(?:[ ][^\W\d_][\w.'’-]*){0,3})")


def _line(text) -> str:
    """One line of plain text: a subject may hold line breaks, a title (an email subject)
    may not."""
    return " ".join(str(text or "").split())


def _excerpt(post) -> str:
    """The start of a post as plain text, for a notification and its email: the post as the
    site rendered it when it was saved (so no Markdown syntax, and a link by its text only),
    its tags dropped by nh3 and its entities turned back into characters. Plain text: the
    notification centre and the HTML email escape it, like any text."""
    text = html.unescape(nh3.clean(str(post.content.rendered or ""), tags=set()))
    return Truncator(" ".join(text.split())).chars(140)


def post_published(post_id: int) -> None:
    """After a post is saved approved for the first time: follow, notify."""
    post = (
        Post.objects.select_related("topic__forum", "poster__member_profile")
        .filter(pk=post_id, approved=True)
        .first()
    )
    if post is None or post.poster is None:
        return
    topic, forum, poster = post.topic, post.topic.forum, post.poster
    topic.subscribers.add(poster)
    author = _line(get_forum_member_display_name(poster))
    url = post_url(post)
    mentioned = mentioned_members(post, forum)
    common = {"url": url, "actor": poster, "target": forum, "action_object": post}

    # The topic's first post, found from the posts themselves: machina sets
    # `topic.first_post` only after the post's save, and outside a transaction this runs
    # during that save (on_commit runs at once).
    first_post_id = topic.posts.order_by("created", "pk").values_list("pk", flat=True).first()
    if first_post_id == post.pk:
        link = GroupForum.objects.filter(forum=forum).first()
        if link is not None:
            members = audience.readers(
                forum,
                get_user_model().objects.filter(
                    pk__in=Membership.objects.filter(group_id=link.group_id)
                    .active()
                    .values("user_id")
                ),
            ).exclude(pk__in=[poster.pk, *[m.pk for m in mentioned]])
            notify(
                "forum.new_topic",
                members,
                verb="started a topic",
                title=_("%(name)s started “%(subject)s” in %(forum)s")
                % {"name": author, "subject": _line(topic.subject), "forum": _line(forum.name)},
                description=_excerpt(post),
                **common,
            )
    else:
        followers = audience.readers(forum, topic.subscribers.all()).exclude(
            pk__in=[poster.pk, *[m.pk for m in mentioned]]
        )
        notify(
            "forum.reply",
            followers,
            verb="replied",
            title=_("%(name)s replied to “%(subject)s”")
            % {"name": author, "subject": _line(topic.subject)},
            description=_excerpt(post),
            **common,
        )
    if mentioned:
        notify(
            "forum.mention",
            mentioned,
            verb="mentioned you",
            title=_("%(name)s mentioned you in “%(subject)s”")
            % {"name": author, "subject": _line(topic.subject)},
            description=_excerpt(post),
            **common,
        )


def mentioned_members(post, forum) -> list:
    """The readers of the forum whose display name follows an "@" in the post."""
    candidates = set()
    for match in MENTION.finditer(str(post.content.raw or "")):
        words = match.group(1).split(" ")
        candidates.update(" ".join(words[:n]).lower() for n in range(1, len(words) + 1))
    if not candidates:
        return []
    users = (
        get_user_model()
        .objects.annotate(mention_name=Lower("member_profile__display_name"))
        .filter(mention_name__in=candidates)
    )
    return list(audience.readers(forum, users).exclude(pk=post.poster_id))


def report(post, reporter, reason: str) -> int:
    moderators = audience.moderators(post.topic.forum).exclude(pk=reporter.pk)
    return notify(
        "forum.report",
        moderators,
        verb="reported a post",
        title=_("A post is reported in %(forum)s: “%(subject)s”")
        % {"forum": _line(post.topic.forum.name), "subject": _line(post.subject)},
        # Cut here too: the reason reaches the moderators' notification centre and email.
        description=Truncator(_line(reason)).chars(REPORT_REASON_MAX_LENGTH) or _excerpt(post),
        url=post_url(post),
        actor=reporter,
        target=post.topic.forum,
        action_object=post,
    )


def hide_forum_notifications(forum, *, exclude) -> None:
    """Hide what everyone but `exclude` (a queryset of users) was told of the forum."""
    Notification.objects.filter(
        target_content_type=ContentType.objects.get_for_model(Forum),
        target_object_id=str(forum.pk),
        public=True,
    ).exclude(recipient__in=exclude).update(public=False)
