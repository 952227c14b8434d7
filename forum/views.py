"""Our views beside machina's: reporting a post to the moderators of its forum."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from machina.core.db.models import get_model

from forum.links import post_url
from forum.reports import report_post

Post = get_model("forum_conversation", "Post")


class ReportPostView(LoginRequiredMixin, View):
    """POST: anyone who may read a post tells its forum's moderators about it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        post = get_object_or_404(
            Post.objects.select_related("topic__forum", "poster"), pk=pk, approved=True
        )
        if not request.forum_permission_handler.can_read_forum(post.topic.forum, request.user):
            raise Http404
        reason = request.POST.get("reason", "").strip()[:500]
        report_post(post, request.user, reason)
        messages.success(request, _("Thank you: the moderators of this forum have been told."))
        return HttpResponseRedirect(post_url(post))
