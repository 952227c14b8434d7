"""Our override of machina's `forum_member` app: members are shown by their name."""
