from django.utils.translation import gettext_lazy as _

from cobioe.plugins import NavItem, NotificationKind, PluginConfig

# The groups' index, a page of the site at this address by the URL contract (DESIGN.md).
GROUPS_PATH = "/groups/"


class WorkgroupsConfig(PluginConfig):
    """Working groups at /groups/: their pages, membership, join requests and documents."""

    name = "workgroups"
    verbose_name = _("Working groups")
    url_prefix = "groups/"
    nav_items = (NavItem(_("Working groups"), path=GROUPS_PATH, order=40),)
    dashboard_panels = ("workgroups/panels/my_groups.html",)
    demo_seed = "workgroups.demo.seed"
    notification_kinds = (
        NotificationKind(
            "workgroups.join_request", _("Someone asks to join a group you coordinate")
        ),
        NotificationKind("workgroups.answer", _("Your request to join a group is answered")),
        NotificationKind("workgroups.invitation", _("You are invited to join a working group")),
        NotificationKind("workgroups.added", _("Staff add you to a working group")),
    )

    def ready(self):
        from workgroups import receivers  # noqa: F401  (connects the signal receivers)
