"""On PostgreSQL, a trigram index that serves the search's `LIKE '%term%'` on the folded text.

SQLite (the embedded default) has no such index and keeps scanning, which is quick at its sizes.
pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it without being
a superuser. Without a pending list (`fastupdate = off`) the index serves new entries at once,
even where autovacuum is off; entries are written one page at a time, so inserts stay cheap."""

from django.db import migrations

INDEX = "knowledge_base_searchentry_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON knowledge_base_searchentry USING gin (text_folded gin_trgm_ops) WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge_base", "0004_search_kind_meeting"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
