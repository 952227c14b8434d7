"""The actors' admin: an "Actors" menu with the review queue, organisations, claims, the
coverage dashboard, the vocabularies and the coverage targets; bulk review actions."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from actors.admin_views import (
    ORGANISATION_SEARCH_FIELDS,
    ApproveBulkAction,
    ClaimDecisionView,
    ClaimIndexView,
    CoverageSummaryPanel,
    CoverageTargetForm,
    CoverageView,
    MergeView,
    OrganisationActionView,
    OrganisationChooseResultsView,
    OrganisationChooseView,
    OrganisationEditView,
    OrganisationFilterSet,
    OrganisationIndexView,
    RejectBulkAction,
    VerifyBulkAction,
    VocabularyDeleteView,
    can_review,
    can_see_coverage,
    organisation_url,
)
from actors.models import (
    ActorType,
    Certification,
    Claim,
    CoverageTarget,
    Organisation,
    Technology,
    ValueChainStage,
)


def menu_item_for(check):
    """A MenuItem class shown only to users `check(user)` accepts."""

    class PermissionMenuItem(MenuItem):
        def is_shown(self, request):
            return check(request.user)

    return PermissionMenuItem


class OrganisationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    # Kept through the chooser's searches and pages, so the excluded one stays out.
    preserve_url_parameters = ["multiple", "exclude"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    # Saving an organisation (the import saves thousands) should not also rewrite
    # Wagtail's reference index; nothing in the admin reads it for organisations.
    add_to_reference_index = False
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    filterset_class = OrganisationFilterSet
    search_fields = list(ORGANISATION_SEARCH_FIELDS)
    search_backend_name = None
    list_per_page = 50
    chooser_viewset_class = OrganisationChooserViewSet
    chooser_per_page = 25
    copy_view_enabled = False
    list_display = [
        "name",
        "actor_type",
        Column("country", label=_("Country"), accessor="country.name", sort_key="country"),
        "status",
        BooleanColumn("is_verified", label=_("Verified"), sort_key="is_verified"),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]


class PendingReviewViewSet(ViewSet):
    """The reviewers' way in: the organisations list filtered to those awaiting review."""

    name = "actors_pending"
    icon = "warning"
    menu_label = _("Pending review")
    menu_item_class = menu_item_for(can_review)

    @cached_property
    def menu_url(self):
        return organisation_url("list") + "?status=pending"


class ReviewViewSet(ViewSet):
    """Approve, reject, verify or merge one organisation (reached from its buttons)."""

    name = "actors_review"

    def get_urlpatterns(self):
        actions = [
            path(
                f"<int:pk>/{action}/",
                OrganisationActionView.as_view(action=action),
                name=action,
            )
            for action in ("approve", "reject", "verify", "unverify")
        ]
        return [*actions, path("<int:pk>/merge/", MergeView.as_view(), name="merge")]


class ClaimViewSet(ModelViewSet):
    model = Claim
    name = "actors_claims"
    icon = "user"
    menu_label = _("Claims")
    add_to_reference_index = False
    index_view_class = ClaimIndexView
    copy_view_enabled = False
    list_filter = ["status"]
    search_fields = ["organisation__name", "user__email"]
    search_backend_name = None
    form_fields = ["organisation", "user", "message"]
    list_display = [
        "__str__",
        "status",
        DateColumn("created_at", label=_("Asked on"), sort_key="created_at"),
        DateColumn("decided_at", label=_("Decided on"), sort_key="decided_at"),
    ]

    @property
    def edit_view(self):
        # A claim is not edited: it is decided, with the emails that go with it.
        return ClaimDecisionView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


class VocabularyViewSet(ModelViewSet):
    icon = "tag"
    copy_view_enabled = False
    delete_view_class = VocabularyDeleteView
    search_fields = ["name", "slug"]
    search_backend_name = None
    list_per_page = 100
    ordering = ["sort_order", "name"]


class StageViewSet(VocabularyViewSet):
    model = ValueChainStage
    name = "actors_stages"
    icon = "list-ol"
    menu_label = _("Value-chain stages")
    list_display = ["name", "slug", "parent", "sort_order"]


class TechnologyViewSet(VocabularyViewSet):
    model = Technology
    name = "actors_technologies"
    menu_label = _("Technologies")
    list_display = ["name", "slug", "parent", "sort_order"]


class ActorTypeViewSet(VocabularyViewSet):
    model = ActorType
    name = "actors_types"
    icon = "folder-open-1"
    menu_label = _("Actor types")
    list_display = ["name", "slug", "source_types", "sort_order"]


class CertificationViewSet(VocabularyViewSet):
    model = Certification
    name = "actors_certifications"
    icon = "success"
    menu_label = _("Certifications")
    list_display = ["name", "slug", "sort_order"]


class CoverageTargetViewSet(ModelViewSet):
    model = CoverageTarget
    name = "actors_coverage_targets"
    icon = "pick"
    menu_label = _("Coverage targets")
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["__str__", "target"]
    edit_handler = ObjectList(
        [FieldPanel("country"), FieldPanel("target")], base_form_class=CoverageTargetForm
    )


class CoverageViewSet(ViewSet):
    name = "actors_coverage"
    icon = "table"
    menu_label = _("Coverage")
    menu_item_class = menu_item_for(can_see_coverage)

    def get_urlpatterns(self):
        return [path("", CoverageView.as_view(), name="index")]


class ActorsGroup(ViewSetGroup):
    menu_label = _("Actors")
    menu_icon = "group"
    menu_order = 250
    items = (
        PendingReviewViewSet,
        OrganisationViewSet,
        ClaimViewSet,
        CoverageViewSet,
        StageViewSet,
        TechnologyViewSet,
        ActorTypeViewSet,
        CertificationViewSet,
        CoverageTargetViewSet,
    )


# Through register_snippet, as the group holds the organisations' snippet viewset; the
# other viewsets in it register as plain admin viewsets.
register_snippet(ActorsGroup)


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet()


for bulk_action in (ApproveBulkAction, RejectBulkAction, VerifyBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    if can_see_coverage(request.user):
        panels.append(CoverageSummaryPanel(request.user))
