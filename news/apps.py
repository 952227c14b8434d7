from django.utils.translation import gettext_lazy as _

from cobioe.plugins import PluginConfig


class NewsConfig(PluginConfig):
    """News pages, feeds, each member's monitoring and digests.

    An empty plugin for now: the news issue fills it.
    """

    name = "news"
    verbose_name = _("News")
