"""Schemes, rule sets, automatic issuance and the letters (role fritid)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.errors import DomainError, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.passes import selectors, services
from levekar.passes.forms import CloseRuleSetForm, RuleSetForm, SchemeForm, YearForm
from levekar.passes.presentation import reasons_list, rules_summary
from levekar.passes.views._common import paginate, user_municipality
from levekar.passes.views.delivery import job_from_query
from levekar.people.models import Zone


def _zone_names(municipality) -> dict[str, str]:
    return dict(Zone.objects.filter(municipality=municipality).values_list("code", "name"))


@role_required(Role.LEISURE)
def overview(request):
    return render(request, "passes/overview.html", {
        "schemes": selectors.schemes_overview(),
        "pending": selectors.refund_pending_totals(),
        "offers": selectors.offers_overview()[:5],
    })


@role_required(Role.LEISURE)
def scheme_create(request):
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(municipality=user_municipality(request),
                                            **form.cleaned_data)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The scheme is created. Add its rule set."))
            return redirect("passes:rule_set_create", code=scheme.code)
    return render(request, "passes/scheme_form.html", {"form": form})


@role_required(Role.LEISURE)
def scheme_edit(request, code):
    scheme = selectors.scheme_get(code)
    form = SchemeForm(request.POST or None, instance=scheme)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        services.scheme_update(scheme=selectors.scheme_get(code), **d)
        messages.success(request, _("The scheme is saved."))
        return redirect("passes:scheme_detail", code=scheme.code)
    return render(request, "passes/scheme_form.html", {"form": form, "scheme": scheme})


@require_POST
@role_required(Role.LEISURE)
def rule_set_close(request, code, rule_set_id):
    scheme = selectors.scheme_get(code)
    rule_set = get_object_or_404(selectors.scheme_rule_sets(scheme), pk=rule_set_id)
    form = CloseRuleSetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day the rule set applies."))
    else:
        try:
            services.rule_set_close(rule_set=rule_set, valid_to=form.cleaned_data["valid_to"])
        except InvalidInput as exc:
            messages.error(request, exc.summary())
        else:
            messages.success(request, _("The rule set is ended. A new one can start after it."))
    return redirect("passes:scheme_detail", code=scheme.code)


@role_required(Role.LEISURE)
def scheme_detail(request, code):
    scheme = selectors.scheme_get(code)
    zone_names = _zone_names(scheme.municipality)
    rule_sets = [(r, rules_summary(r.rules, zone_names))
                 for r in selectors.scheme_rule_sets(scheme)]
    runs = [(run, reasons_list(run.reasons)) for run in selectors.scheme_runs(scheme)]
    return render(request, "passes/scheme_detail.html", {
        "scheme": scheme, "rule_sets": rule_sets, "runs": runs,
        "years": selectors.pass_years(scheme), "issue_form": YearForm(),
        "close_form": CloseRuleSetForm(),
    })


@role_required(Role.LEISURE)
def rule_set_create(request, code):
    scheme = selectors.scheme_get(code)
    form = RuleSetForm(request.POST or None, municipality=scheme.municipality)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.rule_set_create(scheme=scheme, valid_from=d["valid_from"],
                                     valid_to=d["valid_to"], rules=form.rules(),
                                     actor=request.user, note=d["note"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The rule set is saved."))
            return redirect("passes:scheme_detail", code=scheme.code)
    return render(request, "passes/rule_set_form.html", {"scheme": scheme, "form": form})


@require_POST
@role_required(Role.LEISURE)
def issue(request, code):
    scheme = selectors.scheme_get(code)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year between 2000 and 2100."))
        return redirect("passes:scheme_detail", code=scheme.code)
    try:
        run = services.passes_issue(scheme=scheme, year=form.cleaned_data["year"],
                                    actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("passes:scheme_detail", code=scheme.code)
    messages.success(request, _("Issuance done: %(eligible)s eligible, %(issued)s cards issued, "
                                "%(skipped)s skipped.") % {
        "eligible": run.eligible, "issued": run.issued, "skipped": run.skipped})
    return redirect("passes:run_detail", code=scheme.code, run_id=run.pk)


@role_required(Role.LEISURE)
def run_detail(request, code, run_id):
    scheme = selectors.scheme_get(code)
    run = selectors.run_get(scheme, run_id)
    zone_rows = []
    zones = Zone.objects.filter(municipality=scheme.municipality).order_by("code")
    for zone in zones:
        zone_rows.append((zone.name, run.eligible_by_zone.get(str(zone.pk), 0)))
    if run.eligible_by_zone.get(""):
        zone_rows.append((_("No zone"), run.eligible_by_zone[""]))
    return render(request, "passes/run_detail.html", {
        "scheme": scheme, "run": run, "reasons": reasons_list(run.reasons),
        "zone_rows": zone_rows,
        "rules": rules_summary(run.rule_set.rules, _zone_names(scheme.municipality))
        if run.rule_set else [],
    })


@role_required(Role.LEISURE)
def letters(request, code, year):
    scheme = selectors.scheme_get(code)
    page = paginate(request, selectors.households_with_passes(scheme, year))
    ids = [h.pk for h in page]
    cards = selectors.household_cards(scheme, year, ids)
    rows = [(h, cards.get(h.pk, [])) for h in page]
    audit_request(request, kind=Kind.PASS_LIST_READ, object_type="passes.activitypass",
                  detail=f"liste over husstander med {scheme.card_title} {year}",
                  persons=[p.person_id for _h, ps in rows for p in ps])
    return render(request, "passes/letters.html", {"scheme": scheme, "year": year, "page": page,
                                                   "rows": rows, "job": job_from_query(request)})


@role_required(Role.LEISURE)
def letter_pdf(request, code, year, household_id):
    scheme = selectors.scheme_get(code)
    household = selectors.household_with_passes_get(scheme, year, household_id)
    pdf = services.pass_letter_pdf(household=household, scheme=scheme, year=year,
                                   actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="brev-{year}-{scheme.code}-husstand-{household.pk}.pdf"')
    return response
