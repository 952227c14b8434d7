from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Members' accounts (django-allauth, customised through its adapter and templates)
    and the member dashboard that the plugins fill."""

    name = "accounts"
    verbose_name = _("Accounts")
