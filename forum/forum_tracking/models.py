from machina.apps.forum_tracking.models import *  # noqa: F403
