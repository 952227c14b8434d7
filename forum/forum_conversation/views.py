"""Machina's topic view with what its page shows fetched along (machina loads
`forum_conversation.views` from our override first)."""

from django.shortcuts import get_object_or_404
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")


class TopicView(machina_views.TopicView):
    def get_topic(self):
        if not hasattr(self, "topic"):
            # Its forum and that forum's parent (the breadcrumb), its first post (each post
            # says whether it opens the topic) and its poll, if any (machina looks).
            self.topic = get_object_or_404(
                Topic.objects.select_related("forum__parent", "first_post", "poll"),
                pk=self.kwargs["pk"],
            )
        return self.topic

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("poster__member_profile", "updated_by__member_profile")
            .prefetch_related(None)
            .prefetch_related("attachments")
        )
