from machina.apps.forum_conversation.forum_polls.admin import *  # noqa: F403
