"""Min side for a family under follow-up: Familiens plan and consent, at the high level.

A parent reads the plan (goals, actions, who is responsible, the child's own words where
she may see them) and gives and withdraws consent per service and part herself; the
withdrawal stops the partner's access at the next click. A 16-year-old decides her own
health consent, and her parent no longer sees that part.
"""

import time

import pytest
from django.test import Client

from levekar.core.audit_kinds import AuditKind as Kind
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.followup.models import Consent, ConsentGrant
from levekar.minside.citizen import SESSION_KEY
from levekar.minside.tests.factories import family_under_followup, residents

pytestmark = pytest.mark.django_db

HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"


def _citizen(person, acr: str = HIGH) -> Client:
    """A session as the login leaves it (the login itself is tested against the provider)."""
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"pid": person.national_id, "acr": acr, "sid": "s",
                            "id_token": "", "seen": int(time.time())}
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client


def _staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _grant(consent, unit_code: str, part: str) -> ConsentGrant:
    return consent.grants.get(unit__code=unit_code, part=part)


def _text(response) -> str:
    return response.content.decode()


def _in_force(response_or_text) -> str:
    """The consents in force (the page before the form that gives a new one)."""
    text = response_or_text if isinstance(response_or_text, str) else _text(response_or_text)
    return text.split('id="gi"')[0]


def test_the_plan_and_consent_pages_need_the_high_level(demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    grant = _grant(fam["family"], "nav-lillestrom", "economy")
    leila = _citizen(fam["leila"], acr=SUBSTANTIAL)

    for method, path in [("get", f"/min-side/familien/{case.pk}/plan/"),
                         ("get", f"/min-side/familien/{case.pk}/samtykke/"),
                         ("post", f"/min-side/familien/{case.pk}/samtykke/{grant.pk}/"
                                  "trekk-tilbake/")]:
        r = getattr(leila, method)(path)
        assert r.status_code == 302, path
        assert "niva=idporten-loa-high" in r["Location"]
    grant.refresh_from_db()
    assert grant.withdrawn_at is None


def test_a_parent_reads_the_plan_but_not_what_her_16_year_old_decides_herself(demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]

    page = _text(_citizen(fam["leila"]).get(f"/min-side/familien/{case.pk}/plan/"))

    for seen in ("Større bolig", "Søknad om kommunal bolig", "Boligkontoret",
                 "Mor i arbeidsrettet aktivitet", "NAV-veileder",
                 "Sara med i organisert fritid", "Jeg vil spille håndball, men har ikke sko",
                 "Omid trives på skolen", "Jeg liker matte", "Kari Koordinator",
                 "hjemmebesøk"):
        assert seen in page, seen
    # Sara (16) decides over her own health information: her mother does not see it.
    assert "Sara sover bedre" not in page
    assert "helsesykepleier alene" not in page
    assert "Dahl" not in page
    read = AuditEvent.objects.get(kind=Kind.MINSIDE_PLAN_READ)
    assert read.detail == ""  # the kind says it: "leste Familiens plan på Min side"
    assert read.object_type == "followup.case" and read.object_id == str(case.pk)
    assert read.actor is None
    assert set(read.subjects.values_list("person_id", flat=True)) == {
        fam["leila"].pk, fam["sara"].pk, fam["omid"].pk}


def test_the_16_year_old_reads_her_own_goals_and_words_only(demo_org):
    fam = family_under_followup(demo_org)

    page = _text(_citizen(fam["sara"]).get(f"/min-side/familien/{fam['case'].pk}/plan/"))

    assert "Sara sover bedre" in page and "helsesykepleier alene" in page
    assert "Sara med i organisert fritid" in page
    assert "Mor i arbeidsrettet aktivitet" not in page and "Omid" not in page
    assert "Større bolig" not in page


def test_a_parent_is_refused_another_familys_plan_and_consents(demo_org):
    fam = family_under_followup(demo_org)
    other = fam["other_case"]
    leila = _citizen(fam["leila"])

    for path in (f"/min-side/familien/{other.pk}/plan/",
                 f"/min-side/familien/{other.pk}/samtykke/"):
        r = leila.get(path)
        assert r.status_code == 403 and "Ingen tilgang" in _text(r)
        assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED, path=path).count() == 1
    assert "Dahl-familiens boligmål" not in _text(leila.get(f"/min-side/familien/{other.pk}/plan/"))


