from machina.apps.forum_member.admin import *  # noqa: F403
