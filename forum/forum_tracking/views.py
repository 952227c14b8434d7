"""Machina's unread topics page, asking the database which topics are unread: machina loads
every topic of every forum the member may read and sorts them out in Python, on each visit
(machina loads `forum_tracking.views` from our override first, and its own for the views
not found here)."""

from machina.apps.forum_tracking import views as machina_views
from machina.core.db.models import get_model

from forum.forum_tracking.handler import TrackingHandler
from forum.views import TOPIC_RELATIONS

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


class UnreadTopicsView(machina_views.UnreadTopicsView):
    def get_queryset(self):
        user = self.request.user
        forums = self.request.forum_permission_handler.get_readable_forums(
            Forum.objects.all(), user
        )
        topics = Topic.approved_objects.filter(forum__in=forums).select_related(*TOPIC_RELATIONS)
        return TrackingHandler.unread_topics(topics, user).order_by("-last_post_on", "-pk")
