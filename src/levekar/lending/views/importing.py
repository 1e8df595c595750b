"""The inventory import page: upload a CSV or XLSX, follow the import job on the page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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


REJECT = "avvis"


def _page(request, form, *, status: int = 200, **extra):
    return render(request, "lending/desk/inventory_import.html", status=status, context={
        "form": form, "job": _job(request),
        "required": REQUIRED, "optional": [c for c in COLUMNS if c not in REQUIRED],
        "categories": selectors.categories(),
        "points": selectors.lending_points().values(),
        "reject": REJECT, **extra,
    })


def _enqueue(request, *, path, filename: str, category_map: dict | None = None):
    extra = {"category_map": category_map} if category_map else {}
    job = jobs.enqueue(IMPORT_TASK, started_by=request.user, dedupe=False,
                       path=str(path), filename=filename[:200], **extra)
    return redirect(f"{request.path}?jobb={job.pk}")


def _mapping_rows(request, unknown: list[str], *, posted: bool):
    """Each unknown category with the choice made for it (``mapping-<n>``)."""
    return [{"written": written, "field": f"mapping-{i}",
             "chosen": request.POST.get(f"mapping-{i}", "") if posted else ""}
            for i, written in enumerate(unknown)]


@desk_only
@require_http_methods(["GET", "POST"])
def inventory_import(request):
    if request.method == "POST" and "token" in request.POST:
        return _confirm_mapping(request)
    form = InventoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = services.inventory_upload_store(data=upload.read(), filename=upload.name)
        unknown = services.inventory_unknown_categories(path=path)
        if not unknown:
            return _enqueue(request, path=path, filename=upload.name)
        # Unknown categories: nothing is imported until the user maps each one
        # explicitly on a preview (or refuses the file).
        return _page(request, InventoryImportForm(), preview={
            "token": path.name, "filename": upload.name[:200],
            "rows": _mapping_rows(request, unknown, posted=False)})
    return _page(request, form)


def _confirm_mapping(request):
    token = request.POST.get("token", "")
    filename = request.POST.get("filename", "")[:200]
    path = services.inventory_upload_get(token=token)
    if path is None:
        messages.error(request, _("The uploaded file is gone; upload it again."))
        return redirect(request.path)
    # The unknown categories are read from the file again, never from the form.
    unknown = services.inventory_unknown_categories(path=path)
    rows = _mapping_rows(request, unknown, posted=True)
    if request.POST.get("action") == REJECT or any(r["chosen"] == REJECT for r in rows):
        services.inventory_upload_discard(token=token)
        messages.info(request, _("The file %(name)s was refused; nothing was imported.")
                      % {"name": filename})
        return redirect(request.path)
    known = {c.code: c for c in selectors.categories()}
    missing = [r for r in rows if r["chosen"] not in known]
    if missing:
        for r in missing:
            r["error"] = _("Choose a known category for «%(category)s», or refuse the "
                           "file.") % {"category": r["written"]}
        return _page(request, InventoryImportForm(), preview={
            "token": token, "filename": filename, "rows": rows}, status=400)
    return _enqueue(request, path=path, filename=filename,
                    category_map={r["written"]: r["chosen"] for r in rows})
