from django.utils.translation import gettext_lazy as _

from cobioe.plugins import NavItem, PluginConfig


class NewsConfig(PluginConfig):
    """News pages, feeds, each member's monitoring and digests."""

    name = "news"
    verbose_name = _("News")
    url_prefix = "news/"
    nav_items = (NavItem(_("News"), path="/news/", order=30),)
    dashboard_panels = ("news/panels/monitoring.html",)
    demo_seed = "news.demo.seed"

    def ready(self):
        from news import profile_news, receivers  # noqa: F401  (connect their receivers)
