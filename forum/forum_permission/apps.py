from machina.apps.forum_permission import apps as machina_apps


class ForumPermissionConfig(machina_apps.ForumPermissionAppConfig):
    name = "forum.forum_permission"
    default_auto_field = "django.db.models.AutoField"
    default = True
