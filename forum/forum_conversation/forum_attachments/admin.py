from machina.apps.forum_conversation.forum_attachments.admin import *  # noqa: F403
