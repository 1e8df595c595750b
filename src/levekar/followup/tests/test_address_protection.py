"""Strengthened address protection on the household: the address is shown to nobody but
the case's coordinator and is never printed or exported (JSON, PDF)."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from levekar.core.errors import AccessDenied, InvalidInput
from levekar.core.models import AuditEvent
from levekar.followup import services
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

STREET = "Strømsveien 41 B"


@pytest.fixture
def protected(journey, coordinator):
    services.address_protection_set(actor=coordinator, case=journey["case"],
                                    level="strengt_fortrolig",
                                    reason="Melding fra folkeregisteret.")
    return journey


def _page(client, case):
    response = client.get(reverse("followup:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_setting_the_protection_is_audited_and_only_the_coordinator_may(journey, coordinator,
                                                                       colleague):
    case = journey["case"]
    with pytest.raises(AccessDenied):
        services.address_protection_set(actor=colleague, case=case, level="fortrolig",
                                        reason="x")
    with pytest.raises(InvalidInput) as exc:
        services.address_protection_set(actor=coordinator, case=case, level="hemmelig",
                                        reason="")
    assert {p.field for p in exc.value.problems} == {"adressebeskyttelse", "begrunnelse"}
    services.address_protection_set(actor=coordinator, case=case, level="fortrolig",
                                    reason="Melding fra folkeregisteret.")
    case.household.refresh_from_db()
    assert case.household.address_protected
    event = AuditEvent.objects.get(detail="adressebeskyttelse satt: fortrolig")
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        p.pk for p in journey["persons"].values()}


def test_only_the_coordinator_sees_a_protected_address(protected, client_as, colleague,
                                                       zones):
    case = protected["case"]
    services.household_move_record(actor=protected["case"].coordinator, case=case,
                                   street="Nyveien 2", postcode="2011", city="Strømmen",
                                   zone=zones["3205-04"],
                                   moved_on=case.start_date, rooms=4)
    own = _page(client_as("koordinator1"), case)
    assert "Nyveien 2" in own and STREET in own  # current and history
    assert "Strengt fortrolig" in own or "strengt fortrolig" in own
    # A colleague with emergency access (full access) does not see it, nor the history's
    # addresses or zones.
    services.break_glass_open(
        category="coordinator_absent", actor=colleague, case=case, reason="Kari er syk i dag.")
    other = _page(client_as("koordinator2"), case)
    assert "Nyveien" not in other and STREET not in other and "2011" not in other
    assert "Beskyttet adresse" in other
    # A service partner with consent to housing sees no address either.
    partner = _page(client_as("nav1"), case)
    assert "Nyveien" not in partner and STREET not in partner


def test_the_address_protection_page_is_the_coordinators(protected, client_as, colleague):
    case = protected["case"]
    url = reverse("followup:address_protection", args=[case.pk])
    assert client_as("koordinator1").get(url).status_code == 200
    services.break_glass_open(
        category="coordinator_absent", actor=colleague, case=case, reason="Kari er syk i dag.")
    assert client_as("koordinator2").get(url).status_code == 404


def test_the_subject_access_export_leaves_out_a_protected_address(protected, client_as):
    mother = protected["persons"]["mother"]
    client = client_as("koordinator1")
    data = json.loads(client.get(reverse("followup:person_export_json",
                                         args=[mother.pk])).content)
    assert "street" not in data["household"] and "zone" not in data["household"]
    assert data["household"]["address_protection"].lower().startswith("strengt fortrolig")
    assert STREET not in json.dumps(data, ensure_ascii=False)
    pdf = client.get(reverse("followup:person_export_pdf", args=[mother.pk])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert mother.first_name in text
    assert "Strømsveien" not in text and "2010" not in text


def test_an_unprotected_export_keeps_the_address(journey, client_as):
    mother = journey["persons"]["mother"]
    data = json.loads(client_as("koordinator1").get(
        reverse("followup:person_export_json", args=[mother.pk])).content)
    assert data["household"]["street"] == STREET
