"""The case pages: what each user sees, audit of every read, forms, and query counts."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.core.models import AuditEvent
from levekar.followup import services
from levekar.followup.models import BreakGlassAccess, Case, Consent, InfoPart
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set, child_of, nid_for_age, open_family

pytestmark = pytest.mark.django_db


def _url(name, **kw):
    return reverse(f"followup:{name}", kwargs=kw)


def _text(response) -> str:
    return response.content.decode()


# --- reading a case ---------------------------------------------------------------------

@pytest.mark.parametrize("username", ["koordinator1", "helsestasjon1"])
def test_each_view_of_a_case_writes_exactly_one_audit_event(client_as, journey, username):
    client = client_as(username)
    before = AuditEvent.objects.count()
    response = client.get(_url("case_detail", case_pk=journey["case"].pk))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "view" and event.object_type == "followup.case"
    assert event.object_id == str(journey["case"].pk) and event.actor_username == username
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        p.pk for p in journey["persons"].values()}


def test_the_case_page_shows_every_childs_level_and_its_duties(client_as, journey, coordinator,
                                                               health_partner):
    case = journey["case"]
    bti_set(actor=coordinator, case=case, to_level=1, reason="Tiltak.", holder=health_partner)
    page = _text(client_as("koordinator1").get(_url("case_detail", case_pk=case.pk)))
    level1 = page.split('data-testid="bti-level-1"')[1].split('data-testid="bti-level-0"')[0]
    level0 = page.split('data-testid="bti-level-0"')[1]
    sara, omid, nora = (journey["persons"][k].full_name for k in ("child16", "child11",
                                                                   "child4"))
    assert "BTI-nivå 1: Tiltak i egen tjeneste" in level1 and sara in level1
    assert "Hanne Helse" in level1 and omid not in level1
    assert "En navngitt stafettholder i tjenesten har ansvaret" in level1
    assert "BTI-nivå 0" in level0 and omid in level0 and nora in level0
    assert journey["persons"]["mother"].full_name not in level0.split("</section>")[0]


def test_the_bti_page_shows_each_child_and_the_history_names_the_child(
        client_as, journey, coordinator, health_partner, django_assert_max_num_queries):
    case = journey["case"]
    sara, omid = child_of(case, 0), child_of(case, 1)
    bti_set(actor=coordinator, case=case, child=sara, to_level=1, reason="Fravær.",
            holder=health_partner)
    client = client_as("koordinator1")
    with django_assert_max_num_queries(25) as small:
        page = _text(client.get(_url("bti_level", case_pk=case.pk) + f"?barn={omid.pk}"))
    children = page.split('data-testid="bti-children"')[1].split("</table>")[0]
    row = children.split(sara.person.full_name)[1].split("</tr>")[0]
    assert ">1<" in row and "Hanne Helse" in row
    assert omid.person.full_name in children
    history = page.split('id="history-h"')[1]
    assert sara.person.full_name in history and "Fravær." in history
    assert "Hele familien" in history  # the opening of the case
    # The form starts from the child asked for.
    assert f'<option value="{omid.pk}" selected>' in page
    for k in range(3):
        bti_set(actor=coordinator, case=case, child=omid, to_level=k % 2, reason=f"Endring {k}",
                holder=health_partner)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url("bti_level", case_pk=case.pk))


def test_level_3_shows_the_prompt_for_individual_plan(client_as, journey, coordinator,
                                                       health_partner):
    for level in (1, 2, 3):
        bti_set(actor=coordinator, case=journey["case"], to_level=level,
                                  reason="x", holder=health_partner)
    client = client_as("koordinator1")
    page = _text(client.get(_url("case_detail", case_pk=journey["case"].pk)))
    assert "Nivå 3: vurder individuell plan og barnekoordinator." in page
    client.post(_url("individual_plan_create", case_pk=journey["case"].pk),
                {"status": "in_progress", "started_on": "2026-11-02"})
    page = _text(client.get(_url("case_detail", case_pk=journey["case"].pk)))
    assert "vurder individuell plan og barnekoordinator." not in page
    assert "Hele familien: Under arbeid. Barnekoordinator: ikke oppnevnt" in " ".join(page.split())


def test_a_partner_sees_the_shell_and_only_the_named_parts(client_as, journey):
    page = _text(client_as("helsestasjon1").get(_url("case_detail", case_pk=journey["case"].pk)))
    assert "Dette kan tjenesten din se" in page
    for label in ("Økonomi", "Bolig", "Helse"):
        assert f'<th scope="col">{label}</th>' in page
    assert '<th scope="col">Barnehage og skole</th>' not in page
    assert journey["persons"]["mother"].national_id not in page  # no national ids
    assert "Strømsveien" not in page  # no address
    assert "Innsynslogg" not in page and "Registrer samtykke" not in page
    # Sara (16) decides over her own health information: the mother's consent does not cover it.
    coverage = page.split('data-testid="coverage"')[1]
    row = coverage.split(journey["persons"]["child16"].full_name)[1].split("</tr>")[0]
    assert row.count("Ja") == 2 and row.count("Nei") == 1


def test_a_partner_sees_only_the_consents_naming_their_unit(client_as, journey):
    page = _text(client_as("helsestasjon1").get(_url("consent_list", case_pk=journey["case"].pk)))
    assert "Helsestasjon Lillestrøm" in page
    assert "NAV Lillestrøm" not in page and "Strømmen skole" not in page
    assert f"consent-{journey['own_consent'].pk}" not in page


def test_a_colleague_gets_the_no_access_page_with_break_the_glass(client_as, journey):
    response = client_as("koordinator2").get(_url("case_detail", case_pk=journey["case"].pk))
    assert response.status_code == 404
    page = _text(response)
    assert "Ingen tilgang" in page and "Be om nødtilgang (bryt glasset)" in page
    assert journey["persons"]["mother"].last_name not in page
    assert AuditEvent.objects.filter(action="denied", actor_username="koordinator2").exists()


def test_after_withdrawal_the_nurses_next_click_gives_no_access(client_as, client, journey,
                                                                 demo_org):
    case = journey["case"]
    nurse = client_as("helsestasjon1")
    assert nurse.get(_url("case_detail", case_pk=case.pk)).status_code == 200
    coordinator = client.__class__()
    coordinator.force_login(demo_org["users"]["koordinator1"])
    unit = demo_org["units"]["helsestasjon-lillestrom"]
    response = coordinator.post(_url("consent_withdraw", case_pk=case.pk,
                                     consent_pk=journey["family_consent"].pk),
                                {"scope": str(unit.pk), "reason": "Mor ønsker det."})
    assert response.status_code == 302
    response = nurse.get(_url("case_detail", case_pk=case.pk))
    assert response.status_code == 404 and "Ingen tilgang" in _text(response)
    assert "Be om nødtilgang" not in _text(response)  # partners cannot break the glass
    listing = nurse.get(_url("case_list"))
    assert listing.context["rows"] == [] and "Ahmadi" not in _text(listing)
    # NAV keeps its access; the grant row records the withdrawal.
    assert client_as("nav1").get(_url("case_detail", case_pk=case.pk)).status_code == 200
    assert journey["family_consent"].grants.filter(unit=unit, withdrawn_at__isnull=False) \
        .count() == 3


# --- opening a case and consent through the pages ---------------------------------------

def _create_form(zone, referred_by, persons):
    data = {"street": "Strømsveien 41 B", "postcode": "2010", "city": "Strømmen",
            "zone": zone.pk, "preferred_language": "nb", "referred_by": referred_by.pk,
            "start_date": timezone.localdate().isoformat(), "planned_years": "5",
            "person-TOTAL_FORMS": "4", "person-INITIAL_FORMS": "0",
            "person-MIN_NUM_FORMS": "1", "person-MAX_NUM_FORMS": "15"}
    for i in range(4):
        data.update({f"person-{i}-role": "child", f"person-{i}-first_name": "",
                     f"person-{i}-last_name": "", f"person-{i}-national_id": "",
                     f"person-{i}-birth_date": "", f"person-{i}-phone": "",
                     f"person-{i}-taking_part": "on"})
    for i, p in enumerate(persons):
        data.update({f"person-{i}-{k}": v for k, v in p.items()})
    return data


def test_opening_a_case_checks_the_fodselsnummer_and_allows_a_member_without(
        client_as, zones, demo_org):
    client = client_as("koordinator1")
    zone, nav = zones["3205-03"], demo_org["units"]["nav-lillestrom"]
    persons = [
        {"role": "parent", "first_name": "Leila", "last_name": "Ahmadi",
         "national_id": nid_for_age(38, 1)},
        {"first_name": "Sara", "last_name": "Ahmadi", "national_id": "01011012345"},
        {"first_name": "Nora", "last_name": "Ahmadi", "birth_date": "2022-09-01"},
    ]
    response = client.post(_url("case_create"), _create_form(zone, nav, persons))
    assert response.status_code == 200
    assert "Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke)." in _text(response)
    assert not Case.objects.exists()
    persons[1]["national_id"] = nid_for_age(16, 2)
    response = client.post(_url("case_create"), _create_form(zone, nav, persons))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("case_detail",
                                                                         case_pk=case.pk)
    assert case.referred_by == nav and case.household.zone == zone
    nora = case.members.get(person__first_name="Nora").person
    assert nora.national_id is None and nora.birth_date == dt.date(2022, 9, 1)
    assert case.members.count() == 3 and not case.members.filter(taking_part=False).exists()


def test_more_persons_adds_rows_without_saving_or_errors(client_as, zones, demo_org):
    client = client_as("koordinator1")
    data = _create_form(zones["3205-03"], demo_org["units"]["nav-lillestrom"],
                        [{"role": "parent", "first_name": "Leila"}])
    data["more"] = "1"
    response = client.post(_url("case_create"), data)
    page = _text(response)
    assert page.count('data-testid="person-') == 6
    assert 'value="Leila"' in page and "ds-validation-message" not in page
    assert not Case.objects.exists()


def test_recording_consent_through_the_matrix(client_as, zones, coordinator, demo_org):
    case, persons = open_family(coordinator, zone=zones["3205-03"])
    units = demo_org["units"]
    grants = [f"{units[u].pk}:{p}" for u in ("nav-lillestrom", "helsestasjon-lillestrom")
              for p in ("economy", "housing", "health")] + \
        [f"{units['strommen-skole'].pk}:school"]
    client = client_as("koordinator1")
    response = client.post(_url("consent_create", case_pk=case.pk), {
        "given_by": persons["mother"].pk, "subject": "", "grants": grants,
        "valid_from": timezone.localdate().isoformat(), "valid_to": ""})
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.grants.count() == 7 and consent.subject is None
    # A parent cannot give the 16-year-old's health consent: a clear message, nothing saved.
    response = client.post(_url("consent_create", case_pk=case.pk), {
        "given_by": persons["mother"].pk, "subject": persons["child16"].pk,
        "grants": [f"{units['strommen-skole'].pk}:health"],
        "valid_from": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "er 16 år og samtykker selv til helse" in _text(response)
    assert Consent.objects.filter(case=case).count() == 1


def test_the_level_2_refusal_is_shown_on_the_bti_page(client_as, zones, coordinator,
                                                      health_partner):
    case, _ = open_family(coordinator, zone=zones["3205-03"])
    bti_set(actor=coordinator, case=case, to_level=1, reason="x",
                              holder=health_partner)
    sara = child_of(case)
    sara.refresh_from_db()
    response = client_as("koordinator1").post(_url("bti_level", case_pk=case.pk), {
        "member": sara.pk, "to_level": "2", "stafettholder": sara.stafettholder_id,
        "reason": "Samarbeid."})
    assert response.status_code == 200
    assert "kan ikke løftes til nivå 2 uten et registrert, gyldig samtykke" in _text(response)
    case.refresh_from_db()
    assert case.bti_level == 1


# --- break the glass --------------------------------------------------------------------

def test_break_the_glass_through_the_pages_is_listed_for_the_leader(client_as, client,
                                                                     journey, demo_org):
    case = journey["case"]
    colleague = client_as("koordinator2")
    response = colleague.post(_url("break_glass", case_pk=case.pk), {"reason": "syk"})
    assert response.status_code == 200 and not BreakGlassAccess.objects.exists()
    response = colleague.post(_url("break_glass", case_pk=case.pk),
                              {"category": "coordinator_absent",
                               "reason": "Kari er syk; familien trenger hjelp i dag."})
    assert response.status_code == 302
    page = _text(colleague.get(_url("case_detail", case_pk=case.pk)))
    assert "Du har nødtilgang (bryt glasset) til dette familieløpet" in page
    for name in ("plan", "mapping_list", "meeting_list", "feedback"):
        # the work tabs share the case layout: the banner and the same tabs show there too
        page = _text(colleague.get(reverse(f"followup:{name}", kwargs={"case_pk": case.pk})))
        assert "Du har nødtilgang (bryt glasset) til dette familieløpet" in page, name
        assert 'class="lk-case-tabs"' in page and 'aria-current="page"' in page, name
        event = AuditEvent.objects.latest("id")
        assert event.action == "view" and event.via == "break_glass", name
    leader = client.__class__()
    leader.force_login(demo_org["users"]["bti1"])
    page = _text(leader.get(_url("break_glass_list")))
    assert "Kåre Koordinator" in page and "Kari er syk; familien trenger hjelp i dag." in page
    assert f'<td class="lk-num">{case.pk}</td>' in page


# --- innsynslogg and export -------------------------------------------------------------

def test_the_access_log_shows_who_looked_at_each_member(client_as, journey):
    client_as("helsestasjon1").get(_url("case_detail", case_pk=journey["case"].pk))
    page = _text(client_as("koordinator1").get(_url("access_log", case_pk=journey["case"].pk)))
    assert "Innsynslogg for familien" in page
    assert "så familieløpet, med samtykke fra Leila Ahmadi0" in page
    assert "Hanne Helse" in page and "Helsestasjon Lillestrøm" in page


def test_the_subject_access_export_as_json(client_as, journey):
    sara = journey["persons"]["child16"]
    client_as("helsestasjon1").get(_url("case_detail", case_pk=journey["case"].pk))
    response = client_as("koordinator1").get(_url("person_export_json", person_pk=sara.pk))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/json")
    data = json.loads(response.content)
    assert data["person"]["national_id"] == sara.national_id
    assert data["household"]["street"] == "Strømsveien 41 B"
    assert data["cases"][0]["case"] == journey["case"].pk
    assert {c["about"] for c in data["consents"]} == {"hele familien", sara.full_name}
    assert data["bti_history"][0]["to_level"] == 0
    assert any(e["user"] == "helsestasjon1" for e in data["access_log"])
    event = AuditEvent.objects.filter(action="export").get()
    assert list(event.subjects.values_list("person_id", flat=True)) == [sara.pk]


def test_the_subject_access_export_as_pdf(client_as, journey):
    import io

    from pypdf import PdfReader

    mother = journey["persons"]["mother"]
    response = client_as("koordinator1").get(_url("person_export_pdf", person_pk=mother.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Innsyn: {mother.full_name}" in text
    assert mother.national_id in text and "Samtykker" in text and "Innsynslogg" in text


# --- constant queries -------------------------------------------------------------------

def _grow(coordinator, zones, demo_org, n, start):
    for i in range(n):
        case, persons = open_family(coordinator, serial=start + i, zone=zones["3205-01"])
        services.consent_record(actor=coordinator, case=case, given_by=persons["mother"],
                                subject=None,
                                grants=[(demo_org["units"]["nav-lillestrom"], InfoPart.ECONOMY),
                                        (demo_org["units"]["nav-lillestrom"], InfoPart.HEALTH)])


@pytest.mark.parametrize("username,name,kwargs", [
    ("koordinator1", "case_list", False), ("nav1", "case_list", False),
    ("koordinator1", "case_detail", True), ("nav1", "case_detail", True),
    ("koordinator1", "consent_list", True), ("nav1", "consent_list", True),
    ("koordinator1", "bti_level", True), ("koordinator1", "access_log", True),
    ("bti1", "bti_overview", False), ("bti1", "break_glass_list", False),
])
def test_pages_use_a_constant_number_of_queries(client_as, journey, coordinator, colleague,
                                                zones, demo_org, username, name, kwargs,
                                                django_assert_max_num_queries):
    url = _url(name, case_pk=journey["case"].pk) if kwargs else _url(name)
    client = client_as(username)
    _grow(coordinator, zones, demo_org, 2, start=10)
    services.break_glass_open(
        category="coordinator_absent", actor=colleague, case=journey["case"],
        reason="Syk kollega, akutt.")
    client.get(url)  # warm caches (sessions, translations)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(coordinator, zones, demo_org, 8, start=20)
    for case in Case.objects.all()[:5]:
        services.break_glass_open(
            category="coordinator_absent", actor=colleague, case=case,
            reason="Syk kollega, akutt.") \
            if case.coordinator_id != colleague.pk else None
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- status and members through the pages -----------------------------------------------

def test_closing_a_case_through_the_page_needs_a_reason(client_as, journey):
    client = client_as("koordinator1")
    url = _url("case_status", case_pk=journey["case"].pk)
    response = client.post(url, {"status": "closed", "reason": ""})
    assert response.status_code == 200
    assert "Oppgi en begrunnelse for å sette familieløpet på pause eller avslutte det." in \
        _text(response)
    response = client.post(url, {"status": "closed", "reason": "Familien flyttet."})
    assert response.status_code == 302
    case = Case.objects.get(pk=journey["case"].pk)
    assert case.status == "closed" and case.status_reason == "Familien flyttet."
    listing = _text(client.get(_url("case_list") + "?vis=avsluttet"))
    assert "Familien Ahmadi0" in listing


def test_adding_a_member_through_the_page(client_as, journey):
    client = client_as("koordinator1")
    response = client.post(_url("member_add", case_pk=journey["case"].pk), {
        "first_name": "Adam", "last_name": "Ahmadi", "role": "child",
        "birth_date": (timezone.localdate() - dt.timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    assert journey["case"].members.filter(person__first_name="Adam").exists()
    response = client.post(_url("member_add", case_pk=journey["case"].pk), {
        "first_name": "Eva", "last_name": "Ahmadi", "role": "child"})
    assert "Oppgi fødselsdato når personen ikke har fødselsnummer." in _text(response)
