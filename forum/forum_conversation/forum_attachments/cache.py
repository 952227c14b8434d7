# Machina looks this module up in the overriding app only (its fallback path for a nested
# app is wrong), so the override must name it even though it changes nothing.
from machina.apps.forum_conversation.forum_attachments.cache import *  # noqa: F403
from machina.apps.forum_conversation.forum_attachments.cache import cache  # noqa: F401
