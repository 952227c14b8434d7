"""Machina's permission handler, overridden for the follow links of a topic page: machina
loads every follower of the topic to know whether the reader is one."""

from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler

# The attribute under which a topic may come knowing whether the reader follows it
# (forum.forum_conversation.views.TopicView annotates it).
FOLLOWED = "followed_by_reader"


class PermissionHandler(MachinaPermissionHandler):
    def can_subscribe_to_topic(self, topic, user):
        if hasattr(topic, FOLLOWED) and user.is_authenticated:
            return not getattr(topic, FOLLOWED) and self._perform_basic_permission_check(
                topic.forum, user, "can_read_forum"
            )
        return super().can_subscribe_to_topic(topic, user)

    def can_unsubscribe_from_topic(self, topic, user):
        if hasattr(topic, FOLLOWED) and user.is_authenticated:
            return getattr(topic, FOLLOWED) and self._perform_basic_permission_check(
                topic.forum, user, "can_read_forum"
            )
        return super().can_unsubscribe_from_topic(topic, user)
