"""The result sets' own lifecycle, and computations started from the page.

A result set is named (``source``), may be made *the default* (the one every page shows
unless a user picks another) only explicitly, and may be deleted; each of these writes
an audit event. A computation runs the engine over microdata (an upload, or a file or
folder in the server's import folder, ``settings.LEVEKAR_STATS_IMPORT_DIR``) as the job
``stats.compute`` with progress on the page, and loads what it computes as a new, named
result set that is not the default.
"""

import re
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from levekar.core import jobs
from levekar.core.audit import Kind, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import AuditEvent, User
from levekar.stats.models import ResultSet
from levekar.stats.services.imports import _actor_name, _user, result_set_load

Action = AuditEvent.Action
MICRODATA_SUFFIXES = (".csv", ".parquet")
FIRST_YEAR, LAST_YEAR = 1990, 2100
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def import_dir() -> Path:
    return Path(getattr(settings, "LEVEKAR_STATS_IMPORT_DIR", settings.VAR_DIR / "import"))


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "beregninger"


def _check_name(source: str, *, exclude: int | None = None) -> str:
    source = (source or "").strip()
    if not source or len(source) > 100:
        raise InvalidInput([Problem("Oppgi et navn på 1–100 tegn.", field="navn")])
    taken = ResultSet.objects.filter(source=source).exclude(pk=exclude).exists()
    if taken:
        raise InvalidInput([Problem(f"Navnet «{source}» er allerede brukt av et annet "
                                    "resultat. Velg et annet navn.", field="navn")])
    return source


@transaction.atomic
def result_set_rename(*, result_set: ResultSet, source: str, actor) -> ResultSet:
    old = result_set.source
    result_set.source = _check_name(source, exclude=result_set.pk)
    result_set.save(update_fields=["source"])
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_RESULT_RENAME,
                 obj=result_set, detail=f"endret navn på resultat fra «{old}» til "
                                         f"«{result_set.source}»")
    return result_set


@transaction.atomic
def result_set_make_default(*, result_set: ResultSet, actor) -> ResultSet:
    """Make ``result_set`` the one every page shows unless a user picks another."""
    ResultSet.objects.filter(is_default=True).exclude(pk=result_set.pk).update(
        is_default=False)
    result_set.is_default = True
    result_set.save(update_fields=["is_default"])
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_RESULT_DEFAULT,
                 obj=result_set, detail=f"gjorde «{result_set.source}» til standardresultat")
    return result_set


@transaction.atomic
def result_set_delete(*, result_set: ResultSet, actor) -> None:
    """Delete a result set and its figures; the audit event keeps its name and size."""
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_RESULT_DELETE,
                 obj=result_set,
                 detail=f"slettet resultat «{result_set.source}» "
                         f"({result_set.summary.get('rows', 0)} tall)")
    result_set.delete()


def import_choices() -> list[str]:
    """Microdata in the import folder: CSV/Parquet files and folders, one level down."""
    root = import_dir()
    if not root.is_dir():
        return []
    names = []
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() or path.suffix.lower() in MICRODATA_SUFFIXES:
            names.append(path.name + ("/" if path.is_dir() else ""))
    return names


def _resolve_import(name: str) -> Path:
    root = import_dir().resolve()
    path = (root / name.rstrip("/")).resolve()
    if path.parent != root or not path.exists() or name not in import_choices():
        raise InvalidInput([Problem(f"«{name}» finnes ikke i importmappen ({root}).",
                                    field="importfil")])
    return path


def _save_uploads(files) -> Path:
    folder = uploads_dir() / secrets.token_hex(8)
    folder.mkdir(parents=True)
    suffixes = set()
    for upload in files:
        name = SAFE_NAME.sub("_", Path(upload.name).name) or "mikrodata"
        suffix = Path(name).suffix.lower()
        if suffix not in MICRODATA_SUFFIXES:
            shutil.rmtree(folder, ignore_errors=True)
            raise InvalidInput([Problem("Mikrodata må være CSV- eller Parquet-filer "
                                        "(.csv, .parquet).", file=upload.name,
                                        field="filer")])
        suffixes.add(suffix)
        with open(folder / name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    if len(suffixes) > 1:
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInput([Problem("Last opp enten CSV-filer eller Parquet-filer, ikke "
                                    "begge.", field="filer")])
    return folder


@transaction.atomic
def computation_start(*, source: str, first_year: int, actor, uploads=(),
                      import_name: str = "", params: dict | None = None,
                      notes: str = "") -> jobs.Job:
    """Check the choices, keep the microdata, and queue the job ``stats.compute``.

    Exactly one of ``uploads`` (uploaded files) and ``import_name`` (a name from
    ``import_choices()``) gives the microdata. The period is ``first_year`` … +2.
    """
    source = _check_name(source)
    if not FIRST_YEAR <= first_year <= LAST_YEAR - 2:
        raise InvalidInput([Problem(f"Første år må være mellom {FIRST_YEAR} og "
                                    f"{LAST_YEAR - 2}.", field="forste_ar")])
    if bool(uploads) == bool(import_name):
        raise InvalidInput([Problem("Velg enten filer å laste opp eller en fil i "
                                    "importmappen.", field="filer")])
    from levekar.stats.engine import Params  # the engine is optional at import time

    try:
        Params(**(params or {}))
    except (TypeError, ValueError) as exc:
        raise InvalidInput([Problem(f"Ugyldige parametre: {exc}", field="parametre")]) \
            from None
    if uploads:
        input_path, cleanup, shown = _save_uploads(uploads), True, ", ".join(
            Path(u.name).name for u in uploads)
    else:
        input_path, cleanup, shown = _resolve_import(import_name), False, import_name
    period = f"{first_year}–{first_year + 2}"
    # The microdata are person-level: starting a computation over them is recorded.
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_COMPUTATION_START,
                 object_type="stats.computation", object_id=source[:64],
                 detail=f"startet beregning «{source}» for {period} fra {shown}")
    return jobs.enqueue(
        "stats.compute", started_by=_user(actor), dedupe=False, source=source,
        input_path=str(input_path), first_year=first_year, params=params or {},
        notes=notes or f"Beregnet fra {shown} for {period}.", cleanup=cleanup,
        actor_id=getattr(_user(actor), "pk", None))


def computation_run(*, source: str, input_path: str, first_year: int, params: dict,
                    notes: str = "", cleanup: bool = False, actor_id: int | None = None,
                    reporter: Reporter = NULL_REPORTER) -> dict:
    """Run the engine and load its result as ``source``. Bad microdata ends the run with
    the engine's messages (file, row, column) and stores nothing."""
    from levekar.stats.engine import InputError, Params, compute

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with tempfile.TemporaryDirectory(prefix="levekar-beregning-") as tmp:
            out = Path(tmp) / f"{first_year}-{first_year + 2}"
            try:
                summary = compute(input_path=Path(input_path),
                                  period=(first_year, first_year + 2), out_dir=out,
                                  params=Params(**params), reporter=reporter)
            except InputError as exc:
                return {"ok": False, "problems": exc.problems[:30],
                        "message": "Beregningen ble ikke lagret: "
                                   + " ".join(exc.problems[:5])}
            result_set = result_set_load(paths=[out], source=source, actor=actor,
                                         notes=notes, reporter=reporter)
    finally:
        if cleanup:
            shutil.rmtree(input_path, ignore_errors=True)
    return {"ok": True, "result_set": result_set.pk, "persons": summary.get("persons"),
            "message": f"Lagret «{source}»: {result_set.summary['rows']} tall for "
                       f"{summary.get('persons', 0)} personer."}
