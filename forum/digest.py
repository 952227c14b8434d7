"""What the forum adds to each member's email digest: the topics of their working groups'
forums that had new posts during the period (PluginConfig.digest_section)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from machina.core.db.models import get_model

from accounts.tasks import site_url
from cobioe.plugins import DigestReader, DigestSection
from forum.community.models import GroupForum
from workgroups.models import Membership, WorkingGroupPage

Post = get_model("forum_conversation", "Post")

# A digest lists this many topics, then links to the forum for the rest.
MAX_ITEMS = 5


def group_activity(readers: list[DigestReader]) -> dict[int, DigestSection]:
    """For a batch of readers, the topics with posts by others in each one's period, in the
    forums of the groups they are an active member of (groups whose page is live and not
    restricted: a members-only group's members read its forum). Four queries, whatever
    the number of readers, groups or posts."""
    if not readers:
        return {}
    open_groups = WorkingGroupPage.objects.visible_to(AnonymousUser()).values("pk")
    groups_of = defaultdict(set)
    for user_id, group_id in (
        Membership.objects.active()
        .filter(user_id__in=[reader.user.pk for reader in readers], group_id__in=open_groups)
        .values_list("user_id", "group_id")
        .order_by()
    ):
        groups_of[user_id].add(group_id)
    if not groups_of:
        return {}
    forum_of_group = dict(
        GroupForum.objects.filter(group_id__in=set().union(*groups_of.values())).values_list(
            "group_id", "forum_id"
        )
    )
    forums_of = {
        user_id: {forum_of_group[g] for g in groups if g in forum_of_group}
        for user_id, groups in groups_of.items()
    }

    # The posts of the whole batch's period, oldest reader's start to latest end: each
    # reader then keeps those of their own period.
    posts = list(
        Post.objects.filter(
            topic__forum_id__in=set(forum_of_group.values()),
            topic__approved=True,
            approved=True,
            created__gt=min(reader.since for reader in readers),
            created__lte=max(reader.until for reader in readers),
        )
        .values_list(
            "topic_id",
            "poster_id",
            "created",
            "topic__forum_id",
            "topic__subject",
            "topic__slug",
            "topic__forum__slug",
            "topic__forum__name",
        )
        .order_by("-created", "-pk")
    )
    if not posts:
        return {}
    topics = {}
    posts_by_forum = defaultdict(list)
    for topic_id, poster_id, created, forum_id, subject, slug, forum_slug, forum_name in posts:
        posts_by_forum[forum_id].append((topic_id, poster_id, created))
        topics.setdefault(topic_id, (forum_id, subject, slug, forum_slug, forum_name))

    urls = {}
    sections = {}
    title = gettext("Activity in your working groups")
    forum_url = site_url(reverse("forum:index"))
    for reader in readers:
        counts = defaultdict(int)
        latest = {}
        for forum_id in forums_of.get(reader.user.pk, ()):
            for topic_id, poster_id, created in posts_by_forum.get(forum_id, ()):
                if poster_id != reader.user.pk and reader.since < created <= reader.until:
                    counts[topic_id] += 1
                    latest.setdefault(topic_id, created)
        if not counts:
            continue
        found = sorted(counts, key=lambda topic_id: latest[topic_id], reverse=True)
        items = []
        for topic_id in found[:MAX_ITEMS]:
            forum_id, subject, slug, forum_slug, forum_name = topics[topic_id]
            if topic_id not in urls:
                urls[topic_id] = site_url(
                    reverse(
                        "forum_conversation:topic",
                        kwargs={
                            "forum_slug": forum_slug,
                            "forum_pk": forum_id,
                            "slug": slug,
                            "pk": topic_id,
                        },
                    )
                )
            items.append(
                {
                    "title": subject,
                    "url": urls[topic_id],
                    "summary": ngettext(
                        "%(count)d new post in %(forum)s",
                        "%(count)d new posts in %(forum)s",
                        counts[topic_id],
                    )
                    % {"count": counts[topic_id], "forum": forum_name},
                }
            )
        sections[reader.user.pk] = DigestSection(
            title=title, items=items, total=len(found), more_url=forum_url
        )
    return sections
