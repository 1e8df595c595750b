"""Household imports from files on the server: an upload run as a job, and the import
folder (``LEVEKAR_IMPORT_DIR``) the worker watches.

A CSV dropped in the import folder is picked up by the scheduled job
``passes.import_folder``: it is moved to ``behandles/`` while it is imported (so two
workers never take the same file), then to ``ferdig/`` when every row was written or to
``feilet/`` with a Norwegian error report beside it (``<name>.feil.txt``) naming every bad
line and field — and nothing of that file is written. A file left in ``behandles/`` by a
worker that stopped is imported again by the next run (importing a file twice changes
nothing).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from levekar.core.errors import InvalidInput
from levekar.core.importfolder import DONE, FAILED, PROCESSING, import_dir
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import Municipality
from levekar.passes.services.importing import ImportResult, households_import

UPLOADS = "husstandsimport-opplastet"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def result_summary(result: ImportResult, filename: str) -> str:
    return (f"Importert {result.rows} rader fra {filename}: {result.households_created} nye "
            f"og {result.households_updated} endrede husstander, {result.persons_created} nye "
            f"og {result.persons_updated} endrede personer, "
            f"{result.incomes_created + result.incomes_updated} inntekter.")


def failure_report(exc: InvalidInput, filename: str, when: dt.datetime) -> str:
    """The Norwegian error report written beside a refused file."""
    lines = [f"Ingenting ble importert fra {filename} "
             f"({timezone.localtime(when):%d.%m.%Y kl. %H:%M}).",
             f"{len(exc.problems)} feil må rettes før filen legges i importmappen igjen:", ""]
    lines += [f"- {problem}" for problem in exc.problems]
    return "\n".join(lines) + "\n"


def upload_store(data: bytes) -> Path:
    """Keep an uploaded register file until its import job has read it (then deleted)."""
    folder = Path(settings.MEDIA_ROOT) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.csv"
    path.write_bytes(data)
    return path


def upload_import(*, path: Path, filename: str, municipality: Municipality, actor=None,
                  actor_name: str = "", reporter: Reporter = NULL_REPORTER) -> dict:
    """Import an uploaded file kept by ``upload_store``; the file is deleted afterwards
    whatever the outcome. Bad rows are an outcome, not an error: nothing is written and
    the problems are returned (a retry would refuse the same file again)."""
    folder = (Path(settings.MEDIA_ROOT) / UPLOADS).resolve()
    path = Path(path).resolve()
    if folder not in path.parents:
        raise ValueError("Filen ligger ikke i mappen for opplastede importfiler.")
    if not path.exists():
        # Imported by an earlier attempt that stopped before it could report.
        return {"ok": False, "problems": [],
                "message": f"Filen {filename} finnes ikke lenger; last den opp på nytt."}
    try:
        result = households_import(actor=actor, actor_name=actor_name,
                                   municipality=municipality, data=path.read_bytes(),
                                   filename=filename, reporter=reporter)
    except InvalidInput as exc:
        path.unlink(missing_ok=True)
        problems = [str(p) for p in exc.problems]
        return {"ok": False, "problems": problems,
                "message": f"Ingenting ble importert fra {filename}: {len(problems)} feil "
                           f"må rettes først."}
    path.unlink(missing_ok=True)
    return {"ok": True, "problems": [], "message": result_summary(result, filename),
            "households": result.households, "rows": result.rows}


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
    path.replace(target)
    return target


def import_folder_run(*, municipality: Municipality, settle_seconds: float = 30,
                      reporter: Reporter = NULL_REPORTER, actor_name: str = "importmappe"
                      ) -> dict:
    """Import every CSV in the import folder (module docstring). Files changed in the
    last ``settle_seconds`` are left for the next run: they may still be being copied."""
    root = import_dir()
    if not root.is_dir():
        return {"imported": 0, "failed": 0, "files": [],
                "message": f"Importmappen {root} finnes ikke; ingenting å importere."}
    processing = root / PROCESSING
    leftovers = sorted(processing.glob("*.csv")) if processing.is_dir() else []
    now = time.time()
    waiting = sorted(p for p in root.glob("*.csv")
                     if p.is_file() and now - p.stat().st_mtime >= settle_seconds)
    imported, failed, files = 0, 0, []
    for path in leftovers + waiting:
        if path.parent != processing:
            try:
                path = _move(path, processing)
            except FileNotFoundError:
                continue  # another worker took it
        name = path.name
        try:
            result = households_import(actor=None, actor_name=actor_name,
                                       municipality=municipality, data=path.read_bytes(),
                                       filename=name, reporter=reporter)
        except InvalidInput as exc:
            target = _move(path, root / FAILED)
            target.with_name(target.name + ".feil.txt").write_text(
                failure_report(exc, name, timezone.now()), encoding="utf-8")
            failed += 1
            files.append({"file": name, "ok": False, "problems": len(exc.problems)})
            continue
        _move(path, root / DONE)
        imported += 1
        files.append({"file": name, "ok": True, "message": result_summary(result, name)})
    if not files:
        message = "Ingen nye filer i importmappen."
    else:
        message = f"{imported} filer importert, {failed} avvist (se {FAILED}/)."
    return {"imported": imported, "failed": failed, "files": files, "message": message}
