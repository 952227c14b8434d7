from django.utils.translation import gettext_lazy as _

from cobioe.plugins import NavItem, PluginConfig


class ActorsConfig(PluginConfig):
    """Organisations of the value chain, people's profiles, the directory and the map."""

    name = "actors"
    verbose_name = _("Actors")
    url_prefix = "actors/"
    nav_items = (
        NavItem(_("Actors"), "actors:directory", order=10),
        NavItem(_("Value chain"), "actors:value_chain", order=20),
    )
    dashboard_panels = ("actors/dashboard_panel.html",)
    site_search = "actors.search.search_organisations"
    demo_seed = "actors.demo.seed"
    digest_section = "actors.digest.new_organisations"

    def ready(self):
        from actors import receivers  # noqa: F401  (connects the signal receivers)
