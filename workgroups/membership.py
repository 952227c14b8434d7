"""What people do with a group's membership: join, ask, invite, answer, leave, manage.

Each action checks who may do it (with the rules of `workgroups.models`), changes the
membership in one transaction, and notifies the people concerned once it is committed.
An action that is not allowed raises `Refused` with the reason, and changes nothing.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from notifications.models import Notification

from accounts.notify import notify
from workgroups.models import Membership, WorkingGroupPage

JOIN_REQUEST = "workgroups.join_request"
ANSWER = "workgroups.answer"
INVITATION = "workgroups.invitation"
ADDED = "workgroups.added"

ONLY_COORDINATOR = gettext_lazy(
    "This is the group's only coordinator: make another member coordinator first."
)


class Refused(Exception):
    """The action is not allowed; the message says why, for the person who tried."""


def display_name(user) -> str:
    """How a member is named to coordinators and in notifications."""
    profile = getattr(user, "member_profile", None)
    return (profile.display_name if profile else "") or user.email


def _locked(group, user) -> Membership | None:
    """The user's membership row, locked until the transaction ends, so that two clicks
    (or two coordinators) cannot both act on it."""
    group.forget_membership(user)
    return Membership.objects.select_for_update().filter(group=group, user=user).first()


def _locked_in_state(group, user, state: str, refusal: str) -> Membership:
    """The user's own membership, locked, if it is in `state`; else refused with `refusal`."""
    existing = _locked(group, user)
    if not existing or existing.state != state:
        raise Refused(refusal)
    return existing


def _coordinators_except(group, user) -> list:
    return [
        membership.user
        for membership in group.memberships.active()
        .coordinators()
        .exclude(user=user)
        .select_related("user")
    ]


def _who_answers(group, user) -> tuple[list, bool]:
    """Who is told of `user`'s request to join: the group's coordinators; if it has none
    (all left, or it was made without one), the platform's staff, who manage every group
    from its page, so that the request does not wait unseen. The flag says which."""
    coordinators = _coordinators_except(group, user)
    if coordinators:
        return coordinators, False
    # The same people as `workgroups.models.is_staff`, the rule of `can_manage`.
    staff = (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
        .exclude(pk=user.pk)
    )
    return list(staff), True


def hide_notifications(group, user) -> None:
    """Someone no longer sees a members-only group's content: the notifications about it
    leave their notification centre."""
    if not group.is_members_only:
        return
    Notification.objects.filter(
        recipient=user,
        target_content_type=ContentType.objects.get_for_model(WorkingGroupPage),
        target_object_id=str(group.pk),
    ).update(public=False)


# A member's own actions ---------------------------------------------------------------


@transaction.atomic
def join(group, user) -> Membership:
    """Join an open group at once (or accept an invitation waiting for the user)."""
    existing = _locked(group, user)
    if existing and existing.state == Membership.State.INVITED:
        return accept_invitation(group, user)
    if existing and existing.state == Membership.State.ACTIVE:
        raise Refused(_("You are already a member of this group."))
    if group.join_policy != WorkingGroupPage.JoinPolicy.OPEN:
        raise Refused(
            _("This group is not open: ask to join it.")
            if group.join_policy == WorkingGroupPage.JoinPolicy.REQUEST
            else _("This group is by invitation only: its coordinators invite its members.")
        )
    if existing:  # a request waiting from before the group opened
        existing.state, existing.decided = Membership.State.ACTIVE, timezone.now()
        existing.save(update_fields=["state", "decided"])
        return existing
    return Membership.objects.create(
        group=group, user=user, state=Membership.State.ACTIVE, decided=timezone.now()
    )


@transaction.atomic
def request_to_join(group, user) -> Membership:
    """Ask the coordinators of a group one joins on request; they are notified."""
    existing = _locked(group, user)
    if existing:
        raise Refused(
            {
                Membership.State.ACTIVE: _("You are already a member of this group."),
                Membership.State.REQUESTED: _("You have already asked to join this group."),
                Membership.State.INVITED: _(
                    "You are invited to this group: accept the invitation instead."
                ),
            }[existing.state]
        )
    if group.join_policy != WorkingGroupPage.JoinPolicy.REQUEST:
        raise Refused(
            _("This group is open: join it directly.")
            if group.join_policy == WorkingGroupPage.JoinPolicy.OPEN
            else _("This group is by invitation only: its coordinators invite its members.")
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, user=user, state=Membership.State.REQUESTED
            )
    except IntegrityError as error:  # the same request sent twice at once
        raise Refused(_("You have already asked to join this group.")) from error
    recipients, to_staff = _who_answers(group, user)
    title = _("%(name)s asks to join %(group)s") % {
        "name": display_name(user),
        "group": group.title,
    }
    description = (
        _(
            "The group has no coordinator: approve or refuse the request on the group's "
            "page, and name a coordinator in its members list."
        )
        if to_staff
        else _("Approve or refuse the request on the group's page.")
    )
    transaction.on_commit(
        lambda: notify(
            JOIN_REQUEST,
            recipients,
            verb="asked to join",
            title=title,
            url=group.url + "#requests",
            actor=user,
            target=group,
            action_object=membership,
            description=description,
        )
    )
    return membership


