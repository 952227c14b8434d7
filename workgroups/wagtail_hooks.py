"""The working groups' admin: a "Working groups" menu with the memberships (staff add,
approve, name coordinators and remove members there, under the site's rules, and the
people concerned are told), and the member chooser its form uses; the groups themselves
are pages, made under the working groups index in the page explorer. And the rule that
keeps a members-only group's documents to those who may see its content."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from workgroups.admin_views import (
    BaseMemberChooser,
    MemberChooseResultsView,
    MemberChooseView,
    MemberChosenView,
    MembershipCreateView,
    MembershipDeleteView,
    MembershipEditView,
    MembershipIndexView,
)
from workgroups.documents import may_download
from workgroups.models import Membership


class MemberChooserViewSet(ChooserViewSet):
    """The platform's accounts, searched by name and email address, a page at a time."""

    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = _("Choose a member")
    choose_another_text = _("Choose another member")
    per_page = 25
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    chosen_view_class = MemberChosenView
    base_widget_class = BaseMemberChooser
    # Only the memberships form uses it: other forms naming an account keep their own
    # field until they choose to use this one.
    register_widget = False


member_chooser_viewset = MemberChooserViewSet("workgroups_member_chooser")


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "workgroups_memberships"
    icon = "user"
    menu_label = _("Memberships")
    copy_view_enabled = False
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    panels = [
        FieldPanel("group"),
        FieldPanel("user", widget=member_chooser_viewset.widget_class),
        FieldPanel("role"),
        FieldPanel("state"),
        # Who invited is a fact, not a choice: set to the one who invites (a coordinator
        # on the group's page, the staff member here).
        FieldPanel("invited_by", read_only=True),
    ]
    list_display = ["user", "group", "role", "state", "created"]
    list_filter = ["state", "role", "group"]
    search_fields = ["user__email", "group__title"]
    search_backend_name = None
    ordering = ["group__title", "role", "user__email"]
    list_per_page = 50


class WorkingGroupsMenu(ViewSetGroup):
    menu_label = _("Working groups")
    menu_icon = "group"
    menu_order = 270
    items = (MembershipViewSet,)


@hooks.register("register_admin_viewset")
def register_workgroups_viewsets():
    return [WorkingGroupsMenu(), member_chooser_viewset]


@hooks.register("before_serve_document")
def keep_group_documents_to_their_readers(document, request):
    # A 404, not a 403: an outsider may not know a members-only group's documents exist.
    if may_download(document, request.user) is False:
        raise Http404
