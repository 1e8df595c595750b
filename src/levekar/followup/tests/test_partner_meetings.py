"""Partners record the meetings they held with the family, within their consent, and read
meeting notes only where that consent covers the meeting's part (issue 11, item 1).

The journey family: the mother's consent opens economy, housing and health to NAV and to
helsestasjonen, and school to Strømmen skole; the 16-year-old gave her own health consent to
the school. Every refusal leaves the database as it was and writes a ``denied`` event.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.core.errors import AccessDenied
from levekar.core.models import AuditEvent
from levekar.core.services import user_ensure
from levekar.followup import services as S
from levekar.followup.access import can_read_meeting_notes, case_access_for_user
from levekar.followup.models import InfoPart, Meeting
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.now() - dt.timedelta(days=1)


@pytest.fixture
def school_partner(demo_org):
    return user_ensure(username="skole1", password="x" * 12, roles=("tjenestepartner",),
                       org_unit=demo_org["units"]["strommen-skole"], first_name="Siri",
                       last_name="Skolesen")


@pytest.fixture
def people(journey):
    members = {m.person_id: m for m in journey["case"].members.all()}
    return {name: members[p.pk] for name, p in journey["persons"].items()}


def _record(user, journey, *, part, present=()):
    access = case_access_for_user(user, journey["case"].pk)
    return S.meeting_create(actor=user, case=journey["case"], kind=Meeting.Kind.OFFICE,
                            starts_at=YESTERDAY, status=Meeting.Status.HELD,
                            notes=f"Notat fra {user.username}", part=part,
                            members=list(present), access=access)


# Who may record a meeting: (user, part, who is present, allowed?)
RECORD_MATRIX = [
    ("koordinator1", "", (), True),                             # full access, general
    ("koordinator1", InfoPart.SCHOOL, ("child11",), True),
    ("helsestasjon1", InfoPart.HEALTH, ("mother",), True),      # the family's consent
    ("helsestasjon1", InfoPart.HEALTH, (), True),               # about the whole family
    ("helsestasjon1", InfoPart.HEALTH, ("child11",), True),     # a child under 16
    ("helsestasjon1", InfoPart.HEALTH, ("child16",), False),    # she decides her health
    ("helsestasjon1", InfoPart.SCHOOL, ("mother",), False),     # school not consented
    ("helsestasjon1", "", ("mother",), False),                  # general: coordinator's
    ("nav1", InfoPart.ECONOMY, ("mother",), True),
    ("nav1", InfoPart.HEALTH, ("mother", "child16"), False),    # one present not covered
    ("skole1", InfoPart.HEALTH, ("child16",), True),            # her own consent
    ("skole1", InfoPart.HEALTH, ("mother",), False),
    ("skole1", InfoPart.SCHOOL, ("child11",), True),
]


@pytest.mark.parametrize(("username", "part", "present", "allowed"), RECORD_MATRIX)
def test_who_may_record_a_meeting_in_which_part(journey, people, school_partner, demo_org,
                                                username, part, present, allowed):
    user = school_partner if username == "skole1" else demo_org["users"][username]
    before = AuditEvent.objects.count()
    if allowed:
        meeting = _record(user, journey, part=part, present=[people[p] for p in present])
        assert (meeting.created_by, meeting.created_by_unit_id) == (user, user.org_unit_id)
        assert meeting.part == part
        if username != "koordinator1":
            assert user.org_unit_id in {u.pk for u in meeting.units.all()}
        [event] = AuditEvent.objects.order_by("id")[before:]
        assert (event.action, event.actor) == ("create", user)
        assert event.object_id == str(meeting.pk)
    else:
        with pytest.raises(AccessDenied, match="Forsøket er logget"):
            _record(user, journey, part=part, present=[people[p] for p in present])
        assert not Meeting.objects.exists()
        [event] = AuditEvent.objects.order_by("id")[before:]
        assert (event.action, event.actor) == ("denied", user)
        assert event.detail.startswith("skriving avvist: registrere et møte")


def test_who_reads_the_notes_of_which_meeting(journey, people, coordinator, nav_partner,
                                              health_partner, school_partner):
    units = journey["units"]
    nav, health, school = (units[c] for c in ("nav-lillestrom", "helsestasjon-lillestrom",
                                              "strommen-skole"))

    def meeting(part, present, *with_units):
        return S.meeting_create(actor=coordinator, case=journey["case"],
                                kind=Meeting.Kind.RESPONSIBILITY_GROUP, starts_at=YESTERDAY,
                                status=Meeting.Status.HELD, part=part, notes="hemmelig",
                                members=[people[p] for p in present], units=with_units)

    health_mother = meeting(InfoPart.HEALTH, ["mother"], nav, health, school)
    health_sara = meeting(InfoPart.HEALTH, ["child16"], nav, health, school)
    school_omid = meeting(InfoPart.SCHOOL, ["child11"], nav, school)
    general = meeting("", [], nav, health, school)
    # (meeting, user) → reads the notes? Every one of these units took part.
    expected = {
        (health_mother, nav_partner): True, (health_mother, health_partner): True,
        (health_mother, school_partner): False,
        (health_sara, nav_partner): False, (health_sara, health_partner): False,
        (health_sara, school_partner): True,
        (school_omid, nav_partner): False, (school_omid, school_partner): True,
        (general, nav_partner): False, (general, health_partner): False,
        (general, school_partner): False,
    }
    for (m, user), reads in expected.items():
        access = case_access_for_user(user, journey["case"].pk)
        m = Meeting.objects.prefetch_related("members").get(pk=m.pk)
        assert can_read_meeting_notes(access, m) is reads, (m.part, user.username)
    coordinator_access = case_access_for_user(coordinator, journey["case"].pk)
    assert all(can_read_meeting_notes(coordinator_access, m)
               for m in (health_mother, health_sara, school_omid, general))


def test_the_pages_show_notes_only_where_consent_covers_them(
        client, journey, people, coordinator, nav_partner):
    nav = journey["units"]["nav-lillestrom"]
    covered = S.meeting_create(actor=coordinator, case=journey["case"], kind=Meeting.Kind.OFFICE,
                               starts_at=YESTERDAY, status=Meeting.Status.HELD,
                               part=InfoPart.ECONOMY, notes="Gjeldsrådgivning avtalt",
                               members=[people["mother"]], units=[nav])
    hidden = S.meeting_create(actor=coordinator, case=journey["case"], kind=Meeting.Kind.OFFICE,
                              starts_at=YESTERDAY, status=Meeting.Status.HELD,
                              part=InfoPart.SCHOOL, notes="Fravær drøftet",
                              members=[people["child11"]], units=[nav])
    client.force_login(nav_partner)
    case = journey["case"]
    shown = client.get(reverse("followup:meeting_detail", args=[case.pk, covered.pk]))
    assert "Gjeldsrådgivning avtalt" in shown.content.decode()
    refused = client.get(reverse("followup:meeting_detail", args=[case.pk, hidden.pk]))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Fravær drøftet" not in page
    assert "notatene vises ikke" in page
    assert AuditEvent.objects.filter(actor=nav_partner, action="view",
                                     object_id=str(case.pk)).count() == 2


def test_the_health_nurse_records_a_meeting_on_the_page_and_the_coordinator_sees_who(
        client, journey, people, coordinator, health_partner):
    case = journey["case"]
    client.force_login(health_partner)
    form = client.get(reverse("followup:meeting_create", args=[case.pk])).content.decode()
    assert 'name="units"' not in form          # their own unit takes part
    assert 'value="school"' not in form        # only the parts the consent names
    response = client.post(reverse("followup:meeting_create", args=[case.pk]), {
        "kind": Meeting.Kind.OFFICE, "date": YESTERDAY.date().isoformat(), "time": "09:30",
        "status": Meeting.Status.HELD, "part": InfoPart.HEALTH, "place": "Helsestasjonen",
        "members": [str(people["mother"].pk)], "notes": "Snakket om søvn og kosthold."})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.created_by_unit.code == "helsestasjon-lillestrom"
    assert [u.code for u in meeting.units.all()] == ["helsestasjon-lillestrom"]

    client.force_login(coordinator)
    page = client.get(reverse("followup:meeting_list", args=[case.pk])).content.decode()
    assert health_partner.display_name in page and "Helsestasjon Lillestrøm" in page
    assert timezone.localtime(meeting.created_at).strftime("%d.%m.%Y") in page
    detail = client.get(reverse("followup:meeting_detail", args=[case.pk, meeting.pk]))
    assert "Snakket om søvn og kosthold." in detail.content.decode()


def test_a_page_write_outside_consent_is_refused_and_audited(
        client, journey, people, health_partner):
    case = journey["case"]
    client.force_login(health_partner)
    response = client.post(reverse("followup:meeting_create", args=[case.pk]), {
        "kind": Meeting.Kind.OFFICE, "date": YESTERDAY.date().isoformat(), "time": "09:30",
        "status": Meeting.Status.HELD, "part": InfoPart.HEALTH,
        "members": [str(people["child16"].pk)], "notes": "x"})
    assert response.status_code == 404
    assert "Du kan ikke registrere et møte" in response.content.decode()
    assert not Meeting.objects.exists()
    [event] = AuditEvent.objects.filter(actor=health_partner, action="denied")
    assert event.object_id == str(case.pk)


def test_after_the_consent_is_withdrawn_the_nurse_can_record_nothing(
        client, journey, people, coordinator, health_partner):
    S.consent_withdraw(actor=coordinator, consent=journey["family_consent"],
                       reason="Mor trakk samtykket.")
    client.force_login(health_partner)
    case = journey["case"]
    for method in ("get", "post"):
        before = AuditEvent.objects.count()
        response = getattr(client, method)(reverse("followup:meeting_create", args=[case.pk]), {
            "kind": Meeting.Kind.OFFICE, "date": YESTERDAY.date().isoformat(), "time": "09:30",
            "status": Meeting.Status.HELD, "part": InfoPart.HEALTH,
            "members": [str(people["mother"].pk)]} if method == "post" else None)
        assert response.status_code == 404
        assert [e.action for e in AuditEvent.objects.order_by("id")[before:]] == ["denied"]
    assert not Meeting.objects.exists()


def test_the_meetings_page_keeps_a_constant_number_of_queries(
        client, journey, people, coordinator, nav_partner, django_assert_max_num_queries):
    nav = journey["units"]["nav-lillestrom"]
    url = reverse("followup:meeting_list", args=[journey["case"].pk])

    def add(n):
        for i in range(n):
            S.meeting_create(actor=coordinator, case=journey["case"], kind=Meeting.Kind.OFFICE,
                             starts_at=YESTERDAY - dt.timedelta(days=i),
                             status=Meeting.Status.HELD, part=InfoPart.ECONOMY, notes=f"n{i}",
                             members=[people["mother"]], units=[nav])

    client.force_login(nav_partner)
    add(1)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
