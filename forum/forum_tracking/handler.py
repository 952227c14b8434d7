"""Machina's tracking handler, overridden where it costs a query per item.

- Which forums of a list hold unread topics: machina asks the database for the ancestors
  of each unread forum, one query each (a hundred on the index of a member whose groups are
  busy); they are read here from the tree fields of the forums already in the list.
- Marking a topic read, on each visit of a topic page: machina spends six queries (read the
  forum's mark, read the topic's, save it, look for other unread topics, then count the
  member's marks and the forum's topics). Here the topic's mark is one upsert and the rest
  one query, with machina's rule kept: once no other topic of the forum is unread, the
  forum itself is marked read and its topic marks are dropped.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler
from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")

# The attribute under which a topic may come with the reader's mark on its forum already
# read (forum.forum_conversation.views.TopicView annotates it): None when there is none.
FORUM_MARK = "reader_forum_mark"


class TrackingHandler(MachinaTrackingHandler):
    def get_unread_forums_from_list(self, user, forums):
        """The same rule as machina's: a forum is unread when its latest post (its
        sub-forums' included) is newer than the member's read mark, or, without a mark,
        when it has topics; the ancestors of an unread forum are unread too. Two queries."""
        if not user.is_authenticated:
            return []
        forums = list(forums)
        if not forums:
            return []
        nodes = ForumVisibilityContentTree.from_forums(forums).as_dict
        marks = dict(
            ForumReadTrack.objects.filter(user=user, forum__in=forums).values_list(
                "forum_id", "mark_time"
            )
        )
        unread = []
        for forum in forums:
            if forum.pk in marks:
                latest = nodes[forum.pk].last_post_on
                if latest and marks[forum.pk] < latest:
                    unread.append(forum)
            elif forum.direct_topics_count > 0:
                unread.append(forum)

        by_tree = defaultdict(list)
        for forum in forums:
            by_tree[forum.tree_id].append(forum)
        found = {}
        for forum in unread:
            for other in by_tree[forum.tree_id]:
                if other.lft <= forum.lft and other.rght >= forum.rght:
                    found[other.pk] = other
        return list(found.values())

    def mark_topic_read(self, topic, user):
        """No query when the forum's mark already covers the topic's last post; else the
        topic's mark is upserted and one query looks for another unread topic in the forum."""
        if not user.is_authenticated:
            return
        forum = topic.forum
        if hasattr(topic, FORUM_MARK):
            forum_mark = getattr(topic, FORUM_MARK)
        else:
            forum_mark = (
                ForumReadTrack.objects.filter(forum=forum, user=user)
                .values_list("mark_time", flat=True)
                .first()
            )
        if forum_mark is not None and not (topic.last_post_on and forum_mark < topic.last_post_on):
            return

        # mark_time is auto_now: bulk_create sets it, and the upsert copies it over.
        TopicReadTrack.objects.bulk_create(
            [TopicReadTrack(topic=topic, user=user)],
            update_conflicts=True,
            unique_fields=["user", "topic"],
            update_fields=["mark_time"],
        )
        if self._other_unread_topics(topic, user).exists():
            return

        TopicReadTrack.objects.filter(topic__forum=forum, user=user).delete()
        ForumReadTrack.objects.bulk_create(
            [ForumReadTrack(forum=forum, user=user)],
            update_conflicts=True,
            unique_fields=["user", "forum"],
            update_fields=["mark_time"],
        )
        self._update_parent_forum_tracks(forum, user)

    @staticmethod
    def unread_topics(topics, user):
        """The topics of a queryset the member has not read since their last post, by
        machina's rule (its get_unread_topics), asked of the database in one query instead
        of loading every topic: a topic with a mark of its own is unread when the mark is
        older; without one, when the forum's mark is older or there is none."""
        changed = OuterRef("changed")
        marks = TopicReadTrack.objects.filter(topic=OuterRef("pk"), user=user)
        forum_mark = ForumReadTrack.objects.filter(forum=OuterRef("forum"), user=user)
        return topics.annotate(
            changed=Coalesce("last_post_on", "created"),
            forum_mark=Subquery(forum_mark.values("mark_time")[:1]),
        ).filter(
            Q(Exists(marks.filter(mark_time__lt=changed)))
            | Q(~Exists(marks), Q(forum_mark__isnull=True) | Q(forum_mark__lt=F("changed")))
        )

    def _other_unread_topics(self, topic, user):
        """The approved topics of the forum, but this one, that the member has not read.
        Machina asks this in three queries (without a forum mark, it counts the member's
        marks against the forum's topics)."""
        return self.unread_topics(
            topic.forum.topics.filter(approved=True).exclude(pk=topic.pk), user
        )
