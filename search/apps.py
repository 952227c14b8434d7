from django.utils.translation import gettext_lazy as _

from cobioe.plugins import PluginConfig


class SearchConfig(PluginConfig):
    """Site-wide search at /search/ over the Wagtail pages."""

    name = "search"
    verbose_name = _("Search")
    url_prefix = "search/"
