from django.utils.translation import gettext_lazy as _

from cobioe.plugins import PluginConfig


class ActorsConfig(PluginConfig):
    """Organisations of the value chain, people's profiles, the directory and the map.

    An empty plugin for now: the actors issue fills it and mounts it at /actors/.
    """

    name = "actors"
    verbose_name = _("Actors")
