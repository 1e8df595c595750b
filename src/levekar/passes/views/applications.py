"""Applications for an activity card at the leisure office: the queue, registering one
on a family's behalf, one application with its decision, its documentation and letter."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import Conflict, DomainError, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.passes import selectors, services
from levekar.passes.forms import ApplicationFilterForm, DecideApplicationForm, DeskApplicationForm
from levekar.people.services import person_lookup


@role_required(Role.LEISURE)
def applications(request, form=None):
    """Søknader om aktivitetskort: filters, the queue, and a form for the desk."""
    filters = ApplicationFilterForm(request.GET or {"status": "received"})
    f = filters.cleaned_data if filters.is_valid() else {}
    rows = list(selectors.applications_queue(status=f.get("status") or "",
                                             scheme=f.get("scheme"), year=f.get("year"),
                                             q=(f.get("q") or "").strip()))
    if rows:
        audit_request(request, kind=Kind.PASS_APPLICATION_READ,
                      object_type="passes.cardapplication",
                      persons=[a.child_id for a in rows], purpose=Purpose.PASS_APPLICATION_QUEUE)
    form = form or DeskApplicationForm(initial={"year": timezone.localdate().year})
    return render(request, "passes/applications.html", {
        "filters": filters, "rows": rows, "form": form,
        "limit": selectors.applications.QUEUE_LIMIT})


@require_POST
@role_required(Role.LEISURE)
def application_register(request):
    form = DeskApplicationForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        child = person_lookup(actor=request.user, national_id=d["national_id"],
                              purpose=Purpose.PASS_APPLICATION)
        if child is None:
            form.add_error("national_id", _("No person is registered with this number. "
                                            "Check it, or register the household first."))
        else:
            try:
                application = services.card_application_create(
                    actor=request.user, scheme=d["scheme"], year=d["year"], child=child,
                    applicant=None, grounds=d["grounds"], document=d.get("document"))
            except InvalidInput as exc:
                add_problems(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The application for %(name)s is registered.")
                                 % {"name": child.full_name})
                return redirect("passes:application_detail", pk=application.pk)
    return applications(request, form=form)


def _page(request, application, form=None, conflict="", status=200):
    audit_request(request, kind=Kind.PASS_APPLICATION_READ, obj=application,
                  persons=[application.child_id], purpose=Purpose.PASS_APPLICATION)
    form = form or DecideApplicationForm(initial={"version": application.version})
    return render(request, "passes/application_detail.html", {
        "application": application, "form": form, "conflict": conflict,
        "has_document": services.document_path(application) is not None}, status=status)


@role_required(Role.LEISURE)
def application_detail(request, pk: int):
    application = selectors.application_get(pk)
    if request.method != "POST":
        return _page(request, application)
    form = DecideApplicationForm(request.POST)
    if not form.is_valid():
        return _page(request, application, form)
    d = form.cleaned_data
    try:
        decided, warnings = services.card_application_decide(
            actor=request.user, application=application, grant=d["decision"] == "grant",
            reason=d["reason"], expected_version=d["version"])
    except Conflict as exc:
        return _page(request, selectors.application_get(pk), conflict=exc.message,
                     status=409)
    except InvalidInput as exc:
        add_problems(form, exc)
        return _page(request, application, form)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, application, form)
    if decided.status == decided.Status.GRANTED:
        messages.success(request, _("Granted: card %(code)s is issued to %(name)s.") % {
            "code": decided.activity_pass.display_code, "name": decided.child.full_name})
    else:
        messages.success(request, _("Refused. The family is told."))
    for warning in warnings:
        messages.warning(request, warning)
    return redirect("passes:application_detail", pk=pk)


@role_required(Role.LEISURE)
def application_document(request, pk: int):
    """The documentation, to the leisure office only (the file is never served)."""
    application = selectors.application_get(pk)
    path = services.document_path(application)
    if path is None:
        raise Http404
    audit_request(request, kind=Kind.PASS_APPLICATION_READ, obj=application,
                  persons=[application.child_id], purpose=Purpose.PASS_APPLICATION_DOCUMENTS)
    response = FileResponse(open(path, "rb"), content_type=application.document_type,  # noqa: SIM115 (FileResponse closes it)
                            as_attachment=True, filename=application.document_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.LEISURE)
def application_letter(request, pk: int):
    application = selectors.application_get(pk)
    try:
        pdf = services.card_application_letter_pdf(application=application,
                                                   actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("passes:application_detail", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="svar-soknad-{pk}.pdf"'
    return response

