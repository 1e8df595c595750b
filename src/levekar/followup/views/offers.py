"""Tiltaksoversikten: the catalogue of offers, and the BTI coordinator's page to keep it
current. The catalogue holds no personal data, so reading it is not audited; every save is."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.errors import Conflict, DomainError
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.followup import offers, selectors, services
from levekar.followup.forms import OfferCatalogueForm
from levekar.followup.models import PlanArea

READERS = (Role.COORDINATOR, Role.SERVICE_PARTNER, Role.BTI_COORDINATOR)
EDITORS = (Role.BTI_COORDINATOR,)


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and int(raw) <= 3 else None


@role_required(*READERS)
def offer_list(request):
    catalogue, revision = selectors.offer_catalogue_current()
    level = _int_or_none(request.GET.get("niva"))
    prevention = request.GET.get("forebygging", "")
    prevention = prevention if prevention in offers.PREVENTION else ""
    area = request.GET.get("omrade", "")
    area = area if area in PlanArea.values else ""
    shown = selectors.offers_filtered(catalogue, level=level, prevention=prevention, area=area)
    return render(request, "followup/offers/list.html", {
        "offers": shown, "total": len(catalogue.offers), "revision": revision,
        "level": level, "prevention": prevention, "area": area,
        "levels": range(4), "preventions": list(offers.PREVENTION.items()),
        "areas": PlanArea.choices,
        "can_edit": has_role(request.user, *EDITORS)})


@role_required(*EDITORS)
def offer_edit(request):
    text, revision = selectors.offer_catalogue_text()
    current = revision.pk if revision else 0
    form = OfferCatalogueForm(request.POST or None,
                              initial={"text": text, "revision": current})
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.offer_catalogue_save(actor=request.user, text=d["text"], note=d["note"],
                                          expected_revision=d["revision"], request=request)
        except Conflict as exc:
            conflict = exc.message
            data = request.POST.copy()
            data["revision"] = str(current)
            form = OfferCatalogueForm(data)
            form.is_valid()
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The offers catalogue is saved."))
            return redirect("followup:offer_list")
    return render(request, "followup/offers/edit.html", {
        "form": form, "conflict": conflict, "saved_text": text if conflict else "",
        "revisions": selectors.offer_revisions()}, status=409 if conflict else 200)
