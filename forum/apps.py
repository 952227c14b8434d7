from django.utils.translation import gettext_lazy as _
from machina.apps.forum import apps as machina_forum_apps

from cobioe.plugins import NavItem, NotificationKind, PluginConfig


class ForumConfig(PluginConfig, machina_forum_apps.ForumAppConfig):
    """The forum (django-machina): our `forum` app is machina's override of its `forum` app.

    Same label, machina's models and migrations (MIGRATION_MODULES); what is ours is how it
    looks (templates), who may do what (permissions from working-group membership), how posts
    are rendered, and which of machina's views are mounted (board_urls.py).
    """

    name = "forum"
    label = "forum"
    # Machina's migrations create integer ids; the project's default is BigAutoField.
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Forum")
    url_prefix = "forum/"
    urls_module = "forum.board_urls"
    nav_items = (NavItem(_("Forum"), "forum:index", order=45),)
    site_search = "forum.search.search_forum"
    digest_section = "forum.digest.group_activity"
    demo_seed = "forum.demo.seed"
    notification_kinds = (
        NotificationKind("forum.new_topic", _("A new topic in the forum of one of your groups")),
        NotificationKind("forum.reply", _("A reply in a forum topic you follow")),
        NotificationKind("forum.mention", _("Someone mentions you in the forum")),
        NotificationKind("forum.report", _("A post is reported in a forum you moderate")),
    )

    def ready(self):
        super().ready()
        from forum import receivers  # noqa: F401  (connects the signal receivers)
