"""The news that concern an organisation, on its profile (to be written)."""
