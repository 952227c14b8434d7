"""Staff's side of the actors in the Wagtail admin: reviewing organisations and claims,
merging duplicates, guarded deletion of vocabulary terms, and the coverage dashboard.
`wagtail_hooks.py` assembles these into viewsets and menus."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, ProtectedError, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.generic import FormView, TemplateView
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.widgets import AdminSnippetChooser

from actors import review
from actors.coverage import Chart, Coverage, coverage_query
from actors.directory import normalise_query
from actors.models import (
    ActorType,
    Certification,
    Claim,
    CoverageTarget,
    MemberProfile,
    Organisation,
    Technology,
    ValueChainStage,
)

REVIEW_PERMISSION = "actors.change_organisation"
CLAIM_PERMISSION = "actors.change_claim"


def can_review(user) -> bool:
    return user.has_perm(REVIEW_PERMISSION)


def can_decide_claims(user) -> bool:
    return user.has_perm(CLAIM_PERMISSION)


def organisation_url(name: str, *args) -> str:
    """An admin URL of the organisations' snippet viewset ("list", "edit"...)."""
    return reverse(Organisation.snippet_viewset.get_url_name(name), args=args)


def review_url(action: str, organisation: Organisation) -> str:
    return reverse(f"actors_review:{action}", args=[organisation.pk])


def organisation_breadcrumbs(organisation: Organisation, title: str) -> list[dict]:
    """Home › Organisations › the organisation › the action, as Wagtail's own views do."""
    return [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": organisation_url("list"), "label": Organisation._meta.verbose_name_plural},
        {"url": organisation_url("edit", organisation.pk), "label": organisation.name},
        {"url": "", "label": title},
    ]


# Organisations: listing and editing ---------------------------------------------------


class OrganisationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Organisation.Status.choices
    )
    actor_type = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Actor type"), queryset=ActorType.objects.all()
    )
    country = django_filters.ChoiceFilter(label=gettext_lazy("Country"), choices=lambda: countries)
    is_verified = django_filters.BooleanFilter(label=gettext_lazy("Verified"))
    stale = django_filters.BooleanFilter(
        label=gettext_lazy("Not confirmed for 12 months"), method="filter_stale"
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_stale(self, queryset, name, value):
        stale = Organisation.objects.stale().values("pk")
        return queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)


def review_buttons(organisation: Organisation, user, *, next_url: str = "") -> list[Button]:
    """The review actions that apply to the organisation as it stands."""
    if not can_review(user):
        return []
    suffix = f"?next={next_url}" if next_url else ""
    buttons = []
    if organisation.merged_into_id is None:
        if organisation.status != Organisation.Status.PUBLISHED:
            buttons.append(
                Button(
                    _("Approve"),
                    url=review_url("approve", organisation) + suffix,
                    icon_name="check",
                    priority=1,
                )
            )
        if organisation.status != Organisation.Status.REJECTED:
            buttons.append(
                Button(
                    _("Reject"),
                    url=review_url("reject", organisation) + suffix,
                    icon_name="cross",
                    priority=2,
                )
            )
        buttons.append(
            Button(
                _("Merge into another…"),
                url=review_url("merge", organisation),
                icon_name="resubmit",
                priority=5,
            )
        )
    if organisation.is_verified:
        buttons.append(
            Button(
                _("Remove the verified mark"),
                url=review_url("unverify", organisation) + suffix,
                icon_name="lock-open",
                priority=4,
            )
        )
    else:
        buttons.append(
            Button(
                _("Verify"),
                url=review_url("verify", organisation) + suffix,
                icon_name="success",
                priority=3,
            )
        )
    return buttons


