"""The family's own papers: the innsynslogg in plain words and paged, the subject-access
PDF that fits A4 with names and Norwegian dates."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from levekar.core.audit import Action, Kind, Purpose, Via, audit_record
from levekar.core.models import AuditEvent, AuditSubject
from levekar.followup.privacy import export
from levekar.followup.privacy.access_log import PAGE_SIZE
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set

pytestmark = pytest.mark.django_db

CODE_WORDS = ("(coordinator)", "(consent)", "(break_glass)", "coordinator", "break_glass")


def _log_page(client, case, page=None):
    url = reverse("followup:access_log", kwargs={"case_pk": case.pk})
    return client.get(url + (f"?side={page}" if page else "")).content.decode()


def test_the_access_log_tells_how_each_reader_had_access_in_plain_norwegian(
        client_as, journey, demo_org):
    case, mother = journey["case"], journey["persons"]["mother"]
    client_as("helsestasjon1").get(reverse("followup:case_detail", kwargs={"case_pk": case.pk}))
    colleague = client_as("koordinator2")
    colleague.post(reverse("followup:break_glass", kwargs={"case_pk": case.pk}),
                   {"category": "coordinator_absent",
                    "reason": "Kari er syk; familien trenger hjelp i dag."})
    colleague.get(reverse("followup:case_detail", kwargs={"case_pk": case.pk}))
    page = _log_page(client_as("koordinator1"), case)

    assert f"så familieløpet, med samtykke fra {mother.full_name}" in page
    assert "så familieløpet, nødtilgang: Kari er syk; familien trenger hjelp i dag." in page
    assert "så innsynsloggen, som familiekoordinator" not in page  # written after the page
    assert "Hanne Helse" in page and "Helsestasjon Lillestrøm" in page
    for word in CODE_WORDS:
        assert word not in page, word
    # the raw rows keep the machine form
    assert AuditEvent.objects.filter(purpose=Purpose.CASE_OVERVIEW, via=Via.CONSENT).exists()


def test_the_access_log_shows_the_norwegian_words_of_the_purpose_not_its_code(client_as,
                                                                            journey):
    case = journey["case"]
    client = client_as("koordinator1")
    client.get(reverse("followup:plan", kwargs={"case_pk": case.pk}))
    event = AuditEvent.objects.filter(kind=Kind.CASE_READ).latest("id")
    assert (event.purpose, event.via) == (Purpose.PLAN_PAGE, Via.COORDINATOR)
    page = _log_page(client, case)
    assert "så Familiens plan, som familiekoordinator" in page
    assert "case.page" not in page


def test_a_row_written_before_the_declared_purposes_still_reads_the_same(client_as, journey,
                                                                        coordinator):
    """Old rows keep their free text (no data migration): the route suffix is told in
    words, and other text stands as it was written."""
    case = journey["case"]
    persons = [p.pk for p in journey["persons"].values()]
    for purpose in ("så Familiens plan (coordinator)", "hjemmebesøk avtalt på telefon"):
        event = AuditEvent.objects.create(actor=coordinator, actor_username="koordinator1",
                                          action=Action.VIEW, kind=Kind.CASE_READ,
                                          object_type="followup.case", object_id=str(case.pk),
                                          purpose=purpose)
        AuditSubject.objects.bulk_create(AuditSubject(event=event, person_id=p)
                                         for p in persons)
    page = _log_page(client_as("koordinator1"), case)
    assert "så Familiens plan, som familiekoordinator" in page
    assert "hjemmebesøk avtalt på telefon" in page
    assert "(coordinator)" not in page


def test_the_access_log_is_paged_newest_first(client_as, journey, coordinator,
                                             django_assert_max_num_queries):
    case = journey["case"]
    persons = [p.pk for p in journey["persons"].values()]
    for i in range(PAGE_SIZE + 5):
        audit_record(actor=coordinator, action=Action.VIEW, obj=case, persons=persons,
                     detail=f"lesing nummer {i}", via=Via.COORDINATOR)
    client = client_as("koordinator1")
    with django_assert_max_num_queries(30):
        first = _log_page(client, case)
    assert "lesing nummer 29, som familiekoordinator" in first
    assert "lesing nummer 4," not in first
    assert "Side 1 av 2" in first and "?side=2" in first
    second = _log_page(client, case, 2)
    assert "lesing nummer 4, som familiekoordinator" in second
    assert "lesing nummer 29," not in second
    # more history does not mean more queries
    for i in range(40):
        audit_record(actor=coordinator, action=Action.VIEW, obj=case, persons=persons,
                     detail=f"mer {i}", via=Via.CONSENT)
    with django_assert_max_num_queries(30):
        _log_page(client, case, 3)


def _pdf(person) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(export.person_export_pdf(person)))
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_subject_access_pdf_is_a4_with_names_and_norwegian_dates(client_as, journey,
                                                                    coordinator,
                                                                    health_partner):
    case, mother = journey["case"], journey["persons"]["mother"]
    client_as("helsestasjon1").get(reverse("followup:case_detail", kwargs={"case_pk": case.pk}))
    bti_set(actor=coordinator, case=case, to_level=1,
                              reason="Mor ønsker hjelp med økonomien og boligen.",
                              holder=health_partner)
    reader, text = _pdf(mother)

    for page in reader.pages:  # A4 portrait: 595 × 842 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) \
            == (595, 842)
    assert "Familien Ahmadi0" in text            # the case by the family's name
    assert "Familiekoordinator: Kari Koordinator" in text
    start = case.start_date
    months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
              "september", "oktober", "november", "desember"]
    assert f"{start.day}. {months[start.month - 1]} {start.year}" in text
    assert start.isoformat() not in text          # no ISO dates
    assert f"med samtykke fra {mother.full_name}" in text
    assert "(consent)" not in text
    # nothing is cut: every long value stands whole in the text
    assert "Mor ønsker hjelp med økonomien og boligen." in text
    # the JSON for machines is unchanged: numbers and ISO dates
    data = json.loads(export.person_export_json(mother))
    assert data["cases"][0]["case"] == case.pk and data["cases"][0]["start_date"] == \
        start.isoformat()
    assert any((e["purpose"], e["via"]) == ("case.page.overview", "consent")
               for e in data["access_log"])


def test_the_json_export_gives_each_audit_row_its_kind_and_changes(journey, coordinator):
    from levekar.core.audit_kinds import AuditKind
    from levekar.followup import services

    case, mother = journey["case"], journey["persons"]["mother"]
    services.case_status_change(actor=coordinator, case=case, status="paused",
                                reason="Familien har flyttet midlertidig")
    rows = json.loads(export.person_export_json(mother))["access_log"]
    assert all({"kind", "changes"} <= set(row) for row in rows)
    paused = [r for r in rows if r["kind"] == AuditKind.CASE_STATUS_CHANGE]
    assert len(paused) == 1
    assert paused[0]["changes"] == [{"field": "status", "old": "active", "new": "paused"}]
    assert any(r["kind"] == AuditKind.CASE_CREATE and r["changes"] == [] for r in rows)


def test_five_years_of_reads_stay_a_short_list_in_the_pdf(journey, coordinator):
    case, mother = journey["case"], journey["persons"]["mother"]
    persons = [p.pk for p in journey["persons"].values()]
    for _ in range(60):
        audit_record(actor=coordinator, action=Action.VIEW, obj=case, persons=persons,
                     purpose=Purpose.CASE_OVERVIEW, via=Via.COORDINATOR)
    rows = export._access_log_rows(mother)
    assert rows[0]["purpose"] == "så familieløpet, som familiekoordinator"
    assert rows[0]["times"] == 60 and rows[0]["who"] == "Kari Koordinator"
    reader, text = _pdf(mother)
    # one line for the month: who, how many times, what and why
    assert ("Kari Koordinator, Familieteamet (familiekoordinatorene) – 60 ganger: Lest – "
            "så familieløpet, som familiekoordinator") in text
    assert len(reader.pages) <= 4


def test_min_side_tells_the_family_the_same_plain_purpose(client_as, journey):
    from levekar.minside import selectors as minside

    case, mother = journey["case"], journey["persons"]["mother"]
    client_as("helsestasjon1").get(reverse("followup:case_detail", kwargs={"case_pk": case.pk}))
    mine = next(log for log in minside.access_log(mother) if log.is_self)
    assert [e.plain_purpose for e in mine.events if e.actor_username == "helsestasjon1"] == [
        f"så familieløpet, med samtykke fra {mother.full_name}"]
