"""Our views beside machina's, and machina's index and forum views with what their pages
show fetched along, so that they cost a fixed number of queries (mounted in board_urls)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from machina.apps.forum import views as machina_views
from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.core.db.models import get_model

from forum.forum_tracking.handler import TrackingHandler
from forum.groups import forums_of_others_groups, is_groups_category
from forum.links import post_url
from forum.reports import report_post
from workgroups.apps import GROUPS_PATH

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

# What a list of topics shows of each: its forum, who started it, its last post and who wrote
# it (with the display names, from the members' profiles).
TOPIC_RELATIONS = (
    "forum",
    "poster__member_profile",
    "last_post__poster__member_profile",
)


class IndexView(machina_views.IndexView):
    """The sector's forums and the forums of the reader's own working groups. The other
    groups' forums are reached from their pages, which /groups/ lists a page at a time."""

    def get_queryset(self):
        user = self.request.user
        forums = Forum.objects.select_related(
            "last_post__topic__forum", "last_post__poster__member_profile"
        ).exclude(pk__in=forums_of_others_groups(user))
        return ForumVisibilityContentTree.from_forums(
            self.request.forum_permission_handler.forum_list_filter(forums, user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forums = context["forums"]
        context["unread_forums"] = TrackingHandler(
            request=self.request
        ).get_unread_forums_from_list(self.request.user, forums.forums)
        context["groups_category_pk"] = next(
            (node.obj.pk for node in forums.top_nodes if is_groups_category(node.obj)), None
        )
        context["groups_path"] = GROUPS_PATH
        return context


class ForumView(machina_views.ForumView):
    def get(self, request, *args, **kwargs):
        # The working groups' category would list every group's forum on one page.
        if is_groups_category(self.get_forum()):
            return HttpResponseRedirect(GROUPS_PATH)
        return super().get(request, *args, **kwargs)

    def get_forum(self):
        if not hasattr(self, "forum"):
            self.forum = get_object_or_404(
                Forum.objects.select_related("parent"), pk=self.kwargs["pk"]
            )
        return self.forum

    def get_queryset(self):
        return super().get_queryset().select_related(*TOPIC_RELATIONS)

    def get_context_data(self, **kwargs):
        # Machina's own, with the announcements' relations and the sub-forums' last posts
        # fetched along.
        context = super().get_context_data(**kwargs)
        context["announces"] = list(
            self.forum.topics.select_related(*TOPIC_RELATIONS).filter(
                type=Topic.TOPIC_ANNOUNCE, approved=True
            )
        )
        return context


class ReportPostView(LoginRequiredMixin, View):
    """POST: anyone who may read a post tells its forum's moderators about it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        post = get_object_or_404(
            Post.objects.select_related("topic__forum", "poster"), pk=pk, approved=True
        )
        if not request.forum_permission_handler.can_read_forum(post.topic.forum, request.user):
            raise Http404
        if report_post(post, request.user, request.POST.get("reason", "")):
            messages.success(request, _("Thank you: the moderators of this forum have been told."))
        else:
            messages.info(
                request, _("You have already reported this post; the moderators have been told.")
            )
        return HttpResponseRedirect(post_url(post))
