from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumCommunityConfig(AppConfig):
    name = "forum.community"
    label = "forum_community"
    verbose_name = _("Forum: working groups")
    default_auto_field = "django.db.models.BigAutoField"
