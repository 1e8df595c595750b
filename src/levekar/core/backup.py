"""Backup and restore of the whole database (``levekar backup`` / ``levekar restore``).

SQLite: the online backup API (a consistent copy while the app runs, page by page).
PostgreSQL: ``pg_dump -Fc`` and ``pg_restore --clean``. Backups go to
``LEVEKAR_BACKUP_DIR`` (default ``var/backups``); the newest ``LEVEKAR_BACKUP_KEEP`` are
kept. Uploaded files (``var/media``) are not in the database: back that folder up with
the machine's file backup (docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for people."""


def _vendor() -> str:
    return connection.vendor


def _pg_env() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    return env, args


def _prune(folder: Path, pattern: str, keep: int) -> list[Path]:
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = files[keep:] if keep > 0 else []
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def backup(*, out: Path | None = None) -> Path:
    """Write a consistent copy of the database; returns its path."""
    folder = Path(settings.LEVEKAR_BACKUP_DIR)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if _vendor() == "sqlite":
        target = out or folder / f"levekar-{stamp}.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        partial = target.with_name(target.name + ".part")
        dest = sqlite3.connect(partial)
        try:
            connection.connection.backup(dest, pages=1024)
        finally:
            dest.close()
        partial.replace(target)
        if out is None:
            _prune(folder, "levekar-*.sqlite3", settings.LEVEKAR_BACKUP_KEEP)
        return target
    if _vendor() == "postgresql":
        target = out or folder / f"levekar-{stamp}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        env, args = _pg_env()
        tool = shutil.which("pg_dump")
        if tool is None:
            raise BackupError("pg_dump finnes ikke på maskinen (installer postgresql-client).")
        result = subprocess.run(  # noqa: S603 (our own argv)
            [tool, "-Fc", "--no-owner", "-f", str(target), *args,
             connection.settings_dict["NAME"]], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump feilet: {result.stderr.strip()}")
        if out is None:
            _prune(folder, "levekar-*.dump", settings.LEVEKAR_BACKUP_KEEP)
        return target
    raise BackupError(f"Sikkerhetskopi støttes ikke for databasen {_vendor()}.")


def restore(*, source: Path) -> None:
    """Replace the database's content with the backup ``source``. Stop the web server
    and the worker first (docs/deploy.md): rows written meanwhile are lost."""
    if not source.exists():
        raise BackupError(f"Finner ikke filen {source}.")
    if _vendor() == "sqlite":
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            src.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} er ikke en sikkerhetskopi av Levekår: {exc}") from exc
        try:
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
        return
    if _vendor() == "postgresql":
        tool = shutil.which("pg_restore")
        if tool is None:
            raise BackupError("pg_restore finnes ikke på maskinen (installer postgresql-client).")
        env, args = _pg_env()
        # Our own connections must not hold locks on the tables being replaced.
        connections.close_all()
        result = subprocess.run(  # noqa: S603 (our own argv)
            [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
             "-d", connection.settings_dict["NAME"], str(source)],
            env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore feilet: {result.stderr.strip()[:2000]}")
        return
    raise BackupError(f"Gjenoppretting støttes ikke for databasen {_vendor()}.")
