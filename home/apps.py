from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page, promotional pages, shared StreamField blocks and site navigation."""

    name = "home"
    verbose_name = _("Pages")