class OrganisationIndexView(SnippetIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor_type")

    def get_list_more_buttons(self, instance):
        return [
            *review_buttons(instance, self.request.user, next_url=self.request.get_full_path()),
            *super().get_list_more_buttons(instance),
        ]


class OrganisationEditView(SnippetEditView):
    @cached_property
    def header_more_buttons(self):
        return [*review_buttons(self.object, self.request.user), *super().header_more_buttons]


# Organisations: the chooser (merge target, and any organisation field of the admin) -----

# Shared by the listing's search and the chooser's, so that both find the same ones.
ORGANISATION_SEARCH_FIELDS = ("name", "acronym", "city")


class OrganisationSearchForm(BaseFilterForm):
    """The chooser's search box. Wagtail only offers one for models in its search index,
    which organisations are not (the directory searches `search_text` itself), so this
    searches the database: every word must appear in the name, acronym or city."""

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Name, acronym or city")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = normalise_query(self.cleaned_data.get("q") or "")
        if query:
            for term in query.split():
                match = Q()
                for name in ORGANISATION_SEARCH_FIELDS:
                    match |= Q(**{f"{name}__icontains": term})
                objects = objects.filter(match)
            self.is_searching = True
            self.search_query = query
        return objects


class OrganisationChooserMixin:
    """Choices that can be told apart (country, city, status beside the name), without
    merged organisations (only records pointing at the kept one), nor the one named by an
    `exclude` parameter (the duplicate being merged)."""

    filter_form_class = OrganisationSearchForm

    def get_object_list(self):
        objects = Organisation.objects.filter(merged_into__isnull=True)
        excluded = self.request.GET.get("exclude", "")
        if excluded.isdigit():
            objects = objects.exclude(pk=int(excluded))
        return objects

    @property
    def title_column(self):
        column = super().title_column
        column.label = gettext_lazy("Name")
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column("acronym", label=gettext_lazy("Acronym")),
            Column("country", label=gettext_lazy("Country"), accessor=lambda o: o.country.name),
            Column("city", label=gettext_lazy("City")),
            Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        ]


class OrganisationChooseView(OrganisationChooserMixin, snippet_chooser.ChooseView):
    pass


class OrganisationChooseResultsView(OrganisationChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class OrganisationChooser(AdminSnippetChooser):
    """The organisation chooser, its list leaving out `exclude` (an organisation)."""

    def __init__(self, exclude: Organisation | None = None, **kwargs):
        self.exclude = exclude
        super().__init__(Organisation, **kwargs)

    def get_chooser_modal_url(self):
        url = super().get_chooser_modal_url()
        if self.exclude is None:
            return url
        return f"{url}?{urlencode({'exclude': self.exclude.pk})}"


# Single-organisation review actions ---------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=gettext_lazy("Sent by email to the organisation's admins."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class ReviewPermissionMixin:
    permission = REVIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OrganisationActionView(ReviewPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm, then approve, reject, verify or unverify one organisation."""

    template_name = "actors/admin/review_action.html"
    header_icon = "doc-full"
    action = ""

    ACTIONS = {
        "approve": (
            gettext_lazy("Approve"),
            gettext_lazy("Publish this organisation? Its admins are told by email."),
        ),
        "reject": (
            gettext_lazy("Reject"),
            gettext_lazy(
                "Reject this organisation? It leaves the public map and its admins receive "
                "the reason by email."
            ),
        ),
        "verify": (
            gettext_lazy("Verify"),
            gettext_lazy("Mark this organisation as checked by staff?"),
        ),
        "unverify": (
            gettext_lazy("Remove the verified mark"),
            gettext_lazy("Remove the mark that says staff checked this organisation?"),
        ),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])

    def get_form_class(self):
        return ReasonForm if self.action == "reject" else forms.Form

    def get_page_title(self):
        return self.ACTIONS[self.action][0]

    def get_page_subtitle(self):
        return self.organisation.name

    def get_breadcrumbs_items(self):
        return organisation_breadcrumbs(self.organisation, self.get_page_title())

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or organisation_url(
            "edit", self.organisation.pk
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=self.organisation,
            question=self.ACTIONS[self.action][1],
            submit_label=self.ACTIONS[self.action][0],
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        try:
            if self.action == "approve":
                done = review.approve(self.organisation, by=user)
                message = _("“%(name)s” is published; its admins were told.")
            elif self.action == "reject":
                done = review.reject(self.organisation, by=user, reason=form.cleaned_data["reason"])
                message = _("“%(name)s” was rejected; its admins received the reason.")
            elif self.action == "verify":
                done = review.verify(self.organisation, by=user)
                message = _("“%(name)s” is marked as verified.")
            else:
                done = review.unverify(self.organisation, by=user)
                message = _("“%(name)s” is no longer marked as verified.")
        except review.ReviewError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_success_url())
        if done:
            messages.success(self.request, message % {"name": self.organisation.name})
        else:
            messages.info(self.request, _("Nothing to change: it already was."))
        return redirect(self.get_success_url())


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=gettext_lazy("Organisation to keep"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy(
            "The duplicate's people, pending claims, stages, technologies and "
            "certifications move to this organisation, and its empty fields are filled "
            "from the duplicate."
        ),
    )

    def __init__(self, *args, duplicate: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Organisation.objects.filter(
            merged_into__isnull=True
        ).exclude(pk=duplicate.pk)
        self.fields["into"].widget = OrganisationChooser(exclude=duplicate)


class MergeView(ReviewPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Merge a duplicate (from the URL) into the organisation staff pick."""

    template_name = "actors/admin/merge.html"
    form_class = MergeForm
    header_icon = "resubmit"
    page_title = gettext_lazy("Merge a duplicate")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.duplicate = get_object_or_404(Organisation, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.duplicate.name

    def get_breadcrumbs_items(self):
        return organisation_breadcrumbs(self.duplicate, self.get_page_title())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "duplicate": self.duplicate}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            duplicate=self.duplicate,
            memberships=self.duplicate.memberships.select_related("user"),
            cancel_url=organisation_url("edit", self.duplicate.pk),
            **kwargs,
        )

    def dispatch(self, request, *args, **kwargs):
        if self.duplicate.merged_into_id and request.method == "POST":
            messages.error(request, _("This organisation was already merged."))
            return redirect(organisation_url("edit", self.duplicate.pk))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        into = form.cleaned_data["into"]
        try:
            report = review.merge(self.duplicate, into, by=self.request.user)
        except review.ReviewError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, merge_message(self.duplicate, into, report))
        return redirect(organisation_url("edit", into.pk))


