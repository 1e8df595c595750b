"""The innsynslogg of a case and the subject-access export (JSON and PDF)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.roles import Role
from levekar.followup.access import CaseAccess, case_view
from levekar.followup.privacy import export
from levekar.followup.privacy.access_log import case_access_log_page, person_get_for_export
from levekar.followup.tabs import case_page_context


@case_view(full=True, purpose=Purpose.ACCESS_LOG_PAGE)
def access_log(request, access: CaseAccess):
    page, entries = case_access_log_page(access.case, request.GET.get("side"))
    return render(request, "followup/case/access_log.html",
                  case_page_context(request, access, "access_log", page=page, entries=entries))


@role_required(Role.COORDINATOR)
def person_export_json(request, person_pk: int):
    person = person_get_for_export(request.user, person_pk)
    body = export.person_export_json(person)
    audit_request(request, kind=Kind.PERSON_EXPORT, obj=person, persons=[person.pk],
                  purpose=Purpose.EXPORT_JSON)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innsyn-person-{person.pk}.json"'
    return response


@role_required(Role.COORDINATOR)
def person_export_pdf(request, person_pk: int):
    person = person_get_for_export(request.user, person_pk)
    pdf = export.person_export_pdf(person)
    audit_request(request, kind=Kind.PERSON_EXPORT, obj=person, persons=[person.pk],
                  purpose=Purpose.EXPORT_PDF)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="innsyn-person-{person.pk}.pdf"'
    return response
