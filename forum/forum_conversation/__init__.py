"""Our override of machina's `forum_conversation` app (and, inside it, of its attachments and
polls apps): machina finds an override by the ending of its dotted path."""
