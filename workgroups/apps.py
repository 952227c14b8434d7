from django.utils.translation import gettext_lazy as _

from cobioe.plugins import PluginConfig


class WorkgroupsConfig(PluginConfig):
    """Working groups, their membership and join requests.

    An empty plugin for now: the community issue fills it and mounts it at /groups/.
    """

    name = "workgroups"
    verbose_name = _("Working groups")
