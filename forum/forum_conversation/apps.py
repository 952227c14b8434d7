from machina.apps.forum_conversation import apps as machina_apps


class ForumConversationConfig(machina_apps.ForumConversationAppConfig):
    name = "forum.forum_conversation"
    # Machina's migrations create integer ids; the project's default is BigAutoField.
    default_auto_field = "django.db.models.AutoField"
    default = True
