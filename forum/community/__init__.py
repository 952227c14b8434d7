"""What the forum adds of its own to the database, beside machina's tables: the seed of the
sector forums, and the link from a working group to its forum.

Machina's `forum` label keeps machina's migrations (MIGRATION_MODULES), so our own tables
and data migrations live in this app of our own label, installed with the forum plugin.
"""
