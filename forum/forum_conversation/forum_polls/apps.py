from machina.apps.forum_conversation.forum_polls import apps as machina_apps


class ForumPollsConfig(machina_apps.ForumPollsAppConfig):
    name = "forum.forum_conversation.forum_polls"
    default_auto_field = "django.db.models.AutoField"
    default = True