@transaction.atomic
def cancel_request(group, user) -> None:
    _locked_in_state(
        group, user, Membership.State.REQUESTED, _("You have no request waiting in this group.")
    ).delete()


@transaction.atomic
def accept_invitation(group, user) -> Membership:
    existing = _locked_in_state(
        group, user, Membership.State.INVITED, _("You have no invitation to this group.")
    )
    existing.state, existing.decided = Membership.State.ACTIVE, timezone.now()
    existing.save(update_fields=["state", "decided"])
    return existing


@transaction.atomic
def decline_invitation(group, user) -> None:
    _locked_in_state(
        group, user, Membership.State.INVITED, _("You have no invitation to this group.")
    ).delete()


@transaction.atomic
def leave(group, user) -> None:
    existing = _locked_in_state(
        group, user, Membership.State.ACTIVE, _("You are not a member of this group.")
    )
    if existing.is_last_coordinator():
        raise Refused(
            _("You are the only coordinator of this group: make another member coordinator first.")
        )
    existing.delete()
    hide_notifications(group, user)


# What coordinators (and staff) do -----------------------------------------------------


def _check_manager(group, by) -> None:
    group.forget_membership(by)
    if not group.can_manage(by):
        raise Refused(_("Only the group's coordinators and staff can do this."))


