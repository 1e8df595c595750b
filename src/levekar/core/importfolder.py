"""The import folder (``LEVEKAR_IMPORT_DIR``): where it is and what it holds.

Files dropped there are imported by a scheduled job (the household register import,
``passes.import_folder``) and moved to ``ferdig/`` or ``feilet/`` (with a Norwegian
error report ``<name>.feil.txt``). Core only reads the folder, for ``/drift/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PROCESSING, DONE, FAILED = "behandles", "ferdig", "feilet"


def import_dir() -> Path:
    return Path(settings.LEVEKAR_IMPORT_DIR)


@dataclass
class FolderEntry:
    name: str
    size: int
    modified: dt.datetime
    report: str = ""


def _entries(folder: Path, limit: int) -> list[FolderEntry]:
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.csv"):
        stat = path.stat()
        report = path.with_name(path.name + ".feil.txt")
        out.append(FolderEntry(path.name, stat.st_size,
                               dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC),
                               report.read_text(encoding="utf-8")[:2000]
                               if report.exists() else ""))
    return sorted(out, key=lambda e: e.modified, reverse=True)[:limit]


def import_folder_state(limit: int = 10) -> dict:
    """Files waiting and being imported, and the latest done and refused ones."""
    root = import_dir()
    return {"path": root, "exists": root.is_dir(), "waiting": _entries(root, limit),
            "processing": _entries(root / PROCESSING, limit),
            "done": _entries(root / DONE, limit), "failed": _entries(root / FAILED, limit)}
