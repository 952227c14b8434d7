from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page, promotional pages, shared StreamField blocks and site navigation."""

    name = "home"
    verbose_name = _("Pages")

    def ready(self):
        # The cached site lookups and navigation are dropped by these modules' receivers,
        # wherever a site, a page or the settings change (the admin, a command, a task).
        from home import navigation, sites  # noqa: F401