def merge_message(duplicate: Organisation, into: Organisation, report: review.MergeReport) -> str:
    """What the merge did, in words, leaving out what it had nothing to do for."""
    counts = [
        (
            report.memberships_moved,
            ngettext("%(count)d person moved", "%(count)d people moved", report.memberships_moved),
        ),
        (
            report.memberships_combined,
            ngettext(
                "%(count)d person was already there",
                "%(count)d people were already there",
                report.memberships_combined,
            ),
        ),
        (
            report.claims_moved,
            ngettext(
                "%(count)d pending claim moved",
                "%(count)d pending claims moved",
                report.claims_moved,
            ),
        ),
        (
            len(report.fields_filled),
            ngettext(
                "%(count)d empty field filled",
                "%(count)d empty fields filled",
                len(report.fields_filled),
            ),
        ),
    ]
    details = [message % {"count": count} for count, message in counts if count]
    names = {"duplicate": duplicate.name, "into": into.name}
    if not details:
        return _("“%(duplicate)s” was merged into “%(into)s”; nothing else had to move.") % names
    return _("“%(duplicate)s” was merged into “%(into)s”: %(details)s.") % {
        **names,
        "details": get_text_list(details, _("and")),
    }


# Bulk actions on the organisations list -----------------------------------------------


class OrganisationBulkAction(BulkAction):
    models = [Organisation]
    template_name = "actors/admin/bulk_review.html"
    # ngettext_lazy strings keyed on "count", the number of organisations selected.
    question = ""
    done_message = ""
    submit_label = ""
    # The review decision each selected organisation goes through (actors.review).
    decide = None

    def check_perm(self, obj):
        return can_review(self.request.user)

    def object_context(self, obj):
        return {"item": obj, "edit_url": organisation_url("edit", obj.pk)}

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(view=self, **kwargs)
        context["question"] = self.question % {"count": len(context["items"])}
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        done = 0
        for organisation in objects:
            try:
                done += cls.decide(organisation, by=user, **kwargs)
            except review.ReviewError:
                # Already in that state, or no longer reviewable: the others still go on.
                continue
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done_message % {"count": num_parent_objects}


