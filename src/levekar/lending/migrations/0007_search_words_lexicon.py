"""PostgreSQL: the lexicon of the catalogue's name words, where a typo looks for its
near-misses (lending.search; pg_trgm's "Text search integration").

A typed word like «sykel» matched every item's ``search_text`` with ``<%`` (word
similarity): its trigrams («  s», « sy», …) are in most items, so the GIN trigram index
returned nearly the whole catalogue and the similarity was computed item by item
(≈ 60 ms at 2 000 items). The distinct words of all items' ``search_text`` are a few
hundred rows: ``lending_search_words`` holds each with the number of items that have it,
a GIN trigram index finds the near-misses there, and the search then asks the items'
indexes for those words whole.

The table follows every insert, update, delete and truncate of ``lending_item`` through
statement-level triggers (so ``bulk_create``, ``bulk_update`` and ``QuerySet.update`` keep
it right too), as SQLite's FTS5 vocabulary (``lending_item_fts_words``, migration 0004)
follows its FTS5 table. The counts of one statement are added word by word in word order,
so two statements changing the same words wait for each other in the same order; an
update that leaves ``search_text`` as it was (most of them) changes nothing here.

SQLite needs nothing: its lexicon is the FTS5 vocabulary.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE lending_search_words ("
    "word varchar(600) PRIMARY KEY, items integer NOT NULL)",
    "CREATE INDEX lending_search_words_trgm ON lending_search_words "
    "USING gin (word gin_trgm_ops)",
    # The words of one item's search_text, each once: « ski langrenn » → ski, langrenn.
    """
CREATE FUNCTION lending_search_words_of(text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w FROM unnest(string_to_array(btrim($1), ' ')) AS w WHERE w <> ''
$$""",
    """
CREATE FUNCTION lending_search_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text[];
    deltas integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(word ORDER BY word), array_agg(n ORDER BY word) INTO changed, deltas
        FROM (SELECT x.w AS word, count(*)::integer AS n
              FROM new_items i CROSS JOIN LATERAL lending_search_words_of(i.search_text) AS x(w)
              GROUP BY x.w) AS d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(word ORDER BY word), array_agg(n ORDER BY word) INTO changed, deltas
        FROM (SELECT x.w AS word, -count(*)::integer AS n
              FROM old_items i CROSS JOIN LATERAL lending_search_words_of(i.search_text) AS x(w)
              GROUP BY x.w) AS d;
    ELSE
        SELECT array_agg(word ORDER BY word), array_agg(n ORDER BY word) INTO changed, deltas
        FROM (SELECT word, sum(n)::integer AS n FROM (
                  SELECT x.w AS word, 1 AS n
                  FROM new_items i CROSS JOIN LATERAL lending_search_words_of(i.search_text) AS x(w)
                  UNION ALL
                  SELECT x.w, -1
                  FROM old_items i CROSS JOIN LATERAL lending_search_words_of(i.search_text) AS x(w)
              ) AS s GROUP BY word HAVING sum(n) <> 0) AS d;
    END IF;
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO lending_search_words AS l (word, items)
    SELECT * FROM unnest(changed, deltas)
    ON CONFLICT (word) DO UPDATE SET items = l.items + excluded.items;
    DELETE FROM lending_search_words WHERE word = ANY(changed) AND items <= 0;
    RETURN NULL;
END
$$""",
    """
CREATE FUNCTION lending_search_words_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lending_search_words;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER lending_search_words_insert AFTER INSERT ON lending_item "
    "REFERENCING NEW TABLE AS new_items "
    "FOR EACH STATEMENT EXECUTE FUNCTION lending_search_words_sync()",
    "CREATE TRIGGER lending_search_words_update AFTER UPDATE ON lending_item "
    "REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items "
    "FOR EACH STATEMENT EXECUTE FUNCTION lending_search_words_sync()",
    "CREATE TRIGGER lending_search_words_delete AFTER DELETE ON lending_item "
    "REFERENCING OLD TABLE AS old_items "
    "FOR EACH STATEMENT EXECUTE FUNCTION lending_search_words_sync()",
    "CREATE TRIGGER lending_search_words_truncate AFTER TRUNCATE ON lending_item "
    "FOR EACH STATEMENT EXECUTE FUNCTION lending_search_words_clear()",
    # The items already there.
    "INSERT INTO lending_search_words (word, items) "
    "SELECT x.w, count(*) FROM lending_item i "
    "CROSS JOIN LATERAL lending_search_words_of(i.search_text) AS x(w) GROUP BY x.w",
    "ANALYZE lending_search_words",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS lending_search_words_truncate ON lending_item",
    "DROP TRIGGER IF EXISTS lending_search_words_delete ON lending_item",
    "DROP TRIGGER IF EXISTS lending_search_words_update ON lending_item",
    "DROP TRIGGER IF EXISTS lending_search_words_insert ON lending_item",
    "DROP FUNCTION IF EXISTS lending_search_words_clear()",
    "DROP FUNCTION IF EXISTS lending_search_words_sync()",
    "DROP FUNCTION IF EXISTS lending_search_words_of(text)",
    "DROP TABLE IF EXISTS lending_search_words",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0006_loan_lent_from_required'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
