"""Background work of the actors plugin (django-tasks): invitation emails, and the
reminders that keep the map fresh."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from actors.models import Membership, Organisation

# An organisation's admins hear about a stale profile at most this often.
REMINDER_INTERVAL = timedelta(days=30)


def render_email(template_prefix: str, context: dict, to: list[str]) -> mail.EmailMessage:
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return mail.EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )


def site_url(path: str) -> str:
    """An absolute address for emails sent without a request at hand."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_invitation(membership_id: int, accept_url: str) -> bool:
    """Email the invitation link to the person invited; False if it was withdrawn since."""
    membership = (
        Membership.objects.invited()
        .select_related("organisation", "invited_by", "user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        return False
    recipient = membership.email or membership.user.email
    with translation.override(settings.LANGUAGE_CODE):
        message = render_email(
            "actors/emails/invitation",
            {
                "membership": membership,
                "organisation": membership.organisation,
                "invited_by": membership.invited_by,
                "accept_url": accept_url,
                "has_account": membership.user_id is not None,
                "signup_url": site_url(reverse("account_signup")),
            },
            [recipient],
        )
    message.send()
    return True


@task()
def send_confirmation_reminders() -> int:
    """Ask the admins of every stale profile to confirm it, at most once per
    REMINDER_INTERVAL per organisation. Unclaimed profiles have nobody to ask. Returns the
    number of emails sent."""
    now = timezone.now()
    admins = Membership.objects.admins().filter(user__isnull=False)
    organisations = (
        Organisation.objects.stale(now)
        .filter(
            Q(confirmation_reminded_at__isnull=True)
            | Q(confirmation_reminded_at__lt=now - REMINDER_INTERVAL)
        )
        .filter(Exists(admins.filter(organisation=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=admins.select_related("user"),
                to_attr="admins_to_remind",
            )
        )
        .order_by("pk")
    )
    sent = 0
    with mail.get_connection() as connection, translation.override(settings.LANGUAGE_CODE):
        for organisation in organisations.iterator(chunk_size=200):
            manage_url = site_url(reverse("actors:manage", kwargs={"slug": organisation.slug}))
            messages = [
                render_email(
                    "actors/emails/reminder",
                    {
                        "organisation": organisation,
                        "admin": membership.user,
                        "manage_url": manage_url,
                        "last_confirmed_at": organisation.last_confirmed_at
                        or organisation.created_at,
                    },
                    [membership.user.email],
                )
                for membership in organisation.admins_to_remind
                if membership.user.email
            ]
            sent += connection.send_messages(messages) or 0
            # Recorded one organisation at a time, so that a run that fails half-way
            # resumes the next day without reminding anyone twice.
            Organisation.objects.filter(pk=organisation.pk).update(confirmation_reminded_at=now)
    return sent
