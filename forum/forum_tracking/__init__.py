"""Our override of machina's `forum_tracking` app (read tracking)."""
