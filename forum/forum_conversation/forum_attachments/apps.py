from machina.apps.forum_conversation.forum_attachments import apps as machina_apps


class ForumAttachmentsConfig(machina_apps.ForumAttachmentsAppConfig):
    name = "forum.forum_conversation.forum_attachments"
    default_auto_field = "django.db.models.AutoField"
    default = True
