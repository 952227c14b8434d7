"""Our override of machina's polls app (kept for its models: polls are not offered)."""
