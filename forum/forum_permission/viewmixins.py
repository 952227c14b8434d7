"""Machina's permission mixin, answering 404 for what the visitor may not read.

Machina answers a refused permission with the login page (anonymous) or a 403. For a forum
the visitor cannot read, both would confirm that it exists: a members-only group's forum,
topics, posts and attachments must look like nothing at all to an outsider.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from machina.apps.forum_permission.viewmixins import (
    PermissionRequiredMixin as MachinaPermissionRequiredMixin,
)
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


def forum_of(obj):
    """The forum a controlled object (forum, topic, post, attachment) belongs to."""
    if obj is None or isinstance(obj, Forum):
        return obj
    if hasattr(obj, "forum"):
        return obj.forum
    if hasattr(obj, "topic"):
        return obj.topic.forum
    if hasattr(obj, "post"):
        return obj.post.topic.forum
    return None


class PermissionRequiredMixin(MachinaPermissionRequiredMixin):
    def check_permissions(self, request):
        obj = (
            (hasattr(self, "get_controlled_object") and self.get_controlled_object())
            or (hasattr(self, "get_object") and self.get_object())
            or getattr(self, "object", None)
        )
        user = request.user
        if self.perform_permissions_check(user, obj, self.get_required_permissions(self)):
            return None
        forum = forum_of(obj)
        if forum is not None and not request.forum_permission_handler.can_read_forum(forum, user):
            raise Http404
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), self.login_url)
        raise PermissionDenied
