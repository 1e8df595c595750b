"""Letters sent from the page as a job (digital first), and the print file it made."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from levekar.core import jobs
from levekar.core.access import role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.roles import Role
from levekar.core.selectors import job_get_for_user
from levekar.passes import selectors
from levekar.passes.models import ReminderRun

LETTER_TASKS = {"passes.send_letters", "passes.send_reminder_letters",
                "passes.holiday_notices"}


@role_required(Role.LEISURE)
@require_POST
def letters_send(request, code, year):
    scheme = selectors.scheme_get(code)
    job = jobs.enqueue("passes.send_letters", started_by=request.user, scheme_id=scheme.pk,
                       year=year)
    return redirect(f"{request.path.rsplit('send/', 1)[0]}?jobb={job.pk}")


@role_required(Role.LEISURE)
@require_POST
def reminder_letters_send(request, run_id):
    run = get_object_or_404(ReminderRun, pk=run_id)
    job = jobs.enqueue("passes.send_reminder_letters", started_by=request.user, run_id=run.pk)
    return redirect(f"{request.path.rsplit('send/', 1)[0]}?jobb={job.pk}")


@role_required(Role.LEISURE)
def letters_print(request, job_id):
    """The print-ready PDF of the letters that go on paper, made by a letters job."""
    job = job_get_for_user(request.user, job_id)
    name = (job.result or {}).get("print_file") if job.name in LETTER_TASKS else None
    if not name:
        raise Http404
    path = Path(name).resolve()
    folder = (Path(settings.MEDIA_ROOT) / "brev").resolve()
    if folder not in path.parents or not path.exists():
        raise Http404
    audit_request(request, kind=Kind.PASS_LETTERS_EXPORT, obj=job,
                  detail=f"lastet ned brev til utskrift ({job.result.get('paper', 0)} "
                          f"husstander)")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name,
                        content_type="application/pdf")


def job_from_query(request):
    """The letters job named by ``?jobb=`` if this user may follow it, else None."""
    try:
        job_id = int(request.GET.get("jobb", ""))
    except ValueError:
        return None
    try:
        job = job_get_for_user(request.user, job_id)
    except Http404:
        return None
    return job if job.name in LETTER_TASKS else None
