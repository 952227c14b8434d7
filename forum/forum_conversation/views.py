"""Machina's topic view with what its page shows fetched along (machina loads
`forum_conversation.views` from our override first)."""

from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model

from forum.forum_permission.handler import FOLLOWED
from forum.forum_tracking.handler import FORUM_MARK

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
Topic = get_model("forum_conversation", "Topic")


class TopicView(machina_views.TopicView):
    def get_topic(self):
        if not hasattr(self, "topic"):
            # Its forum and that forum's parent (the breadcrumb), its first post (each post
            # says whether it opens the topic) and its poll, if any (machina looks).
            topics = Topic.objects.select_related("forum__parent", "first_post", "poll")
            user = self.request.user
            if user.is_authenticated:
                # Whether the reader follows it (the follow/stop following link; machina
                # would load every follower) and their read mark on its forum (the read
                # tracking, after the page).
                topics = topics.annotate(
                    **{
                        FOLLOWED: Exists(
                            Topic.subscribers.through.objects.filter(
                                topic=OuterRef("pk"), user=user
                            )
                        ),
                        FORUM_MARK: Subquery(
                            ForumReadTrack.objects.filter(
                                forum=OuterRef("forum"), user=user
                            ).values("mark_time")[:1]
                        ),
                    }
                )
            self.topic = get_object_or_404(topics, pk=self.kwargs["pk"])
        return self.topic

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("poster__member_profile", "updated_by__member_profile")
            .prefetch_related(None)
            .prefetch_related("attachments")
        )

    def get_paginator(self, *args, **kwargs):
        # The page shows the approved posts, which the topic counts as they are saved and
        # deleted (machina's update_trackers): no COUNT over a long topic's posts.
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.get_topic().posts_count
        return paginator
