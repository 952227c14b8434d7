from django.utils.translation import gettext_lazy as _

from cobioe.plugins import NavItem, PluginConfig


class WorkgroupsConfig(PluginConfig):
    """Working groups at /groups/: their pages, membership, join requests and documents."""

    name = "workgroups"
    verbose_name = _("Working groups")
    url_prefix = "groups/"
    nav_items = (NavItem(_("Working groups"), path="/groups/", order=40),)

    def ready(self):
        from workgroups import receivers  # noqa: F401  (connects the signal receivers)
