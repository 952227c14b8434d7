"""Signal receivers of the news app (filled in by the notifications work)."""
