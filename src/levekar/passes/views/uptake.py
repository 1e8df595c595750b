"""Reach and uptake per scheme and zone, unused cards and reminders (role fritid)."""

import altair as alt
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import DomainError
from levekar.core.roles import Role
from levekar.passes import selectors, services
from levekar.passes.forms import ReminderForm
from levekar.passes.models import ReminderRun
from levekar.passes.views._common import paginate
from levekar.passes.views.delivery import job_from_query


def _chart(uptake) -> dict:
    """Share of cards used per zone (suppressed zones left out; the table has them all)."""
    values = [{"zone": str(r.label), "share": round(100 * r.share)}
              for r in uptake.zones if r.share is not None]
    return alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("share:Q", title=_("Share of cards used (%)"), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("zone:N", title=None, sort="x"),
        tooltip=[alt.Tooltip("zone:N", title=_("Zone")),
                 alt.Tooltip("share:Q", title=_("Share used (%)"))],
    ).properties(width="container", height=max(120, 22 * len(values))).to_dict()


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("ar", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@role_required(Role.LEISURE)
def uptake(request):
    years = selectors.pass_years()
    year = _year(request, years[0] if years else timezone.localdate().year)
    schemes = selectors.uptake_by_zone(year=year)
    return render(request, "passes/uptake.html", {
        "year": year, "years": years,
        "schemes": [(u, _chart(u), f"chart-{u.scheme.code}") for u in schemes],
        "effects": selectors.reminder_effects(year=year),
    })


@role_required(Role.LEISURE)
def reminders(request):
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                run = services.reminders_send(scheme=d["scheme"], year=d["year"],
                                              issued_before=d["issued_before"],
                                              actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Reminders made for %(cards)s unused cards in "
                                            "%(households)s households.") % {
                    "cards": run.reminded, "households": run.households})
                return redirect("passes:reminder_run", run_id=run.pk)
    else:
        form = ReminderForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        page = paginate(request, selectors.unused_passes(d["scheme"], d["year"],
                                                         d["issued_before"]))
        audit_request(request, kind=Kind.PASS_LIST_READ, object_type="passes.activitypass",
                      purpose=Purpose.PASS_UNUSED_LIST,
                      persons=[p.person_id for p in page])
    runs = ReminderRun.objects.select_related("scheme", "sent_by").order_by("-sent_at")[:20]
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "passes/reminders.html", {"form": form, "page": page, "runs": runs,
                                                     "query": query.urlencode()})


@role_required(Role.LEISURE)
def reminder_run(request, run_id):
    run = get_object_or_404(ReminderRun.objects.select_related("scheme", "sent_by"), pk=run_id)
    households = selectors.reminder_households(run)
    page = paginate(request, households)
    ids = [h.pk for h in page]
    cards = selectors.reminder_cards(run, ids)
    audit_request(request, kind=Kind.PASS_LIST_READ, obj=run,
                  purpose=Purpose.PASS_REMINDED_HOUSEHOLDS, persons=selectors.persons_of(ids))
    return render(request, "passes/reminder_run.html", {
        "run": run, "page": page, "rows": [(h, cards.get(h.pk, 0)) for h in page],
        "job": job_from_query(request)})


@role_required(Role.LEISURE)
def reminder_letter(request, run_id, household_id):
    run = get_object_or_404(ReminderRun.objects.select_related("scheme__municipality"), pk=run_id)
    household = get_object_or_404(selectors.reminder_households(run), pk=household_id)
    pdf = services.reminder_letter_pdf(run=run, household=household, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="paminnelse-{run.year}-{run.scheme.code}-husstand-'
        f'{household.pk}.pdf"')
    return response

