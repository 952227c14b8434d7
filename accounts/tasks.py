"""Background work of the core (django-tasks): the emails of the notifications members
chose to receive by email."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from cobioe.plugins import notification_kinds


def site_url(path: str) -> str:
    """An absolute address for emails sent without a request at hand; a full address is
    kept as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


@task()
def send_notification_emails(
    user_ids: list[int], *, kind: str, title: str, url: str, description: str = ""
) -> int:
    """Email one notification to each of these members still active; returns how many
    emails were sent. Members are read again here: the task may run long after the call,
    and an address may have changed since."""
    members = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .only("pk", "email")
    )
    declared = notification_kinds().get(kind)
    context = {
        "title": title,
        "description": description,
        "url": site_url(url),
        "kind_label": declared.label if declared else "",
        "site_url": site_url("/"),
        "settings_url": site_url(reverse("notification_settings")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        # The same email for everyone: rendered once, sent to each on its own (no member
        # sees another's address).
        subject = " ".join(
            render_to_string("accounts/emails/notification_subject.txt", context).split()
        )
        text = render_to_string("accounts/emails/notification.txt", context)
        html = render_to_string("accounts/emails/notification.html", context)
    messages = []
    for member in members:
        message = mail.EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[member.email],
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
