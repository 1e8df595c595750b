"""The catalogue search's index, on each database its own (lending.search).

PostgreSQL: pg_trgm, a GIN index on the tsvector ('simple' configuration: the text is
already folded) of ``search_text || ' ' || search_more``, which prefix tsqueries use, and
a GIN trigram index on ``search_text``, which near-misses (``<%``) use.

SQLite: an FTS5 table over the same two columns, with ``lending_item`` as its content and
triggers that keep it in sync with every insert, update and delete (bulk ones included).
Django rebuilds an SQLite table for some column changes, which drops its triggers: a
later migration that alters ``lending_item`` must run ``SQLITE_FORWARD`` again (the
search tests fail on SQLite if it does not).
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS lending_item_search_fts ON lending_item USING gin "
    "(to_tsvector('simple'::regconfig, search_text || ' ' || search_more))",
    "CREATE INDEX IF NOT EXISTS lending_item_search_trgm ON lending_item USING gin "
    "(search_text gin_trgm_ops)",
]
# The extension stays: other schemas may use it.
PG_BACKWARD = [
    "DROP INDEX IF EXISTS lending_item_search_trgm",
    "DROP INDEX IF EXISTS lending_item_search_fts",
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS lending_item_fts USING fts5("
    "search_text, search_more, content='lending_item', content_rowid='id', "
    "tokenize='unicode61', prefix='2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS lending_item_fts_words USING fts5vocab("
    "lending_item_fts, 'col')",
    "CREATE TRIGGER IF NOT EXISTS lending_item_fts_insert AFTER INSERT ON lending_item BEGIN "
    "INSERT INTO lending_item_fts(rowid, search_text, search_more) "
    "VALUES (new.id, new.search_text, new.search_more); END",
    "CREATE TRIGGER IF NOT EXISTS lending_item_fts_delete AFTER DELETE ON lending_item BEGIN "
    "INSERT INTO lending_item_fts(lending_item_fts, rowid, search_text, search_more) "
    "VALUES ('delete', old.id, old.search_text, old.search_more); END",
    "CREATE TRIGGER IF NOT EXISTS lending_item_fts_update AFTER UPDATE ON lending_item BEGIN "
    "INSERT INTO lending_item_fts(lending_item_fts, rowid, search_text, search_more) "
    "VALUES ('delete', old.id, old.search_text, old.search_more); "
    "INSERT INTO lending_item_fts(rowid, search_text, search_more) "
    "VALUES (new.id, new.search_text, new.search_more); END",
    "INSERT INTO lending_item_fts(lending_item_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS lending_item_fts_update",
    "DROP TRIGGER IF EXISTS lending_item_fts_delete",
    "DROP TRIGGER IF EXISTS lending_item_fts_insert",
    "DROP TABLE IF EXISTS lending_item_fts_words",
    "DROP TABLE IF EXISTS lending_item_fts",
]

BY_VENDOR = {
    "postgresql": (PG_FORWARD, PG_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def _run(schema_editor, which: int) -> None:
    statements = BY_VENDOR.get(schema_editor.connection.vendor)
    if statements:
        for sql in statements[which]:
            schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0003_lending_point_zone'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
