from machina.apps.forum_member import apps as machina_apps


class ForumMemberConfig(machina_apps.ForumMemberAppConfig):
    name = "forum.forum_member"
    default_auto_field = "django.db.models.AutoField"
    default = True
