"""Demo families for follow-up: households, cases, consents, BTI history, one break the glass.

Everyone here is SYNTHETIC. National ids are generated with correct check digits on
test-like dates (the first of a month, individual numbers 900–999), so they pass
python-stdnum; the youngest child of the journey family is newly arrived and has none.
Idempotent: a family whose household (by external id) exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

from levekar.core.demo import MUNICIPALITY_CODE
from levekar.core.lib.progress import Reporter
from levekar.core.models import OrgUnit, User
from levekar.followup import services
from levekar.followup.models import BtiLevelChange, Case, CaseMember, Consent
from levekar.people.models import Household, Zone

# ``demo.sections`` (plans, mappings, meetings) finds the journey family's case through this.
JOURNEY_HOUSEHOLD_EXTERNAL_ID = "DEMO-FAMILIE-01"

P, C, A = CaseMember.Role.PARENT, CaseMember.Role.CHILD, CaseMember.Role.OTHER_ADULT


def synthetic_national_id(birth: dt.date, serial: int) -> str:
    """A fødselsnummer with valid check digits for ``birth`` (individual number 900+)."""
    if not 1940 <= birth.year <= 2039:
        raise ValueError("Syntetiske fødselsnummer lages for årene 1940–2039.")
    for individual in range(900 + serial % 100, 1000):
        nine = f"{birth:%d%m}{birth.year % 100:02d}{individual:03d}"
        k1 = calc_check_digit1(nine)
        if k1 == "10":
            continue
        k2 = calc_check_digit2(nine + k1)
        if k2 == "10":
            continue
        return nine + k1 + k2
    raise ValueError(f"Fant ikke et gyldig syntetisk fødselsnummer for {birth}.")


@dataclass(frozen=True)
class DemoPerson:
    first: str
    last: str
    role: str
    age: int
    month: int = 1
    has_id: bool = True
    # A fixed date of birth keeps the fødselsnummer the README lists for Min side stable.
    born: dt.date | None = None


@dataclass(frozen=True)
class DemoConsent:
    given_by: int                      # index into members
    grants: tuple[tuple[str, str], ...]  # (unit code, part)
    subject: int | None = None
    days_left: int | None = 365        # valid_to = today + days_left (None: until withdrawn)


@dataclass(frozen=True)
class DemoFamily:
    key: str
    coordinator: str
    street: str
    postcode: str
    city: str
    zone: str
    referred_by: str | None
    started_days_ago: int
    members: tuple[DemoPerson, ...]
    consents: tuple[DemoConsent, ...] = ()
    # BTI steps after opening, taken for every child of the family (BTI follows each
    # child): (level, stafettholder username or None, reason)
    bti: tuple[tuple[int, str | None, str], ...] = ()
    status: tuple[str, str] | None = None   # (status, reason)
    extra: dict = field(default_factory=dict)


ECO, HOUS, WORK, HEALTH, SCHOOL, CW, LEIS = ("economy", "housing", "work", "health", "school",
                                             "child_welfare", "leisure")

FAMILIES: list[DemoFamily] = [
    # The journey family (JOURNEYS.md): a single mother with three children, on
    # sosialhjelp, renting a two-room flat, referred by NAV.
    DemoFamily(
        key=JOURNEY_HOUSEHOLD_EXTERNAL_ID, coordinator="koordinator1",
        street="Strømsveien 41 B", postcode="2010", city="Strømmen", zone="3205-03",
        referred_by="nav-lillestrom", started_days_ago=60,
        members=(DemoPerson("Leila", "Ahmadi", P, 38, 3, born=dt.date(1988, 3, 1)),
                 DemoPerson("Sara", "Ahmadi", C, 16, 1, born=dt.date(2010, 1, 1)),
                 DemoPerson("Omid", "Ahmadi", C, 11, 5),
                 DemoPerson("Nora", "Ahmadi", C, 4, 9, has_id=False)),
        consents=(
            DemoConsent(0, (*((u, p) for u in ("nav-lillestrom", "helsestasjon-lillestrom")
                              for p in (ECO, HOUS, HEALTH)), ("strommen-skole", SCHOOL))),
            DemoConsent(1, (("strommen-skole", HEALTH),), subject=1),
        ),
        bti=((1, "helsestasjon1", "Helsestasjonen har startet veiledning av mor."),
             (2, "helsestasjon1", "Tiltak i én tjeneste er ikke nok; samtykke gitt, "
                                  "samarbeid med NAV og skolen.")),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-02", coordinator="koordinator1",
        street="Kirkegata 7", postcode="2000", city="Lillestrøm", zone="3205-01",
        referred_by="helsestasjon-lillestrom", started_days_ago=200,
        members=(DemoPerson("Jonas", "Berg", P, 41, 6), DemoPerson("Maria", "Berg", P, 36, 2),
                 DemoPerson("Emil", "Berg", C, 9, 4), DemoPerson("Ella", "Berg", C, 6, 8)),
        consents=(DemoConsent(0, (("nav-lillestrom", ECO), ("nav-lillestrom", WORK))),),
        bti=((1, "nav1", "NAV følger opp arbeidsrettet aktivitet for far."),),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-03", coordinator="koordinator1",
        street="Skjettenveien 88", postcode="2013", city="Skjetten", zone="3205-06",
        referred_by=None, started_days_ago=400,
        members=(DemoPerson("Tomasz", "Nowak", P, 45, 11), DemoPerson("Kacper", "Nowak", C, 13, 3)),
        status=("paused", "Familien er på lengre besøk i hjemlandet til sommeren."),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-04", coordinator="koordinator1",
        street="Kjellerveien 15", postcode="2007", city="Kjeller", zone="3205-09",
        referred_by="barnevern", started_days_ago=500,
        members=(DemoPerson("Hodan", "Warsame", P, 33, 7),
                 DemoPerson("Ayaan", "Warsame", C, 12, 2),
                 DemoPerson("Idil", "Warsame", C, 8, 10)),
        consents=(DemoConsent(0, tuple((u, p) for u in ("barnevern", "ppt", "skjetten-skole")
                                       for p in (SCHOOL, CW, HEALTH))),),
        bti=((1, "koordinator1", "Bekymring for skolefravær."),
             (2, "koordinator1", "Samarbeid med PPT og skolen etter samtykke."),
             (3, "koordinator1", "Sammensatte behov over tid; barnevernet er involvert.")),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-05", coordinator="koordinator2",
        street="Fetveien 3", postcode="1900", city="Fetsund", zone="3205-11",
        referred_by="nav-lillestrom", started_days_ago=330,
        members=(DemoPerson("Anne", "Johansen", P, 29, 4),
                 DemoPerson("Lucas", "Johansen", C, 7, 6)),
        consents=(DemoConsent(0, (("nav-lillestrom", ECO), ("kultur-fritid", LEIS)),
                              days_left=20),),
        bti=((1, "nav1", "Økonomisk rådgivning i NAV."),
             (2, "nav1", "Samarbeid med kultur og fritid om fritidsaktivitet.")),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-06", coordinator="koordinator2",
        street="Sørumsandveien 20", postcode="1920", city="Sørumsand", zone="3205-12",
        referred_by="introduksjon", started_days_ago=90,
        members=(DemoPerson("Yonas", "Tesfay", P, 35, 8), DemoPerson("Selam", "Tesfay", P, 31, 12),
                 DemoPerson("Abel", "Tesfay", C, 3, 5, has_id=False)),
        consents=(DemoConsent(0, (("introduksjon", WORK), ("kjeller-barnehage", SCHOOL))),),
        bti=((1, "koordinator2", "Barnehageplass og norskopplæring."),),
    ),
    DemoFamily(
        key="DEMO-FAMILIE-07", coordinator="koordinator2",
        street="Frognerveien 5", postcode="2016", city="Frogner", zone="3205-13",
        referred_by="nav-lillestrom", started_days_ago=30,
        members=(DemoPerson("Kristin", "Olsen", P, 27, 10), DemoPerson("Mia", "Olsen", C, 2, 7)),
    ),
]


def _birth(today: dt.date, age: int, month: int) -> dt.date:
    """A test-like date of birth (the 1st of a month) giving ``age`` today."""
    born = dt.date(today.year - age, month, 1)
    if (today.month, today.day) < (born.month, born.day):
        born = born.replace(year=born.year - 1)
    return born


def _load_family(fam: DemoFamily, index: int, *, today: dt.date, users: dict[str, User],
                 units: dict[str, OrgUnit], zones: dict[str, Zone]) -> Case:
    coordinator = users[fam.coordinator]
    members = []
    for j, p in enumerate(fam.members):
        birth = p.born or _birth(today, p.age, p.month)
        nid = synthetic_national_id(birth, index * 10 + j) if p.has_id else ""
        members.append(services.MemberInput(
            first_name=p.first, last_name=p.last, role=p.role, national_id=nid,
            birth_date=None if nid else birth,
            phone=f"4{index:02d}{j:02d}{index * 7 + j:04d}"[:8] if p.role == P else ""))
    case = services.case_open(
        actor=coordinator, members=members, street=fam.street, postcode=fam.postcode,
        city=fam.city, zone=zones[fam.zone], referred_by=units.get(fam.referred_by or ""),
        start_date=today - dt.timedelta(days=fam.started_days_ago), external_id=fam.key)
    persons = [m.person for m in case.members.select_related("person").order_by("pk")]
    for c in fam.consents:
        services.consent_record(
            actor=coordinator, case=case, given_by=persons[c.given_by],
            subject=persons[c.subject] if c.subject is not None else None,
            grants=[(units[u], part) for u, part in c.grants],
            valid_from=case.start_date,
            valid_to=today + dt.timedelta(days=c.days_left) if c.days_left else None,
            note="Samtykke gitt muntlig og skriftlig på hjemmebesøk.")
    children = [m for m in case.members.order_by("pk") if m.role == CaseMember.Role.CHILD]
    for level, holder, reason in fam.bti:
        participant = (services.participant_add(actor=coordinator, case=case,
                                                user=users[holder])
                       if holder else None)
        for child in children:
            services.bti_level_change(actor=coordinator, member=child, to_level=level,
                                      reason=reason, stafettholder=participant)
    if fam.status:
        services.case_status_change(actor=coordinator, case=case, status=fam.status[0],
                                    reason=fam.status[1])
    # Spread the history over the time the case has run, so the pages read naturally.
    start = timezone.make_aware(dt.datetime.combine(case.start_date, dt.time(10, 0)))
    changes = list(BtiLevelChange.objects.filter(case=case).order_by("pk"))
    step = dt.timedelta(days=max(fam.started_days_ago // (len(changes) + 1), 1))
    for k, change in enumerate(changes):
        BtiLevelChange.objects.filter(pk=change.pk).update(changed_at=start + step * k)
    Consent.objects.filter(case=case).update(recorded_at=start + dt.timedelta(days=1))
    return case


def load(*, reporter: Reporter) -> None:
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.select_related("org_unit__municipality")}
    units = {u.code: u for u in OrgUnit.objects.all()}
    zones = {z.code: z for z in Zone.objects.filter(municipality__code=MUNICIPALITY_CODE)}
    existing = set(Household.objects.filter(municipality__code=MUNICIPALITY_CODE,
                                            external_id__in=[f.key for f in FAMILIES])
                   .values_list("external_id", flat=True))
    for index, fam in enumerate(FAMILIES, start=1):
        if fam.key not in existing:
            case = _load_family(fam, index, today=today, users=users, units=units, zones=zones)
            if fam.key == "DEMO-FAMILIE-02":
                # koordinator2 covered for koordinator1 during sick leave last month.
                services.break_glass_open(
                    category="coordinator_absent",
                    actor=users["koordinator2"], case=case,
                    now=timezone.now() - dt.timedelta(days=25),
                    reason="Kari er syk; mor ringte om strømregning som forfaller i dag.")
        reporter.advance()
