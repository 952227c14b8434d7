"""Staff decisions on organisations and claims: approve, reject, verify, merge, and the
emails that tell the people concerned. The admin views and bulk actions call these."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Claim, MemberProfile, Membership, Organisation


class ReviewError(Exception):
    """A decision that cannot be taken, with a message staff can act on."""


# Organisations ------------------------------------------------------------------------


def approve(organisation: Organisation, *, by) -> bool:
    """Publish the organisation and tell its admins it is live. False if it already was."""
    if organisation.merged_into_id:
        raise ReviewError(_("“%(name)s” was merged into another profile.") % _named(organisation))
    if organisation.status == Organisation.Status.PUBLISHED:
        return False
    organisation.status = Organisation.Status.PUBLISHED
    organisation.rejection_reason = ""
    fields = ["status", "rejection_reason", "updated_at"]
    if organisation.last_confirmed_at is None:
        # Staff have just looked at it: it counts as fresh from now.
        organisation.last_confirmed_at = timezone.now()
        fields.append("last_confirmed_at")
    organisation.save(update_fields=fields)
    _mail_admins(organisation, "review_approved", {})
    return True


def reject(organisation: Organisation, *, by, reason: str) -> bool:
    """Turn the organisation down (it leaves the public map) and send its admins the reason."""
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Give the reason for the rejection: it is sent to the admins."))
    if organisation.merged_into_id:
        raise ReviewError(_("“%(name)s” was merged into another profile.") % _named(organisation))
    organisation.status = Organisation.Status.REJECTED
    organisation.rejection_reason = reason
    organisation.save(update_fields=["status", "rejection_reason", "updated_at"])
    _mail_admins(organisation, "review_rejected", {"reason": reason})
    return True


def verify(organisation: Organisation, *, by) -> bool:
    """Mark the organisation as checked by staff. False if it already was."""
    if organisation.is_verified:
        return False
    organisation.is_verified = True
    organisation.verified_by = by
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
    return True


def unverify(organisation: Organisation, *, by) -> bool:
    if not organisation.is_verified:
        return False
    organisation.is_verified = False
    organisation.verified_by = None
    organisation.verified_at = None
    organisation.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
    return True


# Claims -------------------------------------------------------------------------------


@transaction.atomic
def approve_claim(claim: Claim, *, by) -> Membership:
    """Make the claimant an active admin of the organisation, and tell them."""
    _check_pending(claim)
    membership = Membership.objects.filter(organisation=claim.organisation, user=claim.user).first()
    if membership is None:
        membership = Membership(organisation=claim.organisation, user=claim.user)
    membership.role = Membership.Role.ADMIN
    membership.state = Membership.State.ACTIVE
    membership.joined_at = membership.joined_at or timezone.now()
    membership.save()
    _decide(claim, Claim.Status.APPROVED, by, "")
    _mail(
        [claim.user.email],
        "claim_approved",
        {"organisation": claim.organisation, "claim": claim},
    )
    return membership


@transaction.atomic
def refuse_claim(claim: Claim, *, by, reason: str) -> None:
    """Turn the claim down and send the claimant the reason."""
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Give the reason for the refusal: it is sent to the member."))
    _check_pending(claim)
    _decide(claim, Claim.Status.REFUSED, by, reason)
    _mail(
        [claim.user.email],
        "claim_refused",
        {"organisation": claim.organisation, "claim": claim, "reason": reason},
    )


def _check_pending(claim: Claim):
    if claim.status != Claim.Status.PENDING:
        raise ReviewError(
            _("This claim was already decided (%(status)s).")
            % {"status": claim.get_status_display()}
        )


def _decide(claim: Claim, status: str, by, reason: str):
    claim.status = status
    claim.reason = reason
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])


# Merging duplicates -------------------------------------------------------------------

# Fields of the kept profile that the duplicate fills when they are empty. Not the slug,
# the status or the source id (unique per registry: the duplicate keeps its own, so that
# a later import still recognises the record and finds it merged).
FILLED_FIELDS = (
    "acronym",
    "description",
    "website",
    "logo",
    "size_band",
    "year_founded",
    "city",
    "capabilities",
    "services",
    "capacity",
    "equipment",
    "seeks",
    "partner_contact_email",
)

ROLE_RANK = {Membership.Role.MEMBER: 0, Membership.Role.ADMIN: 1}
STATE_RANK = {Membership.State.INVITED: 0, Membership.State.ACTIVE: 1}


@dataclass
class MergeReport:
    """What a merge did, for the message shown to staff."""

    memberships_moved: int = 0
    memberships_combined: int = 0
    claims_moved: int = 0
    fields_filled: list[str] = field(default_factory=list)


@transaction.atomic
def merge(duplicate: Organisation, into: Organisation, *, by) -> MergeReport:
    """Fold `duplicate` into `into`: its people, pending claims, place on the chain and
    missing details move over; the duplicate stays as a record pointing at the kept one
    (its address redirects there) and leaves the public map."""
    # Lock both rows, always in the same order, so that two merges cannot interleave.
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update().filter(
            pk__in=sorted({duplicate.pk, into.pk})
        )
    }
    duplicate, into = locked.get(duplicate.pk), locked.get(into.pk)
    if duplicate is None or into is None:
        raise ReviewError(_("One of the organisations no longer exists."))
    if duplicate.pk == into.pk:
        raise ReviewError(_("An organisation cannot be merged into itself."))
    if duplicate.merged_into_id:
        raise ReviewError(
            _("“%(name)s” was already merged into another profile.") % _named(duplicate)
        )
    if into.merged_into_id:
        raise ReviewError(
            _("“%(name)s” was itself merged into another profile; merge into that one.")
            % _named(into)
        )

    report = MergeReport()
    _merge_memberships(duplicate, into, report)

    for claim in duplicate.claims.filter(status=Claim.Status.PENDING):
        if into.claims.filter(status=Claim.Status.PENDING, user_id=claim.user_id).exists():
            # The same person already asks for the kept profile: one request is enough.
            claim.delete()
        else:
            claim.organisation = into
            claim.save(update_fields=["organisation"])
            report.claims_moved += 1

    into.stages.add(*duplicate.stages.all())
    into.technologies.add(*duplicate.technologies.all())
    into.certifications.add(*duplicate.certifications.all())

    for name in FILLED_FIELDS:
        if _is_empty(getattr(into, name)) and not _is_empty(getattr(duplicate, name)):
            setattr(into, name, getattr(duplicate, name))
            report.fields_filled.append(name)
    if into.latitude is None and duplicate.latitude is not None:
        into.latitude, into.longitude = duplicate.latitude, duplicate.longitude
        report.fields_filled += ["latitude", "longitude"]
    into.save()

    MemberProfile.objects.filter(organisation=duplicate).update(organisation=into)
    # Earlier duplicates of the duplicate now point straight at the kept profile, so that
    # their old addresses redirect in one step.
    Organisation.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    return report


def _merge_memberships(duplicate: Organisation, into: Organisation, report: MergeReport):
    kept = list(into.memberships.select_related("user"))
    by_user = {m.user_id: m for m in kept if m.user_id}
    by_email = {}
    for kept_membership in kept:
        for address in _addresses(kept_membership):
            by_email.setdefault(address, kept_membership)
    for membership in duplicate.memberships.select_related("user"):
        existing = by_user.get(membership.user_id) if membership.user_id else None
        if existing is None:
            matches = [by_email[a] for a in sorted(_addresses(membership)) if a in by_email]
            # The same person: an invitation to their address, or their own membership.
            existing = next(
                (m for m in matches if m.user_id is None or m.user_id == membership.user_id),
                None,
            )
            if existing is None and matches and membership.user_id is None:
                # An invitation to someone already in the kept profile: nothing to move.
                membership.delete()
                report.memberships_combined += 1
                continue
        if existing is None:
            membership.organisation = into
            if membership.email.lower() in by_email:
                # The kept profile already used that address for someone else's
                # invitation; it only recorded where this one was sent.
                membership.email = ""
            membership.save(update_fields=["organisation", "email"])
            report.memberships_moved += 1
            continue
        # The person is in both: one membership, with the higher role and state.
        if ROLE_RANK[membership.role] > ROLE_RANK[existing.role]:
            existing.role = membership.role
        if STATE_RANK[membership.state] > STATE_RANK[existing.state]:
            existing.state = membership.state
            existing.joined_at = membership.joined_at or timezone.now()
        if existing.user_id is None:
            existing.user_id = membership.user_id
        membership.delete()
        existing.save(update_fields=["user", "role", "state", "joined_at"])
        report.memberships_combined += 1


def _addresses(membership: Membership) -> set[str]:
    addresses = {membership.email.lower()}
    if membership.user_id and membership.user.email:
        addresses.add(membership.user.email.lower())
    return addresses - {""}


def _is_empty(value) -> bool:
    return value is None or value == ""


# Emails -------------------------------------------------------------------------------


def _mail_admins(organisation: Organisation, template: str, context: dict):
    recipients = list(
        Membership.objects.admins()
        .filter(organisation=organisation, user__isnull=False)
        .values_list("user__email", flat=True)
    )
    _mail(recipients, template, {"organisation": organisation, **context})


def _mail(recipients: list[str], template: str, context: dict):
    """One message per recipient (no one sees the others' addresses), sent once the
    decision is committed, so that a rolled-back decision tells no one anything."""
    recipients = sorted({email for email in recipients if email})
    if not recipients:
        return
    organisation = context["organisation"]
    context = {
        **context,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "COBIOE"),
        "profile_url": _absolute(_profile_path(organisation)),
        "dashboard_url": _absolute(_reverse_or_empty("dashboard")),
    }
    subject = " ".join(render_to_string(f"actors/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"actors/emails/{template}_body.txt", context)
    messages = [EmailMessage(subject, body, to=[email]) for email in recipients]

    def send():
        get_connection().send_messages(messages)

    transaction.on_commit(send)


def _profile_path(organisation: Organisation) -> str:
    try:
        return organisation.get_absolute_url()
    except NoReverseMatch:
        return ""


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _absolute(path: str) -> str:
    if not path:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _named(organisation: Organisation) -> dict:
    return {"name": organisation.name}
