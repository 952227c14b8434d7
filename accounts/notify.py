"""Sending a notification: the one call plugins make, applying each member's choice of
channel (in the site, by email, both, none) for the kind of notification.

    transaction.on_commit(lambda: notify(
        "workgroups.join_request", coordinators, verb="asked to join",
        title=..., url=group.url, actor=request.user, target=group,
    ))
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from notifications.models import Notification

from accounts.models import BY_EMAIL, IN_SITE, NotificationPreference
from accounts.tasks import send_notification_emails
from cobioe.plugins import notification_kinds


def notify(
    kind: str,
    recipients,
    *,
    verb: str,
    title: str,
    url: str,
    actor=None,
    target=None,
    action_object=None,
    description: str = "",
) -> int:
    """Notify `recipients` (users; inactive ones are skipped, each counted once) of
    something of `kind`, a key an installed plugin declared (else ValueError). Returns how
    many members were notified, in the site or by email.

    A fixed number of queries whatever the number of recipients: their choices (one),
    the in-site notifications (one insert), and one background task for the emails.
    With no `actor`, the site acts: the notification names the action object, else the
    target, else the member themself as its actor (the package requires one).
    """
    declared = notification_kinds().get(kind)
    if declared is None:
        raise ValueError(f"Undeclared notification kind: {kind!r}")
    members = {}
    for user in recipients:
        if user.is_active:
            members.setdefault(user.pk, user)
    if not members:
        return 0

    chosen = NotificationPreference.objects.channels_for(kind, members)
    channel = {pk: chosen.get(pk, declared.default) for pk in members}
    in_site = [pk for pk in members if channel[pk] in IN_SITE]
    # The task reads the addresses itself (a member without one gets no email): reading
    # them here would cost a query per member given as `.only("pk")`.
    by_email = [pk for pk in members if channel[pk] in BY_EMAIL]

    if in_site:
        now = timezone.now()
        fields = {
            "verb": verb,
            "description": description,
            "timestamp": now,
            "public": True,
            "data": {"title": title, "url": url, "kind": kind},
            **_generic("target", target),
            **_generic("action_object", action_object),
        }
        stand_in = actor if actor is not None else (action_object or target)
        Notification.objects.bulk_create(
            Notification(
                recipient_id=pk,
                **_generic("actor", stand_in if stand_in is not None else members[pk]),
                **fields,
            )
            for pk in in_site
        )
    if by_email:
        send_notification_emails.enqueue(
            by_email, kind=kind, title=title, url=url, description=description
        )
    return len(set(in_site) | set(by_email))


def _generic(name: str, obj) -> dict:
    """The two columns of one of the notification's generic relations (ContentType's
    cache answers after its first use, so no query per call)."""
    if obj is None:
        return {}
    return {
        f"{name}_content_type": ContentType.objects.get_for_model(obj),
        f"{name}_object_id": str(obj.pk),
    }
