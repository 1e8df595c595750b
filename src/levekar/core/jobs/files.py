"""Files a job makes for people to download (a report, letters for print).

A job writes its files in a folder of its own, ``MEDIA_ROOT/<folder>/<job id>/``, each
first under a temporary name and then renamed, so a download never meets half a file
and a second run of the same work writes new files beside the first. The job returns
the names (``{"pdf": "rapport.pdf", ...}``) in its result; ``job_file`` finds one again
for a download and refuses anything outside that job's folder.
"""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext

from levekar.core.jobs.runner import progress
from levekar.core.models import Job

# Every folder a job writes files in lies under this one (``rapporter/handlingsplan``,
# ``rapporter/evaluering``), so the pruning of old jobs finds their files.
JOB_FILES_ROOT = "rapporter"


def job_folder(folder: str, job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / folder / str(int(job_id))


def write_job_files(folder: str, job_id: int, files: dict[str, tuple[str, bytes]]
                    ) -> dict[str, str]:
    """Write ``{key: (filename, data)}`` into the job's folder; returns ``{key: filename}``.

    Each file is written to a hidden temporary name and renamed into place (atomic on
    one file system), so a reader sees the whole file or none.
    """
    if Path(folder).parts[:1] != (JOB_FILES_ROOT,):
        raise ValueError(f"Jobbfiler skrives under {JOB_FILES_ROOT}/, ikke {folder}.")
    target = job_folder(folder, job_id)
    target.mkdir(parents=True, exist_ok=True)
    names = {}
    for key, (filename, data) in files.items():
        name = Path(filename).name
        tmp = target / f".{name}.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target / name)
        finally:
            tmp.unlink(missing_ok=True)
        names[key] = name
    return names


def make_job_files(folder: str, job_id: int, renders: list[tuple[str, str, str, Callable]],
                   ) -> tuple[dict[str, str], dict[str, int]]:
    """Make a job's files one after another and write them (``write_job_files``).

    ``renders`` is ``[(key, filename, step, render)]``: each ``render()`` gives the bytes of
    one file, and ``step`` is shown as the job's progress while it runs. The progress counts
    one step before them (the caller's own, such as collecting the figures, reported by the
    caller as step 0) and ends at done. Returns ``({key: filename}, {key: size})``."""
    total = len(renders) + 1
    files = {}
    for done, (key, filename, step, render) in enumerate(renders, start=1):
        progress(done, total, step)
        files[key] = (filename, render())
    names = write_job_files(folder, job_id, files)
    progress(total, total, gettext("done"))
    return names, {key: len(data) for key, (_name, data) in files.items()}


def job_file(job: Job, folder: str, key: str) -> Path:
    """The file ``key`` a finished job made, or 404: a name the job's result gives, in
    that job's own folder, that exists."""
    files = (job.result or {}).get("files") if job.status == Job.Status.DONE else None
    name = files.get(key) if isinstance(files, dict) else None
    if not isinstance(name, str) or not name:
        raise Http404
    base = job_folder(folder, job.pk).resolve()
    path = (base / name).resolve()
    if path.parent != base or not path.is_file():
        raise Http404
    return path


def job_file_links(job: Job | None, folder: str, formats: list[tuple[str, str]],
                   url: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """``(key, label, url(key))`` of each of ``formats`` (``[(key, label)]``) whose file the
    finished ``job`` made and still has; none without a job."""
    if job is None:
        return []
    return [(key, label, url(key)) for key, label in formats if job_file_exists(job, folder, key)]


def job_file_exists(job: Job, folder: str, key: str) -> bool:
    try:
        job_file(job, folder, key)
    except Http404:
        return False
    return True


def prune_job_files() -> int:
    """Remove the folders of jobs that no longer exist (their history was pruned), so a
    report's files are kept exactly as long as the job that made them. Returns how many
    folders went."""
    root = Path(settings.MEDIA_ROOT) / JOB_FILES_ROOT
    folders = [d for d in root.glob("*/*") if d.is_dir() and d.name.isdigit()]
    alive = set(Job.objects.filter(pk__in=[int(d.name) for d in folders])
                .values_list("pk", flat=True))
    gone = [d for d in folders if int(d.name) not in alive]
    for d in gone:
        shutil.rmtree(d, ignore_errors=True)
    return len(gone)
