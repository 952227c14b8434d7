"""Machina's latest-topics feed, with a 404 for a forum the reader may not read (machina
answers an empty feed, which tells that the forum exists)."""

from django.http import Http404
from machina.apps.forum_feeds.feeds import LastTopicsFeed as MachinaLastTopicsFeed


class LastTopicsFeed(MachinaLastTopicsFeed):
    def get_object(self, request, *args, **kwargs):
        super().get_object(request, *args, **kwargs)
        if kwargs.get("forum_pk") and not len(self.forums):
            raise Http404

    def items(self):
        return super().items().select_related("forum", "poster__member_profile", "last_post")[:30]
