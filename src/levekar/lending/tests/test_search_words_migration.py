"""Migration 0007 builds PostgreSQL's lexicon of name words from the items already there,
and going back removes it with its triggers (SQLite's lexicon, the FTS5 vocabulary of
migration 0004, stays as it is either way)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from levekar.lending.tests.test_search import labels, lexicon, words_of_the_items

BEFORE = [("lending", "0006_loan_lent_from_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _lexicon_table_exists() -> bool:
    return "lending_search_words" in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_the_lexicon_is_built_from_the_items_there_and_removed_going_back(library):
    try:
        old = _migrate(BEFORE)
        assert not _lexicon_table_exists()
        # Changed while no trigger watches (or, on SQLite, with the FTS5 triggers).
        Item = old.get_model("lending", "Item")
        Item.objects.filter(pk=library.bag.pk).update(search_text=" sovepose dunpose ")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert _lexicon_table_exists() == (connection.vendor == "postgresql")
    assert lexicon() == words_of_the_items()
    assert lexicon()["dunpose"] == 1
    assert labels("dunnpose") == ["Sovepose, Barn"]
