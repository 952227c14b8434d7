"""Machina's list of the topics a member follows, keeping only those they may still read
(someone who left a members-only group keeps their old subscriptions in machina's table)."""

from machina.apps.forum_member import views as machina_views
from machina.core.db.models import get_model

from forum.views import TOPIC_RELATIONS

Forum = get_model("forum", "Forum")


class TopicSubscriptionListView(machina_views.TopicSubscriptionListView):
    def get_queryset(self):
        readable = self.request.forum_permission_handler.get_readable_forums(
            Forum.objects.all(), self.request.user
        )
        return (
            self.request.user.topic_subscriptions.filter(forum__in=readable, approved=True)
            .select_related(*TOPIC_RELATIONS)
            .order_by("-last_post_on")
        )
