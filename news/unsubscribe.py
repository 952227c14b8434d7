"""The signed link of a digest that stops it: one click, no login.

The token carries only the member's id, signed with the site's SECRET_KEY under a salt of
its own (so that no other signed value of the site can pass for it) and timestamped, so
that an old link stops working after NEWS_UNSUBSCRIBE_MAX_AGE_DAYS.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "news.digest.unsubscribe"


class InvalidToken(Exception):
    """The link was altered or signed elsewhere ("tampered") or is too old ("expired")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(user) -> str:
    return signer().sign(str(user.pk))


def read_token(token: str) -> int:
    """The id of the member the link was made for, or InvalidToken."""
    max_age = timedelta(days=settings.NEWS_UNSUBSCRIBE_MAX_AGE_DAYS)
    try:
        value = signer().unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidToken("expired") from error
    except signing.BadSignature as error:
        raise InvalidToken("tampered") from error
    if not value.isdigit():  # only ever signed by make_token, but never trust a payload
        raise InvalidToken("tampered")
    return int(value)


def unsubscribe_url(user) -> str:
    """The absolute address for emails (List-Unsubscribe needs one)."""
    path = reverse("news:unsubscribe", kwargs={"token": make_token(user)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
