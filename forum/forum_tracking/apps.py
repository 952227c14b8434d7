from machina.apps.forum_tracking import apps as machina_apps


class ForumTrackingConfig(machina_apps.ForumTrackingAppConfig):
    name = "forum.forum_tracking"
    default_auto_field = "django.db.models.AutoField"
    default = True
