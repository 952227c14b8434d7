"""The memberships admin's views: a member chooser (the accounts are thousands: a search,
not a list of all), and the create, edit and delete views that keep the site's rules of
`workgroups.membership` and tell people what staff did."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.widgets.chooser import BaseChooser

from workgroups.membership import (
    ONLY_COORDINATOR,
    Refused,
    check_staff_change,
    display_name,
    staff_changed,
)
from workgroups.models import Membership


def may_choose_members(user) -> bool:
    """The member chooser lists every account's name and email address: only for those
    who manage memberships, not for every editor who reaches the admin."""
    return user.has_perm("workgroups.add_membership") or user.has_perm(
        "workgroups.change_membership"
    )


def member_label(user) -> str:
    """A member as staff tell them apart: their name and their address."""
    name = display_name(user)
    return user.email if name == user.email else f"{name} <{user.email}>"


# The member chooser ---------------------------------------------------------------------


class MemberSearchForm(BaseFilterForm):
    """Every word must appear in the member's name (their profile's, or their account's
    first or last name) or email address. Accounts are not in Wagtail's search index."""

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Name or email address")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join((self.cleaned_data.get("q") or "").split())
        for term in query.split():
            objects = objects.filter(
                Q(email__icontains=term)
                | Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(member_profile__display_name__icontains=term)
            )
        if query:
            self.is_searching = True
            self.search_query = query
        return objects


class OnlyForMembershipManagers:
    def dispatch(self, request, *args, **kwargs):
        if not may_choose_members(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberChooserMixin(OnlyForMembershipManagers):
    filter_form_class = MemberSearchForm
    ordering = ["email"]

    def get_object_list(self):
        # Only accounts that can log in: a closed one cannot take part in a group.
        return get_user_model().objects.filter(is_active=True).select_related("member_profile")

    @property
    def title_column(self):
        column = super().title_column
        column.label = gettext_lazy("Name")
        column.accessor = display_name
        return column

    @property
    def columns(self):
        return [*super().columns, Column("email", label=gettext_lazy("Email address"))]


class MemberChooseView(MemberChooserMixin, chooser_views.ChooseView):
    pass


class MemberChooseResultsView(MemberChooserMixin, chooser_views.ChooseResultsView):
    pass


class MemberChosenView(OnlyForMembershipManagers, chooser_views.ChosenView):
    def get_object(self, pk):
        return get_user_model().objects.select_related("member_profile").get(pk=pk)

    def get_display_title(self, instance):
        return member_label(instance)


class BaseMemberChooser(BaseChooser):
    """The chooser widget: the chosen member shown by name and address."""

    def get_instance(self, value):
        if value is None or isinstance(value, self.model_class):
            return value
        return self.model_class.objects.select_related("member_profile").filter(pk=value).first()

    def get_display_title(self, instance):
        return member_label(instance)


# Memberships: the site's rules, and the people told --------------------------------------


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        # Each row names its member and its group.
        return super().get_base_queryset().select_related("user", "group")


def _stored(membership) -> Membership:
    """The row as it is in the database, locked until the transaction ends."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("group", "user")
        .get(pk=membership.pk)
    )


class MembershipCreateView(CreateView):
    def save_instance(self):
        membership = self.form.instance
        check_staff_change(None, membership, self.request.user)
        membership = super().save_instance()
        staff_changed(None, membership, self.request.user)
        return membership


class MembershipEditView(EditView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except Refused as refusal:  # nothing was saved: say why on the form
            form.add_error(None, str(refusal))
            self.produced_error_message = str(refusal)
            return self.form_invalid(form)

    def save_instance(self):
        before = _stored(self.object)
        check_staff_change(before, self.form.instance, self.request.user)
        membership = super().save_instance()
        staff_changed(before, membership, self.request.user)
        return membership

    def form_invalid(self, form):
        # The form bound to what staff typed is shown again; the page's title names the
        # row as it still is.
        self.object.refresh_from_db()
        return super().form_invalid(form)


class MembershipDeleteView(DeleteView):
    def get(self, request, *args, **kwargs):
        # Said at once rather than after the confirmation (where it is checked again).
        with transaction.atomic():
            last = self.object.is_last_coordinator()
        if last:
            return self._refused(ONLY_COORDINATOR)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                before = _stored(self.object)
                check_staff_change(before, None, self.request.user)
                response = super().form_valid(form)
                staff_changed(before, None, self.request.user)
        except Refused as refusal:
            return self._refused(str(refusal))
        return response

    def _refused(self, message):
        messages.error(self.request, message)
        return redirect(self.edit_url_name, self.object.pk)
