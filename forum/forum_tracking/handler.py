"""Machina's tracking handler, overridden: which forums of a list hold topics the member
has not read. Machina asks the database for the ancestors of each unread forum, one query
each (a hundred on the index of a member whose groups are busy); they are read here from
the tree fields of the forums already in the list."""

from collections import defaultdict

from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler
from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")


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