def _locked_row(group, membership_id) -> Membership:
    """A membership of this group, locked; a forged id (another group's, or none) is
    refused like an unknown one."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(group=group, pk=membership_id)
        .first()
    )
    if membership is None:
        raise LookupError(membership_id)
    return membership


def _answer(group, membership, by, approved: bool) -> None:
    if approved:
        title = _("You are now a member of %(group)s") % {"group": group.title}
    else:
        title = _("Your request to join %(group)s was not accepted") % {"group": group.title}
    _tell(ANSWER, membership.user, "approved" if approved else "refused", title, group, by)


def _tell(kind, user, verb, title, group, by) -> None:
    """Notify one member of what `by` did about them in the group, once it is committed."""
    transaction.on_commit(
        lambda: notify(kind, [user], verb=verb, title=title, url=group.url, actor=by, target=group)
    )


@transaction.atomic
def approve(group, membership_id, by) -> Membership:
    _check_manager(group, by)
    membership = _locked_row(group, membership_id)
    if membership.user_id == by.pk:
        raise Refused(_("You cannot approve your own request."))
    if membership.state != Membership.State.REQUESTED:
        raise Refused(_("There is no request to approve here."))
    membership.state, membership.decided = Membership.State.ACTIVE, timezone.now()
    membership.save(update_fields=["state", "decided"])
    _answer(group, membership, by, approved=True)
    return membership


@transaction.atomic
def refuse(group, membership_id, by) -> Membership:
    _check_manager(group, by)
    membership = _locked_row(group, membership_id)
    if membership.user_id == by.pk:
        raise Refused(_("You cannot refuse your own request: cancel it instead."))
    if membership.state != Membership.State.REQUESTED:
        raise Refused(_("There is no request to refuse here."))
    membership.delete()
    _answer(group, membership, by, approved=False)
    return membership


def _added(group, membership, by) -> None:
    """Someone made a member (or coordinator) without asking: staff added them."""
    if membership.role == Membership.Role.COORDINATOR:
        title = _("You are now a coordinator of %(group)s") % {"group": group.title}
    else:
        title = _("You are now a member of %(group)s") % {"group": group.title}
    _tell(ADDED, membership.user, "added you to", title, group, by)


def find_account(email: str):
    """The active account with this verified address, or None."""
    address = (
        EmailAddress.objects.filter(
            email__iexact=email.strip(), verified=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return address.user if address else None


@transaction.atomic
def invite(group, email: str, by) -> Membership:
    """Invite the member who has an account with this email address; they are notified."""
    _check_manager(group, by)
    user = find_account(email)
    if user is None:
        raise Refused(
            _(
                "No member of the platform has the address %(email)s (verified). Ask them to "
                "sign up first, then invite them."
            )
            % {"email": email}
        )
    existing = _locked(group, user)
    if existing:
        raise Refused(
            {
                Membership.State.ACTIVE: _("%(email)s is already a member of this group."),
                Membership.State.REQUESTED: _(
                    "%(email)s has asked to join this group: approve their request instead."
                ),
                Membership.State.INVITED: _("%(email)s is already invited to this group."),
            }[existing.state]
            % {"email": email}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, user=user, state=Membership.State.INVITED, invited_by=by
            )
    except IntegrityError as error:
        raise Refused(
            _("%(email)s is already invited to this group.") % {"email": email}
        ) from error
    _invitation(group, membership, by)
    return membership


def _invitation(group, membership, by) -> None:
    title = _("%(name)s invites you to join %(group)s") % {
        "name": display_name(by),
        "group": group.title,
    }
    user = membership.user
    transaction.on_commit(
        lambda: notify(
            INVITATION,
            [user],
            verb="invited you to join",
            title=title,
            url=group.url,
            actor=by,
            target=group,
            action_object=membership,
            description=_("Accept or decline the invitation on the group's page."),
        )
    )


@transaction.atomic
def remove(group, membership_id, by) -> Membership:
    """Remove a member, or withdraw an invitation."""
    _check_manager(group, by)
    membership = _locked_row(group, membership_id)
    if membership.user_id == by.pk:
        raise Refused(_("To leave the group yourself, use “Leave this group”."))
    if membership.state == Membership.State.REQUESTED:
        raise Refused(_("This is a request to join: approve or refuse it."))
    if membership.is_last_coordinator():
        raise Refused(str(ONLY_COORDINATOR))
    membership.delete()
    if membership.state == Membership.State.ACTIVE:
        hide_notifications(group, membership.user)
    return membership


@transaction.atomic
def set_role(group, membership_id, by, role: str) -> Membership:
    """Make a member coordinator, or a coordinator a member again."""
    _check_manager(group, by)
    membership = _locked_row(group, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise Refused(_("Only members of the group can be made coordinators."))
    if membership.role == role:
        message = (
            _("%(name)s is already a coordinator.")
            if role == Membership.Role.COORDINATOR
            else _("%(name)s is not a coordinator.")
        )
        raise Refused(message % {"name": display_name(membership.user)})
    if role == Membership.Role.MEMBER and membership.is_last_coordinator():
        raise Refused(str(ONLY_COORDINATOR))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


# What staff change in the admin -------------------------------------------------------
#
# Staff edit the rows themselves there (Working groups → Memberships); these keep the
# site's rules and tell people what happened, as the actions above do. `before` is the row
# as stored (None for a new one), `after` as it is saved (None when it is deleted).


def check_staff_change(before: Membership | None, after: Membership | None, by) -> None:
    """Refuse a change that would leave a group without its only coordinator, and name
    the staff member who invites. Call it in the transaction that saves the change, with
    `before` read and locked in it."""
    steps_down = before is not None and not (
        after is not None and after.group_id == before.group_id and after.is_active_coordinator
    )
    if steps_down and before.is_last_coordinator():
        raise Refused(str(ONLY_COORDINATOR))
    if (
        after is not None
        and after.state == Membership.State.INVITED
        and _state_for_same_person(before, after) != Membership.State.INVITED
    ):
        after.invited_by = by


def _state_for_same_person(before, after) -> str | None:
    """The state the person of `after` had in its group before the change, if any."""
    if before is None or (before.group_id, before.user_id) != (after.group_id, after.user_id):
        return None
    return before.state


def staff_changed(before: Membership | None, after: Membership | None, by) -> None:
    """After the change: the person made a member is notified (the answer to their request
    if they had asked), the one invited gets the invitation, and one who is no longer a
    member of a members-only group stops seeing its notifications."""
    was = _state_for_same_person(before, after) if after is not None else None
    still_member = was == Membership.State.ACTIVE and after.state == Membership.State.ACTIVE
    if before is not None and before.state == Membership.State.ACTIVE and not still_member:
        hide_notifications(before.group, before.user)
    if after is None or after.state == was:
        return
    if after.state == Membership.State.ACTIVE:
        if was == Membership.State.REQUESTED:
            _answer(after.group, after, by, approved=True)
        else:
            _added(after.group, after, by)
    elif after.state == Membership.State.INVITED:
        _invitation(after.group, after, by)
