from django.utils.translation import gettext_lazy as _

from cobioe.plugins import PluginConfig


class ForumConfig(PluginConfig):
    """The forum of the working groups (django-machina, overridden through this app).

    An empty plugin for now: the community issue makes it machina's `forum` app override.
    """

    name = "forum"
    verbose_name = _("Forum")