class ApproveBulkAction(OrganisationBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected organisations")
    action_priority = 10
    question = ngettext_lazy(
        "Publish this organisation? Its admins are told by email that it is live.",
        "Publish these %(count)d organisations? The admins of each are told by email that "
        "it is live.",
        "count",
    )
    submit_label = gettext_lazy("Yes, approve")
    done_message = ngettext_lazy(
        "%(count)d organisation approved.",
        "%(count)d organisations approved.",
        "count",
    )
    decide = staticmethod(review.approve)


class RejectBulkAction(OrganisationBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected organisations")
    action_priority = 20
    classes = {"serious"}
    form_class = ReasonForm
    question = ngettext_lazy(
        "Reject this organisation? It leaves the public map, and its admins receive the "
        "reason below by email.",
        "Reject these %(count)d organisations? They leave the public map, and the admins of "
        "each receive the reason below by email.",
        "count",
    )
    submit_label = gettext_lazy("Yes, reject")
    done_message = ngettext_lazy(
        "%(count)d organisation rejected.",
        "%(count)d organisations rejected.",
        "count",
    )
    decide = staticmethod(review.reject)

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }


class VerifyBulkAction(OrganisationBulkAction):
    display_name = gettext_lazy("Verify")
    action_type = "verify"
    aria_label = gettext_lazy("Mark the selected organisations as verified")
    action_priority = 30
    question = ngettext_lazy(
        "Mark this organisation as checked by staff?",
        "Mark these %(count)d organisations as checked by staff?",
        "count",
    )
    submit_label = gettext_lazy("Yes, verify")
    done_message = ngettext_lazy(
        "%(count)d organisation verified.",
        "%(count)d organisations verified.",
        "count",
    )
    decide = staticmethod(review.verify)


# Claims -------------------------------------------------------------------------------


class ClaimIndexView(IndexView):
    def get_base_queryset(self):
        # Pending claims first, newest first within each group.
        return (
            super()
            .get_base_queryset()
            .select_related("organisation", "user")
            .annotate(
                decided=Case(
                    When(status=Claim.Status.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("decided", "-created_at", "-pk")
        )

    def get_add_url(self):
        return None  # members make claims, on the site

    def get_copy_url(self, instance):
        return None


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve: make this member an admin of the organisation")),
            ("refuse", gettext_lazy("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for a refusal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Sent by email to the member."),
    )

    def clean(self):
        data = super().clean()
        data["reason"] = data.get("reason", "").strip()
        if data.get("decision") == "refuse" and not data["reason"]:
            self.add_error(
                "reason", _("Give the reason for the refusal: it is sent to the member.")
            )
        return data


class ClaimDecisionView(ReviewPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """A claim with what staff need to judge it, and the approve / refuse form."""

    permission = CLAIM_PERMISSION
    template_name = "actors/admin/claim_decide.html"
    form_class = ClaimDecisionForm
    header_icon = "user"
    page_title = gettext_lazy("Claim")
    index_url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.claim = get_object_or_404(
            Claim.objects.select_related("organisation", "user", "decided_by"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.claim)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Claim._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        organisation = self.claim.organisation
        return super().get_context_data(
            claim=self.claim,
            organisation=organisation,
            admins=organisation.memberships.admins().select_related("user"),
            index_url=reverse(self.index_url_name),
            organisation_edit_url=organisation_url("edit", organisation.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.claim.status != Claim.Status.PENDING:
            messages.error(request, _("This claim was already decided."))
            return redirect(reverse(self.index_url_name))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            if form.cleaned_data["decision"] == "approve":
                review.approve_claim(self.claim, by=self.request.user)
                message = _("%(user)s is now an admin of “%(name)s”; they were told by email.")
            else:
                review.refuse_claim(
                    self.claim, by=self.request.user, reason=form.cleaned_data["reason"]
                )
                message = _("The claim of %(user)s on “%(name)s” was refused; they were told why.")
        except review.ReviewError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            message % {"user": self.claim.user.email, "name": self.claim.organisation.name},
        )
        return redirect(reverse(self.index_url_name))


# Vocabularies: deleting a term still in use is refused --------------------------------


def term_usage(term) -> tuple[list[str], list[str]]:
    """Why the term cannot be deleted (blockers), and what deleting it would also undo
    (warnings)."""
    blockers, warnings = [], []
    organisations = term.organisations.count()
    if organisations:
        blockers.append(
            ngettext(
                "%(count)d organisation uses it.",
                "%(count)d organisations use it.",
                organisations,
            )
            % {"count": organisations}
        )
    if isinstance(term, ValueChainStage | Technology):
        children = term.children.count()
        if children:
            blockers.append(
                ngettext(
                    "%(count)d term hangs under it.",
                    "%(count)d terms hang under it.",
                    children,
                )
                % {"count": children}
            )
        if isinstance(term, ValueChainStage):
            defaults = ActorType.default_stages.through.objects.filter(valuechainstage=term).count()
            if defaults:
                blockers.append(
                    ngettext(
                        "It is the default stage of %(count)d actor type.",
                        "It is a default stage of %(count)d actor types.",
                        defaults,
                    )
                    % {"count": defaults}
                )
            followers = MemberProfile.interest_stages.through.objects.filter(
                valuechainstage=term
            ).count()
        else:
            followers = MemberProfile.interest_technologies.through.objects.filter(
                technology=term
            ).count()
        if followers:
            warnings.append(
                ngettext(
                    "%(count)d member follows it and will stop following it.",
                    "%(count)d members follow it and will stop following it.",
                    followers,
                )
                % {"count": followers}
            )
    return blockers, warnings


class VocabularyDeleteView(DeleteView):
    template_name = "actors/admin/confirm_delete_term.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.blockers, self.warnings = term_usage(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(blockers=self.blockers, warnings=self.warnings, **kwargs)

    def form_valid(self, form):
        if self.blockers:
            messages.error(
                self.request,
                _("“%(term)s” is still in use and was not deleted.") % {"term": self.object},
            )
            return self.render_to_response(self.get_context_data(form=form))
        try:
            return super().form_valid(form)
        except ProtectedError:
            # Someone started using it between the check and the deletion.
            messages.error(
                self.request,
                _("“%(term)s” is still in use and was not deleted.") % {"term": self.object},
            )
            return redirect(self.get_success_url())


VOCABULARY_MODELS = (ValueChainStage, Technology, ActorType, Certification)


# Coverage dashboard -------------------------------------------------------------------


def can_see_coverage(user) -> bool:
    return user.has_perm(REVIEW_PERMISSION) or user.has_perm("actors.change_coveragetarget")


class CoverageTargetForm(WagtailAdminModelForm):
    """The coverage targets' form: a target of 0 has no percentage to measure against."""

    def clean_target(self):
        target = self.cleaned_data.get("target")
        if target == 0:
            raise forms.ValidationError(
                _(
                    "A target must be at least 1: a target of 0 cannot be measured against. "
                    "To have no target, delete this one."
                )
            )
        return target


class CoverageView(WagtailAdminTemplateMixin, TemplateView):
    """Published actors per country, per stage and per month, against the targets."""

    template_name = "actors/admin/coverage.html"
    page_title = gettext_lazy("Coverage of the map")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not can_see_coverage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = coverage_query(self.request.GET)
        coverage = Coverage.compute(query)
        country_chart = Chart.horizontal(
            [
                (
                    row.name,
                    row.count,
                    _("%(percent)d%% of the target of %(target)d")
                    % {"percent": row.percent, "target": row.target}
                    if row.target
                    else "",
                )
                for row in coverage.countries
            ]
        )
        stage_chart = Chart.horizontal(
            [(node.stage.name, node.count, "") for node in coverage.stages]
        )
        growth_chart = Chart.columns(
            [(month.month.strftime("%Y-%m"), month.cumulative) for month in coverage.growth]
        )
        technologies = list(Technology.objects.all())
        return super().get_context_data(
            coverage=coverage,
            query=query,
            country_chart=country_chart,
            stage_chart=stage_chart,
            growth_chart=growth_chart,
            # django-countries sorts by the localised name, accents folded ("Åland" among
            # the A's, "Côte d'Ivoire" before "Croatia"), which sorted() by name does not.
            country_choices=list(countries),
            technology_choices=technologies,
            selected_countries=query.countries,
            selected_technologies=[t.slug for t in query.technologies],
            targets_url=reverse("actors_coverage_targets:index"),
            **kwargs,
        )


class CoverageSummaryPanel(Component):
    """The admin home page's summary: the map's size against the target, and what waits
    for review."""

    name = "actors_coverage"
    order = 150
    template_name = "actors/admin/coverage_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        published = Organisation.objects.published().count()
        target = CoverageTarget.objects.filter(country="").values_list("target", flat=True).first()
        return {
            "published": published,
            "target": target,
            "percent": round(100 * published / target) if target else None,
            "pending": Organisation.objects.pending_review()
            .filter(merged_into__isnull=True)
            .count(),
            "pending_claims": Claim.objects.filter(status=Claim.Status.PENDING).count(),
            "coverage_url": reverse("actors_coverage:index"),
            "pending_url": organisation_url("list") + "?status=pending",
            "claims_url": reverse("actors_claims:index"),
        }
