from machina.apps.forum.models import *  # noqa: F403  (machina's Forum, in our `forum` app)
