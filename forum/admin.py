from machina.apps.forum.admin import *  # noqa: F403  (machina's forum admin, superusers only)
