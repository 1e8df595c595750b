"""Helpers for tests that run work in several threads against a real database file."""

import sqlite3
from pathlib import Path


def sqlite_file_copy(connection, path: Path) -> dict:
    """Copy the in-memory SQLite test database to ``path`` and return the settings of a
    connection to the copy.

    The copy is put in WAL mode here, once, before any thread connects: switching the
    journal mode needs an exclusive lock, and threads that each switch it as they connect
    (the settings' ``init_command``) can get "database is locked" at once instead of
    waiting out the busy timeout.
    """
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return {**connection.settings_dict, "NAME": str(path)}
