"""Context processors of the core: what every page's header needs about the member."""

from functools import cache

from accounts.notifications import unread_count


def notifications(request) -> dict:
    """`unread_notifications`: the signed-in member's unread count, counted (one query)
    only when a template uses it, and once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return unread_count(user)

    return {"unread_notifications": count}
