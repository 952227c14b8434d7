"""A member's in-site notifications (django-notifications-community), as the notification
centre, the dashboard and the header show them.

Plugins create the notifications. A plugin puts `{"title": ..., "url": ...}` in a
notification's `data`, so that the centre shows it without a query per notification, and
sets `public=False` on those whose object went out of view: the member no longer sees them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from notifications.models import Notification


def notifications_of(user):
    """What the member may see, newest first."""
    return Notification.objects.filter(recipient=user, public=True).order_by("-timestamp", "-pk")


def unread_count(user) -> int:
    return notifications_of(user).unread().count()


def link_of(notification) -> str | None:
    """Where the notification leads: the address the plugin stored, else its object's own
    (`get_url()`, as Wagtail pages have, or `get_absolute_url()`)."""
    data = notification.data or {}
    url = data.get("url")
    if not url:
        for obj in (notification.action_object, notification.target):
            method = getattr(obj, "get_url", None) or getattr(obj, "get_absolute_url", None)
            if method is not None:
                url = method()
                break
    # Only web addresses become links: never a javascript: or data: URL.
    if url and urlsplit(url).scheme in ("", "http", "https"):
        return url
    return None


def title_of(notification) -> str:
    data = notification.data or {}
    return data.get("title") or str(notification.action_object or notification.verb)


def presented(notifications) -> list:
    """The notifications with `link` and `title` attached, for the templates."""
    notifications = list(notifications)
    for notification in notifications:
        notification.link = link_of(notification)
        notification.title = title_of(notification)
    return notifications
