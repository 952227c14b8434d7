"""Invitations to join an organisation: the signed link sent by email, and how an
invitation finds the account of the person it names."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import signing
from django.db.models import Q

from actors.models import Membership

# An invitation link stops working after this long; the admin can send a new one.
INVITATION_MAX_AGE = timedelta(days=14)
SALT = "actors.invitation"


class InvalidInvitation(Exception):
    """The link was altered, has expired, or its invitation no longer exists."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "tampered", "expired" or "withdrawn"


def make_token(membership: Membership) -> str:
    # The email is signed along with the id, so that a link can never open another
    # invitation, even one made later with the same id on a restored database.
    return signing.dumps({"m": membership.pk, "e": membership.email.lower()}, salt=SALT)


def read_token(token: str) -> Membership:
    """The invitation a link names, with its organisation, or InvalidInvitation."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidInvitation("expired") from error
    except signing.BadSignature as error:
        raise InvalidInvitation("tampered") from error
    membership = (
        Membership.objects.select_related("organisation", "invited_by")
        .filter(pk=payload.get("m"))
        .first()
    )
    if membership is None or membership.email.lower() != payload.get("e"):
        raise InvalidInvitation("withdrawn")
    return membership


def is_addressed_to(membership: Membership, user) -> bool:
    """Whether the signed-in user is the person the invitation was sent to."""
    if membership.user_id is not None:
        return membership.user_id == user.pk
    email = membership.email
    if user.email and user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def attach_invitations(user, email: str) -> int:
    """Give the user the invitations sent to this address before they had an account.

    They still accept each one; this only makes them show on the dashboard.
    """
    attached = 0
    pending = Membership.objects.filter(user__isnull=True, email__iexact=email)
    for membership in pending.select_related("organisation"):
        if membership.organisation.memberships.filter(user=user).exists():
            continue  # already in it another way: the address invitation stays unused
        membership.user = user
        membership.save(update_fields=["user"])
        attached += 1
    return attached


def invitations_for(user):
    """The invitations waiting for the user: to their account, or to their address."""
    return Membership.objects.invited().filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    )
