"""Pages of consent: the list, recording and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.audit import Purpose
from levekar.core.errors import DomainError
from levekar.core.form_errors import add_problems
from levekar.followup import selectors, services
from levekar.followup.access import CaseAccess, case_view
from levekar.followup.forms import (
    ConsentForm,
    ConsentWithdrawForm,
)
from levekar.followup.tabs import case_page_context


@case_view(purpose=Purpose.CONSENTS_PAGE)
def consent_list(request, access: CaseAccess):
    consents = selectors.consents_for_access(access)
    today = timezone.localdate()
    rows = [(c, c.is_active_on(today)) for c in consents]
    return render(request, "followup/case/consent_list.html",
                  case_page_context(request, access, "consents", rows=rows, today=today))


@case_view(full=True, purpose=Purpose.CONSENT_FORM_NEW)
def consent_create(request, access: CaseAccess):
    case = access.case
    members = selectors.case_members(case)
    form = ConsentForm(request.POST or None, members=members, units=selectors.consent_units())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by_pk = {m.person_id: m.person for m in members}
        try:
            services.consent_record(
                actor=request.user, case=case, given_by=by_pk[int(d["given_by"])],
                subject=by_pk[int(d["subject"])] if d["subject"] else None,
                grants=form.grant_pairs(), valid_from=d["valid_from"],
                valid_to=d["valid_to"], note=d["note"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("followup:consent_list", case_pk=case.pk)
    return render(request, "followup/case/consent_form.html",
                  case_page_context(request, access, "consents", form=form))


@case_view(full=True, purpose=Purpose.CONSENT_FORM_WITHDRAW)
def consent_withdraw(request, access: CaseAccess, consent_pk: int):
    consent = (access.case.consents.select_related("given_by", "subject")
               .prefetch_related("grants__unit").filter(pk=consent_pk).first())
    if consent is None:
        raise Http404("ukjent samtykke")
    if consent.withdrawn_at is not None:
        messages.info(request, _("The consent is already withdrawn."))
        return redirect("followup:consent_list", case_pk=access.case.pk)
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        unit = None
        if scope != "all":
            unit = next(g.unit for g in consent.grants.all() if str(g.unit_id) == scope)
        try:
            services.consent_withdraw(actor=request.user, consent=consent, unit=unit,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The consent is withdrawn. It takes effect at once."))
            return redirect("followup:consent_list", case_pk=access.case.pk)
    return render(request, "followup/case/consent_withdraw.html",
                  case_page_context(request, access, "consents", form=form, consent=consent))
