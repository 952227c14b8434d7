"""Joining the map as a signed-in member: find or create an organisation, claim one,
manage its profile and members, accept invitations, and one's own member profile."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, register_converter, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actors.forms import (
    ClaimForm,
    IdentityForm,
    InvitationForm,
    LocationForm,
    MemberProfileForm,
    OffersForm,
    RoleForm,
    ValueChainForm,
)
from actors.invitations import InvalidInvitation, is_addressed_to, make_token, read_token
from actors.models import Claim, MemberProfile, Membership, Organisation
from actors.tasks import send_invitation

# How many organisations the join page offers for a name; a longer list means the
# name typed is too vague, and the page says so.
JOIN_RESULTS = 10
MEMBERS_PER_PAGE = 50


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    template: str = "actors/manage/step.html"


STEPS = (
    Step("identity", gettext_lazy("Who you are"), IdentityForm),
    Step("location", gettext_lazy("Where you are"), LocationForm),
    Step("value-chain", gettext_lazy("Your place on the value chain"), ValueChainForm),
    Step("offers", gettext_lazy("What you offer and seek"), OffersForm),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


class StepConverter:
    regex = "|".join(STEPS_BY_SLUG)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(StepConverter, "actors_step")


def step_progress(organisation) -> list[dict]:
    """Whether each step has been filled in, for the overview and the dashboard."""
    done = {
        "identity": True,
        "location": bool(organisation.city or organisation.latitude is not None),
        "value-chain": organisation.stages.exists(),
        "offers": any(
            getattr(organisation, field)
            for field in ("capabilities", "services", "capacity", "equipment", "seeks")
        ),
    }
    return [{"step": step, "done": done[step.slug]} for step in STEPS]


def organisation_admin_required(view):
    """Resolve the organisation of the URL for its active admins.

    Someone who may not even see the organisation (a draft of others) gets a 404, as if
    it did not exist; someone who sees it but does not run it gets a 403 page that says
    whom to ask.
    """

    @login_required
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        organisation = get_object_or_404(
            Organisation.objects.visible_to(request.user).select_related("actor_type", "logo"),
            slug=slug,
        )
        if not organisation.can_edit(request.user):
            return TemplateResponse(
                request,
                "actors/manage/forbidden.html",
                {"organisation": organisation},
                status=403,
            )
        return view(request, organisation, *args, **kwargs)

    return wrapper


# Finding, creating and claiming -------------------------------------------------------


@login_required
def join(request):
    query = request.GET.get("q", "").strip()[:200]
    results, more = [], False
    if query:
        matches = (
            Organisation.objects.published()
            .filter(Q(name__icontains=query) | Q(acronym__iexact=query))
            .select_related("actor_type")
            .order_by("name", "pk")
        )
        results = list(matches[: JOIN_RESULTS + 1])
        more = len(results) > JOIN_RESULTS
        results = results[:JOIN_RESULTS]
    return TemplateResponse(
        request,
        "actors/manage/join.html",
        {"query": query, "results": results, "more": more, "max_results": JOIN_RESULTS},
    )


@login_required
def create(request):
    form = IdentityForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"name": request.GET.get("name", "")[:255]},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save(commit=False)
            organisation.status = Organisation.Status.DRAFT
            organisation.slug = Organisation.unique_slug(organisation.name)
            organisation.save()
            form.save_m2m()
            Membership.objects.create(
                organisation=organisation,
                user=request.user,
                role=Membership.Role.ADMIN,
                state=Membership.State.ACTIVE,
                joined_at=timezone.now(),
            )
        messages.success(
            request,
            _("The draft of %(name)s is saved. Only you and its future admins can see it.")
            % {"name": organisation.name},
        )
        return redirect("actors:manage_step", slug=organisation.slug, step=STEPS[1].slug)
    return TemplateResponse(
        request,
        "actors/manage/step.html",
        {"form": form, "step": STEPS[0], "steps": STEPS, "organisation": None},
    )


@login_required
def claim(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    membership = organisation.memberships.filter(user=request.user).first()
    refusal = None
    if membership is not None and membership.state == Membership.State.ACTIVE:
        refusal = _("You are already a member of %(name)s: there is nothing to claim.")
    elif membership is not None:
        refusal = _(
            "You are already invited to %(name)s: accept the invitation from your dashboard."
        )
    elif organisation.claims.filter(user=request.user, status=Claim.Status.PENDING).exists():
        refusal = _("You have already asked to claim %(name)s; staff will answer soon.")
    if refusal:
        messages.error(request, refusal % {"name": organisation.name})
        return redirect("dashboard")

    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = form.save(commit=False)
        claim.organisation, claim.user = organisation, request.user
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            # The same member sent the form twice at once: the first one counts.
            pass
        messages.success(
            request,
            _(
                "Your claim of %(name)s is sent. Staff will check it and write to you; you "
                "will then manage its profile."
            )
            % {"name": organisation.name},
        )
        return redirect("dashboard")
    return TemplateResponse(
        request,
        "actors/manage/claim.html",
        {
            "organisation": organisation,
            "form": form,
            "has_admins": organisation.is_claimed,
        },
    )


# Managing a profile -------------------------------------------------------------------


@organisation_admin_required
def manage(request, organisation):
    return TemplateResponse(
        request,
        "actors/manage/overview.html",
        {
            "organisation": organisation,
            "progress": step_progress(organisation),
            "steps": STEPS,
            "can_submit": organisation.status
            in (Organisation.Status.DRAFT, Organisation.Status.REJECTED),
            "is_stale": organisation.is_published and organisation.is_stale(),
        },
    )


@organisation_admin_required
def manage_step(request, organisation, step):
    step = STEPS_BY_SLUG[step]
    kwargs = {"user": request.user} if step.form_class is IdentityForm else {}
    # The form works on a copy: a refused form must not show its bad values as the
    # organisation's own in the page around it.
    form = step.form_class(
        request.POST or None,
        request.FILES or None,
        instance=copy.copy(organisation),
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        if organisation.is_published:
            messages.success(request, _("Saved. Your changes are live on the public profile."))
        elif organisation.status == Organisation.Status.PENDING:
            messages.success(request, _("Saved. Staff will review the profile as it is now."))
        else:
            messages.success(request, _("Saved."))
        index = STEPS.index(step)
        if not organisation.is_published and index + 1 < len(STEPS):
            return redirect(
                "actors:manage_step", slug=organisation.slug, step=STEPS[index + 1].slug
            )
        return redirect("actors:manage", slug=organisation.slug)
    return TemplateResponse(
        request,
        step.template,
        {"form": form, "step": step, "steps": STEPS, "organisation": organisation},
    )


@require_POST
@organisation_admin_required
def submit(request, organisation):
    if organisation.status not in (Organisation.Status.DRAFT, Organisation.Status.REJECTED):
        messages.info(request, _("This profile is not a draft: there is nothing to submit."))
        return redirect("actors:manage", slug=organisation.slug)
    if not organisation.stages.exists():
        messages.error(
            request,
            _("Place the organisation on at least one stage of the value chain first."),
        )
        return redirect("actors:manage_step", slug=organisation.slug, step="value-chain")
    organisation.status = Organisation.Status.PENDING
    organisation.save(update_fields=["status", "updated_at"])
    messages.success(
        request,
        _("Sent for review. Staff will check the profile and publish it, or tell you why not."),
    )
    return redirect("actors:manage", slug=organisation.slug)


@require_POST
@organisation_admin_required
def confirm(request, organisation):
    if not organisation.is_published:
        messages.info(request, _("Only a published profile needs confirming."))
    else:
        organisation.confirm()
        messages.success(
            request, _("Thank you: the profile is marked as up to date for another year.")
        )
    if request.POST.get("next") == "dashboard":
        return redirect("dashboard")
    return redirect("actors:manage", slug=organisation.slug)


# Members ------------------------------------------------------------------------------


@organisation_admin_required
def manage_members(request, organisation):
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organisation=organisation,
                    user=form.invitee,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    state=Membership.State.INVITED,
                    invited_by=request.user,
                )
        except IntegrityError:
            form.add_error("email", _("This person has already been invited."))
        else:
            send_invitation.enqueue(membership.pk, accept_url(request, membership))
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": membership.email},
            )
            return redirect("actors:manage_members", slug=organisation.slug)
    memberships = organisation.memberships.select_related("user", "user__member_profile").order_by(
        "state", "role", "created_at", "pk"
    )
    page = Paginator(memberships, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "actors/manage/members.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "roles": Membership.Role.choices,
        },
    )


def accept_url(request, membership) -> str:
    return request.build_absolute_uri(
        reverse("actors:accept_invitation", kwargs={"token": make_token(membership)})
    )


@require_POST
@organisation_admin_required
def manage_member(request, organisation, pk):
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    action = request.POST.get("action")
    back = redirect("actors:manage_members", slug=organisation.slug)
    who = membership.user.email if membership.user else membership.email
    if action == "resend" and membership.state == Membership.State.INVITED:
        send_invitation.enqueue(membership.pk, accept_url(request, membership))
        messages.success(request, _("The invitation is sent again to %(email)s.") % {"email": who})
        return back
    if action == "role":
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a role: admin or member."))
            return back
        role = form.cleaned_data["role"]
        with transaction.atomic():
            if role != Membership.Role.ADMIN and is_last_admin(organisation, membership):
                messages.error(request, last_admin_message())
                return back
            membership.role = role
            membership.save(update_fields=["role"])
        messages.success(
            request,
            _("%(who)s is now: %(role)s.") % {"who": who, "role": membership.get_role_display()},
        )
        return back
    if action == "remove":
        with transaction.atomic():
            if is_last_admin(organisation, membership):
                messages.error(request, last_admin_message())
                return back
            forget_membership(membership)
        if membership.user_id == request.user.pk:
            messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
            return redirect("dashboard")
        if membership.state == Membership.State.INVITED:
            messages.success(request, _("The invitation to %(who)s is withdrawn.") % {"who": who})
        else:
            messages.success(request, _("%(who)s is no longer a member.") % {"who": who})
        return back
    messages.error(request, _("That action is not possible."))
    return back


def is_last_admin(organisation, membership) -> bool:
    """Whether taking this membership's admin role away would leave nobody in charge.

    Locks the admin rows, so that two admins demoting each other at once cannot both pass.
    """
    if not (
        membership.role == Membership.Role.ADMIN and membership.state == Membership.State.ACTIVE
    ):
        return False
    admin_ids = list(
        organisation.memberships.admins().select_for_update().values_list("pk", flat=True)
    )
    return admin_ids == [membership.pk]


def last_admin_message() -> str:
    return _("An organisation needs at least one admin: make someone else an admin first.")


def forget_membership(membership):
    if membership.user_id:
        MemberProfile.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id
        ).update(organisation=None)
    membership.delete()


@require_POST
@login_required
def leave(request, slug):
    membership = get_object_or_404(
        Membership.objects.active().select_related("organisation"),
        organisation__slug=slug,
        user=request.user,
    )
    organisation = membership.organisation
    with transaction.atomic():
        if is_last_admin(organisation, membership):
            messages.error(
                request,
                _(
                    "You are the only admin of %(name)s: make someone else an admin before "
                    "you leave."
                )
                % {"name": organisation.name},
            )
            return redirect("dashboard")
        forget_membership(membership)
    messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
    return redirect("dashboard")


# Invitations --------------------------------------------------------------------------


def accept_invitation(request, token):
    try:
        membership = read_token(token)
    except InvalidInvitation as error:
        return TemplateResponse(
            request,
            "actors/manage/invitation_invalid.html",
            {"reason": error.reason},
            status=410 if error.reason in ("expired", "withdrawn") else 400,
        )
    organisation = membership.organisation
    context = {
        "membership": membership,
        "organisation": organisation,
        "invited_email": membership.email or membership.user.email,
    }
    if membership.state == Membership.State.ACTIVE:
        if request.user.is_authenticated and membership.user_id == request.user.pk:
            messages.info(
                request, _("You are already a member of %(name)s.") % {"name": organisation.name}
            )
            return redirect("dashboard")
        return TemplateResponse(
            request, "actors/manage/invitation_invalid.html", {"reason": "used"}, status=410
        )
    if not request.user.is_authenticated:
        return TemplateResponse(request, "actors/manage/invitation.html", context)
    if not is_addressed_to(membership, request.user):
        context["wrong_account"] = True
        return TemplateResponse(request, "actors/manage/invitation.html", context, status=403)
    if request.method == "POST":
        return answer_invitation(request, membership)
    return TemplateResponse(request, "actors/manage/invitation.html", context)


def answer_invitation(request, membership):
    organisation = membership.organisation
    if request.POST.get("answer") == "decline":
        membership.delete()
        messages.info(
            request, _("You declined the invitation to %(name)s.") % {"name": organisation.name}
        )
        return redirect("dashboard")
    if organisation.memberships.filter(user=request.user).exclude(pk=membership.pk).exists():
        # Invited at one address, already in by another account route: keep the one.
        membership.delete()
        messages.info(
            request, _("You are already a member of %(name)s.") % {"name": organisation.name}
        )
        return redirect("dashboard")
    membership.accept(request.user)
    messages.success(
        request,
        _("Welcome to %(name)s: you are now one of its %(role)s.")
        % {
            "name": organisation.name,
            "role": _("admins") if membership.role == Membership.Role.ADMIN else _("members"),
        },
    )
    if membership.role == Membership.Role.ADMIN:
        return redirect("actors:manage", slug=organisation.slug)
    return redirect("dashboard")


# The member's own profile -------------------------------------------------------------


@login_required
def me(request):
    profile = MemberProfile.for_user(request.user)
    form = MemberProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("actors:me")
    return TemplateResponse(request, "actors/manage/member_profile.html", {"form": form})


urlpatterns = [
    path("join/", join, name="join"),
    path("new/", create, name="create"),
    path("me/", me, name="me"),
    path("invitations/<str:token>/", accept_invitation, name="accept_invitation"),
    path("manage/<slug:slug>/", manage, name="manage"),
    path("manage/<slug:slug>/members/", manage_members, name="manage_members"),
    path("manage/<slug:slug>/members/<int:pk>/", manage_member, name="manage_member"),
    path("manage/<slug:slug>/leave/", leave, name="leave"),
    path("manage/<slug:slug>/submit/", submit, name="submit"),
    path("manage/<slug:slug>/confirm/", confirm, name="confirm"),
    path("manage/<slug:slug>/<actors_step:step>/", manage_step, name="manage_step"),
    path("<slug:slug>/claim/", claim, name="claim"),
]
