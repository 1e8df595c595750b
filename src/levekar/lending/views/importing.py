"""The inventory import page: upload a CSV or XLSX, follow the import job on the page."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from levekar.core import jobs
from levekar.core.selectors import job_get_for_user
from levekar.lending import selectors, services
from levekar.lending.forms import InventoryImportForm
from levekar.lending.services.imports import COLUMNS, REQUIRED
from levekar.lending.views.desk import desk_only

IMPORT_TASK = "lending.import_inventory"


def _job(request):
    try:
        job = job_get_for_user(request.user, int(request.GET.get("jobb", "")))
    except (ValueError, Http404):
        return None
    return job if job.name == IMPORT_TASK else None


@desk_only
@require_http_methods(["GET", "POST"])
def inventory_import(request):
    form = InventoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = services.inventory_upload_store(data=upload.read(), filename=upload.name)
        job = jobs.enqueue(IMPORT_TASK, started_by=request.user, dedupe=False,
                           path=str(path), filename=upload.name[:200])
        return redirect(f"{request.path}?jobb={job.pk}")
    return render(request, "lending/desk/inventory_import.html", {
        "form": form, "job": _job(request),
        "required": REQUIRED, "optional": [c for c in COLUMNS if c not in REQUIRED],
        "categories": selectors.categories(),
        "points": selectors.lending_points().values(),
    })