def test_children_under_their_consent_age_and_residents_without_a_case_have_no_plan(
        demo_org):
    fam = family_under_followup(demo_org)
    state = residents(demo_org, with_holiday_place=False)

    r = _citizen(fam["omid"]).get(f"/min-side/familien/{fam['case'].pk}/plan/")
    assert r.status_code == 403
    r = _citizen(state["ola"]).get(f"/min-side/familien/{fam['case'].pk}/samtykke/")
    assert r.status_code == 403
    assert "/familien/" not in _text(_citizen(state["ola"]).get("/min-side/"))
    assert f"/min-side/familien/{fam['case'].pk}/plan/" in _text(
        _citizen(fam["leila"]).get("/min-side/"))


def test_the_parent_sees_what_each_service_may_see_but_not_her_daughters_own_consent(
        demo_org):
    fam = family_under_followup(demo_org)

    page = _in_force(_citizen(fam["leila"]).get(
        f"/min-side/familien/{fam['case'].pk}/samtykke/"))

    assert "NAV Lillestrøm" in page and "Økonomi" in page
    assert "Helsestasjon" in page
    assert "Strømmen skole" not in page  # Sara's own health consent to the school


def test_withdrawing_a_consent_stops_the_partners_access_at_once_and_tells_the_coordinator(
        demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    nav = _staff(demo_org["users"]["nav1"])
    assert nav.get(f"/familier/{case.pk}/").status_code == 200
    grant = _grant(fam["family"], "nav-lillestrom", "economy")
    leila = _citizen(fam["leila"])

    r = leila.post(f"/min-side/familien/{case.pk}/samtykke/{grant.pk}/trekk-tilbake/",
                   follow=True)

    assert "NAV Lillestrøm kan ikke lenger se økonomi" in _text(r)
    grant.refresh_from_db()
    assert grant.withdrawn_at is not None
    # The rest of the family consent stays: the health station still sees health.
    assert _grant(fam["family"], "helsestasjon-lillestrom", "health").withdrawn_at is None
    assert nav.get(f"/familier/{case.pk}/").status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE,
                                   object_type="followup.consent",
                                   object_id=str(fam["family"].pk))
    assert event.actor is None and event.actor_username == "innbygger (Min side)"
    assert "NAV Lillestrøm – økonomi" in event.detail
    told = OutboundMessage.objects.get(to=fam["coordinator"].email)
    assert f"sak {case.pk}" in told.body and "Ahmadi" not in told.body


