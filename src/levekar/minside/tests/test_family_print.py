"""The family prints Familiens plan from Min side (A4 PDF, Norwegian or English) with
what the member may read, audited — read back here."""

import io

import pytest
from pypdf import PdfReader

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent
from levekar.minside.tests.factories import family_under_followup
from levekar.minside.tests.test_family import _citizen

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_a_parent_prints_the_plan_in_english_or_norwegian_without_her_daughters_part(
        demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    leila = _citizen(fam["leila"])

    english = _text(leila.get(f"/min-side/familien/{case.pk}/plan.pdf?lang=en"))
    for seen in ("Our family's plan", "Større bolig", "Søknad om kommunal bolig",
                 "Boligkontoret", "Who answers for it", "For you",
                 "Mor i arbeidsrettet aktivitet", "«Jeg liker matte»", "Omid, 11 years"):
        assert seen in english, seen
    assert "Sara sover bedre" not in english                  # Sara decides her health
    assert "Jeg vil snakke med helsesykepleier alene" not in english
    assert "Strømsveien" not in english

    norwegian = _text(leila.get(f"/min-side/familien/{case.pk}/plan.pdf?lang=nb"))
    assert "Familiens plan" in norwegian and "Hvem har ansvaret" in norwegian
    assert "For deg" in norwegian

    events = AuditEvent.objects.filter(action="export", object_id=str(case.pk),
                                       purpose=Purpose.MINSIDE_PLAN_PRINTED)
    assert events.count() == 2


def test_sara_prints_only_her_own_goals(demo_org):
    fam = family_under_followup(demo_org)
    sara = _text(_citizen(fam["sara"]).get(f"/min-side/familien/{fam['case'].pk}/plan.pdf"))
    assert "Sara sover bedre" in sara and "Jeg vil snakke med helsesykepleier alene" in sara
    assert "Større bolig" not in sara and "Omid trives på skolen" not in sara


def test_another_family_gets_no_pdf(demo_org):
    fam = family_under_followup(demo_org)
    response = _citizen(fam["tomas"]).get(f"/min-side/familien/{fam['case'].pk}/plan.pdf")
    assert response.status_code != 200 or response["Content-Type"] != "application/pdf"
    assert AuditEvent.objects.filter(action="denied").exists()
