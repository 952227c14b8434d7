"""The working groups' admin: a "Working groups" menu with the memberships (staff add,
approve, name coordinators and remove members there); the groups themselves are pages,
made under the working groups index in the page explorer. And the rule that keeps a
members-only group's documents to those who may see its content."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from workgroups.documents import may_download
from workgroups.models import Membership


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "workgroups_memberships"
    icon = "user"
    menu_label = _("Memberships")
    copy_view_enabled = False
    form_fields = ["group", "user", "role", "state", "invited_by"]
    list_display = ["user", "group", "role", "state", "created"]
    list_filter = ["state", "role", "group"]
    search_fields = ["user__email", "group__title"]
    search_backend_name = None
    ordering = ["group__title", "role", "user__email"]
    list_per_page = 50

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "group")


class WorkingGroupsMenu(ViewSetGroup):
    menu_label = _("Working groups")
    menu_icon = "group"
    menu_order = 270
    items = (MembershipViewSet,)


@hooks.register("register_admin_viewset")
def register_workgroups_viewsets():
    return WorkingGroupsMenu()


@hooks.register("before_serve_document")
def keep_group_documents_to_their_readers(document, request):
    # A 404, not a 403: an outsider may not know a members-only group's documents exist.
    if may_download(document, request.user) is False:
        raise Http404