def test_the_parent_gives_consent_and_the_service_sees_that_part_at_once(demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    culture = demo_org["units"]["kultur-fritid"]
    leila = _citizen(fam["leila"])

    r = leila.post(f"/min-side/familien/{case.pk}/samtykke/",
                   {"unit": culture.pk, "parts": ["leisure"]})

    assert r.status_code == 302
    consent = Consent.objects.get(grants__unit=culture)
    assert consent.given_by == fam["leila"] and consent.subject is None
    assert consent.recorded_by is None
    assert list(consent.grants.values_list("part", flat=True)) == ["leisure"]
    assert AuditEvent.objects.filter(object_type="followup.consent",
                                     object_id=str(consent.pk),
                                     action=AuditEvent.Action.CREATE,
                                     actor_username="innbygger (Min side)").exists()
    # The coordinator's consent page says who gave it, and where.
    staff_page = _text(_staff(fam["coordinator"]).get(f"/familier/{case.pk}/samtykke/"))
    assert "Gitt av Leila Ahmadi på Min side" in staff_page
    # Giving the same again is refused with a clear message; nothing new is written.
    again = leila.post(f"/min-side/familien/{case.pk}/samtykke/",
                       {"unit": culture.pk, "parts": ["leisure"]})
    assert "Kultur og fritid har allerede samtykke" in _text(again)
    assert Consent.objects.filter(grants__unit=culture).count() == 1


def test_the_16_year_old_decides_her_own_health_consent_and_nothing_else(demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    own = _grant(fam["own"], "strommen-skole", "health")
    family_grant = _grant(fam["family"], "nav-lillestrom", "economy")
    sara, leila = _citizen(fam["sara"]), _citizen(fam["leila"])

    page = _text(sara.get(f"/min-side/familien/{case.pk}/samtykke/"))
    assert "Strømmen skole" in _in_force(page) and "NAV Lillestrøm" not in _in_force(page)
    # Only health is hers to give at 16.
    assert 'value="health"' in page and 'value="economy"' not in page

    # Her mother cannot withdraw it, and she cannot withdraw her mother's family consent.
    r = leila.post(f"/min-side/familien/{case.pk}/samtykke/{own.pk}/trekk-tilbake/")
    assert r.status_code == 403
    r = sara.post(f"/min-side/familien/{case.pk}/samtykke/{family_grant.pk}/trekk-tilbake/")
    assert r.status_code == 403
    own.refresh_from_db()
    family_grant.refresh_from_db()
    assert own.withdrawn_at is None and family_grant.withdrawn_at is None

    sara.post(f"/min-side/familien/{case.pk}/samtykke/{own.pk}/trekk-tilbake/")
    own.refresh_from_db()
    assert own.withdrawn_at is not None
    r = sara.post(f"/min-side/familien/{case.pk}/samtykke/",
                  {"unit": demo_org["units"]["helsestasjon-lillestrom"].pk,
                   "parts": ["health"]})
    assert r.status_code == 302
    given = Consent.objects.filter(given_by=fam["sara"]).latest("pk")
    assert given.subject == fam["sara"] and given.grants.get().part == "health"
    r = sara.post(f"/min-side/familien/{case.pk}/samtykke/",
                  {"unit": demo_org["units"]["nav-lillestrom"].pk, "parts": ["economy"]})
    assert r.status_code == 200
    assert Consent.objects.filter(given_by=fam["sara"]).count() == 2


def test_the_family_pages_use_a_constant_number_of_queries(demo_org,
                                                          django_assert_max_num_queries):
    from levekar.followup import services as fs
    from levekar.followup.models import ChildVoice, PlanArea

    fam = family_under_followup(demo_org)
    case = fam["case"]
    leila = _citizen(fam["leila"])
    counts = {}
    for path in ("plan", "samtykke"):
        with django_assert_max_num_queries(30) as q:
            assert leila.get(f"/min-side/familien/{case.pk}/{path}/").status_code == 200
        counts[path] = len(q.captured_queries)
    omid = case.members.get(person=fam["omid"])
    for i in range(6):
        goal = fs.goal_create(actor=fam["coordinator"], case=case, area=PlanArea.SCHOOL,
                              member=omid, title=f"Mål {i}")
        fs.action_create(actor=fam["coordinator"], goal=goal, description=f"Tiltak {i}",
                         responsible_person="Lærer")
        fs.child_voice_record(actor=fam["coordinator"], goal=goal, child=omid,
                              words=f"Ord {i}", gathered_how=ChildVoice.How.AT_SCHOOL)
        fs.consent_record(actor=fam["coordinator"], case=case, given_by=fam["leila"],
                          subject=None, grants=[(demo_org["units"]["ppt"], "school")])
    for path in ("plan", "samtykke"):
        with django_assert_max_num_queries(counts[path]):
            page = leila.get(f"/min-side/familien/{case.pk}/{path}/")
        assert page.status_code == 200
    assert "Ord 5" in _text(leila.get(f"/min-side/familien/{case.pk}/plan/"))


def test_after_a_handover_the_plan_names_the_new_coordinator_and_how_to_reach_them(
        demo_org, django_assert_max_num_queries):
    from levekar.followup import services as fs

    fam = family_under_followup(demo_org)
    case = fam["case"]
    leila = _citizen(fam["leila"])
    before = _text(leila.get(f"/min-side/familien/{case.pk}/plan/"))
    assert "Kari Koordinator, Familieteamet" in before
    assert "+47 66 93 80 01" in before and 'href="tel:+4766938001"' in before

    new = demo_org["users"]["koordinator2"]
    new.phone, new.email = "", ""
    new.save()
    fs.case_handover(actor=fam["coordinator"], case=case, to=new,
                     reason="Kari går over i annen stilling")

    with django_assert_max_num_queries(30):
        page = _text(leila.get(f"/min-side/familien/{case.pk}/plan/"))
    contact = page.split('id="kontakt"')[1].split("</section>")[0]
    assert "Kåre Koordinator, Familieteamet" in contact
    assert "Kari" not in contact and "+47 66 93 80 01" not in contact
    # No number and no e-mail: the page offers neither rather than an empty link.
    assert "tel:" not in contact and "mailto:" not in contact

    new.phone, new.email = "+47 66 93 80 02", "kare@lillestrom.kommune.example"
    new.save()
    contact = _text(leila.get(f"/min-side/familien/{case.pk}/plan/")).split(
        'id="kontakt"')[1].split("</section>")[0]
    assert 'href="tel:+4766938002"' in contact
    assert 'href="mailto:kare@lillestrom.kommune.example"' in contact
