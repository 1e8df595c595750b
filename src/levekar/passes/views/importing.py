"""The household register import page: upload a CSV, follow the import job."""

from django.http import Http404
from django.shortcuts import redirect, render

from levekar.core import jobs
from levekar.core.access import role_required
from levekar.core.importfolder import import_folder_state
from levekar.core.roles import Role
from levekar.core.selectors import job_get_for_user
from levekar.passes import services
from levekar.passes.forms import HouseholdImportForm
from levekar.passes.services.importing import COLUMNS
from levekar.passes.views._common import user_municipality

IMPORT_TASKS = {"passes.import_households"}


def _job(request):
    try:
        job = job_get_for_user(request.user, int(request.GET.get("jobb", "")))
    except (ValueError, Http404):
        return None
    return job if job.name in IMPORT_TASKS else None


@role_required(Role.LEISURE)
def households_import(request):
    form = HouseholdImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = services.upload_store(upload.read())
        job = jobs.enqueue("passes.import_households", started_by=request.user,
                           dedupe=False, path=str(path), filename=upload.name[:200],
                           municipality_id=user_municipality(request).pk)
        return redirect(f"{request.path}?jobb={job.pk}")
    job = _job(request)
    return render(request, "passes/households_import.html", {
        "form": form, "job": job, "columns": COLUMNS,
        "folder": import_folder_state(limit=5),
    })
