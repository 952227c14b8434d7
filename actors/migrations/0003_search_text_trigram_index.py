"""A trigram index over the directory's search text, on PostgreSQL.

`LIKE '%term%'` on 50,000 profiles is a sequential scan without it. pg_trgm is a trusted
extension (PostgreSQL 13+), so the database owner may create it. SQLite, the embedded
database for trying the site out, has no such index and needs none at its sizes.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS actors_org_search_text_trgm "
        "ON actors_organisation USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS actors_org_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("actors", "0002_seed_vocabularies")]

    operations = [migrations.RunPython(create, drop)]
