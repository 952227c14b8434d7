"""The dashboard panel's data: the member's organisations, invitations and claims, fetched
in a fixed number of queries whatever their count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.db.models import Exists, OuterRef, Q

from actors.invitations import make_token
from actors.models import Claim, Membership, Organisation

register = template.Library()

OFFER_FIELDS = ("capabilities", "services", "capacity", "equipment", "seeks")


@dataclass
class OrganisationEntry:
    """One of the member's organisations, and what to do next about it."""

    membership: Membership
    organisation: Organisation
    is_admin: bool
    next_step: str | None = None  # the first unfinished step of a draft, if any
    is_stale: bool = False


@dataclass
class Panel:
    organisations: list[OrganisationEntry] = field(default_factory=list)
    invitations: list[tuple[Membership, str]] = field(default_factory=list)  # (it, token)
    claims: list[Claim] = field(default_factory=list)


def next_step(organisation, has_stages: bool) -> str | None:
    if not (organisation.city or organisation.latitude is not None):
        return "location"
    if not has_stages:
        return "value-chain"
    if not any(getattr(organisation, name) for name in OFFER_FIELDS):
        return "offers"
    return None


@register.simple_tag(takes_context=True)
def organisation_panel(context) -> Panel:
    """Two queries: the memberships with their organisations (and whether each is on the
    value chain), then the pending claims."""
    user = context["request"].user
    panel = Panel()
    if not user.is_authenticated:
        return panel
    on_chain = Organisation.stages.through.objects.filter(
        organisation_id=OuterRef("organisation_id")
    )
    memberships = (
        Membership.objects.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .select_related("organisation")
        .annotate(has_stages=Exists(on_chain))
        .order_by("organisation__name", "pk")
    )
    for membership in memberships:
        organisation = membership.organisation
        if membership.state == Membership.State.INVITED:
            panel.invitations.append((membership, make_token(membership)))
            continue
        if membership.user_id is None:
            continue
        entry = OrganisationEntry(
            membership=membership,
            organisation=organisation,
            is_admin=membership.role == Membership.Role.ADMIN,
        )
        if organisation.status == Organisation.Status.DRAFT:
            entry.next_step = next_step(organisation, membership.has_stages)
        entry.is_stale = organisation.is_published and organisation.is_stale()
        panel.organisations.append(entry)
    panel.claims = list(
        Claim.objects.filter(user=user, status=Claim.Status.PENDING)
        .select_related("organisation")
        .order_by("-created_at")
    )
    return panel
