"""The working groups' pages (their context; Wagtail serves them) and the membership
actions, each a POST that answers with a message."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cobioe.pagination import page_or_nearest
from workgroups import membership as actions
from workgroups.documents import documents_of
from workgroups.models import Membership, WorkingGroupPage, WorkingGroupTag, is_staff
from workgroups.signals import collect_group_sections

GROUPS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 20


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the member to invite"),
        max_length=254,
        help_text=gettext_lazy("The address they use to sign in to the platform."),
    )


# Pages --------------------------------------------------------------------------------


def _remember_membership(group, user, membership) -> None:
    """Give a group the viewer's membership row already fetched, so that its rules
    (is_member, can_see_content...) ask the database nothing more."""
    if user.is_authenticated:
        group.__dict__.setdefault("_membership_cache", {})[user.pk] = membership


def index_context(index_page, request) -> dict:
    """The list of groups: a fixed number of queries whatever the number of groups and of
    the viewer's memberships (count, page, topics, stages, the viewer's own rows)."""
    user = request.user
    groups = (
        WorkingGroupPage.objects.child_of(index_page)
        .visible_to(user)
        .annotate(
            member_count=Coalesce(
                Subquery(
                    Membership.objects.active()
                    .filter(group=OuterRef("pk"))
                    .order_by()
                    .values("group")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .prefetch_related(
            Prefetch("tagged_items", WorkingGroupTag.objects.select_related("tag")), "stages"
        )
        .defer("description")
        .order_by("title", "pk")
    )
    mine = request.GET.get("mine") == "1" and user.is_authenticated
    if mine:
        groups = groups.filter(memberships__user=user)
    if user.is_authenticated:
        groups = groups.prefetch_related(
            Prefetch("memberships", Membership.objects.filter(user=user), to_attr="my_rows")
        )
    page, note = page_or_nearest(Paginator(groups, GROUPS_PER_PAGE), request.GET.get("page"))
    entries = []
    for group in page.object_list:
        membership = group.my_rows[0] if getattr(group, "my_rows", None) else None
        _remember_membership(group, user, membership)
        entries.append(
            {
                "group": group,
                "membership": membership,
                "topics": [item.tag for item in group.tagged_items.all()],
                "stages": list(group.stages.all()),
                "can_see_content": group.can_see_content(user),
            }
        )
    return {
        "page_obj": page,
        "entries": entries,
        "notes": [note] if note else [],
        "mine": mine,
        "filter_string": "mine=1" if mine else "",
    }


def group_context(group, request) -> dict:
    """A group's page. Its content (members, documents, the other plugins' sections) only
    for those who may see it; the actions that apply to the viewer."""
    user = request.user
    membership = group.membership_of(user)
    can_see = group.can_see_content(user)
    can_manage = group.can_manage(user)
    context = {
        "index": group.get_parent(),
        "membership": membership,
        "can_see_content": can_see,
        "can_manage": can_manage,
        "topics": list(group.topics.all()),
        "stages": list(group.stages.all()),
        "is_staff": is_staff(user),
    }
    if getattr(request, "is_preview", False):
        return context
    if can_see:
        members = (
            group.memberships.active()
            .select_related("user__member_profile__organisation")
            # Coordinators first ("coordinator" sorts before "member").
            .order_by("role", "user__member_profile__display_name", "pk")
        )
        coordinators = members.filter(role=Membership.Role.COORDINATOR)
        members_page, _note = page_or_nearest(
            Paginator(members, MEMBERS_PER_PAGE), request.GET.get("members_page")
        )
        documents_page, _note = page_or_nearest(
            Paginator(documents_of(group), DOCUMENTS_PER_PAGE), request.GET.get("documents_page")
        )
        context.update(
            members_page=members_page,
            members=[_member_entry(row) for row in members_page.object_list],
            coordinator_entries=[_member_entry(row) for row in coordinators],
            documents_page=documents_page,
            sections=[
                {"title": section.title, "html": section.render(request)}
                for section in collect_group_sections(group, request)
            ],
        )
    if can_manage:
        waiting = list(
            group.memberships.exclude(state=Membership.State.ACTIVE)
            .select_related("user__member_profile", "invited_by")
            .order_by("created", "pk")
        )
        context.update(
            requests=[row for row in waiting if row.state == Membership.State.REQUESTED],
            invitations=[row for row in waiting if row.state == Membership.State.INVITED],
            invite_form=InviteForm(),
        )
    return context


def _member_entry(membership) -> dict:
    profile = getattr(membership.user, "member_profile", None)
    organisation = profile.organisation if profile else None
    if organisation is not None and not organisation.is_published:
        organisation = None  # a draft or rejected profile stays unnamed
    return {
        "membership": membership,
        "user": membership.user,
        "name": profile.display_name if profile and profile.display_name else "",
        "job_title": profile.job_title if profile else "",
        "organisation": organisation,
    }


# Actions ------------------------------------------------------------------------------


def _group_or_404(request, group_id) -> WorkingGroupPage:
    group = WorkingGroupPage.objects.visible_to(request.user).filter(pk=group_id).first()
    if group is None:
        raise Http404(_("No such working group."))
    return group


def _refused(request, group, message, status=403):
    return TemplateResponse(
        request,
        "workgroups/refused.html",
        {"group": group, "message": message},
        status=status,
    )


def _done(request, group, message, anchor=""):
    messages.success(request, message)
    return redirect(group.url + anchor)


def _member_action(handler):
    """A POST by a signed-in member on a group they can see; `Refused` becomes a 403 page
    with the reason, a membership of another group (or none) a 404."""

    @login_required
    @require_POST
    def view(request, group_id, **kwargs):
        group = _group_or_404(request, group_id)
        try:
            return handler(request, group, **kwargs)
        except actions.Refused as refusal:
            return _refused(request, group, str(refusal))
        except LookupError as error:
            if group.can_manage(request.user):
                # Most often a second click, or another coordinator who answered first: say
                # so. A manager may see every row of the group, so this reveals nothing.
                return _refused(
                    request,
                    group,
                    _(
                        "This request or membership is no longer in the group: it was "
                        "answered or removed in the meantime."
                    ),
                    status=404,
                )
            raise Http404(_("No such membership in this group.")) from error

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_member_action
def join(request, group):
    actions.join(group, request.user)
    return _done(request, group, _("Welcome to %(group)s.") % {"group": group.title})


@_member_action
def request_to_join(request, group):
    actions.request_to_join(group, request.user)
    return _done(
        request,
        group,
        _("Your request to join %(group)s is sent: its coordinators will answer.")
        % {"group": group.title},
    )


@_member_action
def cancel_request(request, group):
    actions.cancel_request(group, request.user)
    return _done(request, group, _("Your request to join is withdrawn."))


@_member_action
def accept_invitation(request, group):
    actions.accept_invitation(group, request.user)
    return _done(request, group, _("Welcome to %(group)s.") % {"group": group.title})


@_member_action
def decline_invitation(request, group):
    actions.decline_invitation(group, request.user)
    return _done(request, group, _("You declined the invitation."))


@_member_action
def leave(request, group):
    actions.leave(group, request.user)
    return _done(request, group, _("You have left %(group)s.") % {"group": group.title})


@_member_action
def approve(request, group, membership_id):
    membership = actions.approve(group, membership_id, request.user)
    return _done(
        request,
        group,
        _("%(name)s is now a member.") % {"name": actions.display_name(membership.user)},
        "#requests",
    )


@_member_action
def refuse(request, group, membership_id):
    membership = actions.refuse(group, membership_id, request.user)
    return _done(
        request,
        group,
        _("The request of %(name)s is refused.") % {"name": actions.display_name(membership.user)},
        "#requests",
    )


@_member_action
def invite(request, group):
    if not group.can_manage(request.user):
        raise actions.Refused(_("Only the group's coordinators and staff can do this."))
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, group, _("Enter a valid email address to invite someone."), status=400
        )
    try:
        actions.invite(group, form.cleaned_data["email"], request.user)
    except actions.Refused as refusal:
        if group.can_manage(request.user):  # bad input, not a lack of rights
            return _refused(request, group, str(refusal), status=400)
        raise
    return _done(
        request,
        group,
        _("%(email)s is invited: they will be notified.") % {"email": form.cleaned_data["email"]},
        "#invitations",
    )


@_member_action
def remove(request, group, membership_id):
    membership = actions.remove(group, membership_id, request.user)
    name = actions.display_name(membership.user)
    if membership.state == Membership.State.INVITED:
        return _done(request, group, _("The invitation of %(name)s is withdrawn.") % {"name": name})
    return _done(request, group, _("%(name)s is no longer a member.") % {"name": name}, "#members")


@_member_action
def make_coordinator(request, group, membership_id):
    membership = actions.set_role(group, membership_id, request.user, Membership.Role.COORDINATOR)
    return _done(
        request,
        group,
        _("%(name)s is now a coordinator.") % {"name": actions.display_name(membership.user)},
        "#members",
    )


@_member_action
def unmake_coordinator(request, group, membership_id):
    membership = actions.set_role(group, membership_id, request.user, Membership.Role.MEMBER)
    return _done(
        request,
        group,
        _("%(name)s is no longer a coordinator.") % {"name": actions.display_name(membership.user)},
        "#members",
    )
