"""The printable Familiens plan (issue 11, item 7): an A4 PDF in plain language, in
Norwegian or English, from the case page for the coordinator — read back here."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent
from levekar.followup import services as S
from levekar.followup.models import ChildVoice, GoalAction, PlanArea
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(journey, coordinator):
    case, units = journey["case"], journey["units"]
    child = case.members.get(person=journey["persons"]["child11"])
    S.plan_wishes_update(actor=coordinator, case=case, family_wishes="Et trygt hjem.")
    home = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                         title="Større bolig", target_date=dt.date(2027, 6, 1))
    S.action_create(actor=coordinator, goal=home, description="Søknad om kommunal bolig",
                    responsible_unit=units["boligkontoret"], deadline=dt.date(2027, 2, 1))
    dropped = S.action_create(actor=coordinator, goal=home, description="Gammel idé",
                              responsible_unit=units["boligkontoret"])
    S.action_status_set(actor=coordinator, action=dropped, status=GoalAction.Status.CANCELLED)
    leisure = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE,
                            member=child, title="Fotball med venner")
    S.child_voice_record(actor=coordinator, goal=leisure, child=child,
                         words="Jeg vil spille fotball", gathered_how=ChildVoice.How.HOME_VISIT)
    return journey


def _text(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), reader


@pytest.mark.parametrize(("query", "words"), [
    ("", ["Familiens plan", "Det som er viktigst for oss", "Et trygt hjem.", "Bolig",
          "Dette skal gjøres", "Hvem har ansvaret", "1. februar 2027", "Ikke startet ennå",
          "Skal nås innen 1. juni 2027", "Fritid", "For Barn11",
          "«Jeg vil spille fotball»", "11 år", "Familiekoordinatoren deres er"]),
    ("?sprak=en", ["Our family's plan", "What matters most to us", "Housing",
                   "What will be done", "Who answers for it", "1 February 2027",
                   "Not started yet", "To be reached by 1 June 2027", "Leisure",
                   "For Barn11", "11 years", "Your family coordinator is"]),
])
def test_the_coordinator_prints_the_plan_in_norwegian_or_english(client, plan, coordinator,
                                                                 query, words):
    case = plan["case"]
    client.force_login(coordinator)
    response = client.get(reverse("followup:plan_print", args=[case.pk]) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = _text(response.content)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    flat = " ".join(text.split())
    for word in words:
        assert word in flat, word
    assert "Søknad om kommunal bolig" in flat and "Boligkontoret" in flat
    assert "Større bolig" in flat
    assert "Gammel idé" not in flat                       # cancelled
    assert "Strømsveien" not in flat                      # never the address
    [event] = AuditEvent.objects.filter(actor=coordinator, action="view",
                                        purpose=Purpose.PLAN_PRINT)
    assert event.object_id == str(case.pk)
    assert event.subjects.count() == case.members.count()


def test_a_partner_may_not_print_the_plan(client, plan, nav_partner):
    client.force_login(nav_partner)
    response = client.get(reverse("followup:plan_print", args=[plan["case"].pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=nav_partner, action="denied").exists()
