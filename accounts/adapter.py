"""allauth's extension point for how accounts behave on this platform."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUPS", True)


def user_display(user):
    """How allauth names a member in its pages and messages: by the email they log in with
    (the username is generated and means nothing to them). For ACCOUNT_USER_DISPLAY."""
    return user.email or user.get_username()
