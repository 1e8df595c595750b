"""Demo data for fritidskort, clubs, refunds, reminders and the summer camp.

What it sets up (deterministic, idempotent; about 10 s on the 2-core demo machine):
- the scheme «Fritidskort» (activity pass, refunds up to 2 000 kr per child) with a
  rule set from 2025, and a fee waiver «Redusert foreldrebetaling i SFO» without one;
- a register extract for ~5 000 invented Lillestrøm households over the demo zones,
  imported with the real import (income years 2024 and 2025) — so that the issuance
  for 2026 finds exactly 1 214 eligible children, as in the journey;
- last season (2025) as history: cards issued in August, used at three clubs, a
  reminder in October that raised use, refunds approved and (until October) exported;
  Strømmen vest ends the season at 31 % use;
- the summer camp 2027 with Ferie for alle (40 places) and 60 families nominated by
  NAV, helsestasjonen and the family coordinators — not yet drawn.
The 2026 issuance is left for the leisure office to run (the August journey).
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db.models import Q

from levekar.core.demo import MUNICIPALITY_CODE
from levekar.core.lib.progress import Reporter
from levekar.core.models import Municipality, User
from levekar.passes import demodata
from levekar.passes.eligibility import parse_rules
from levekar.passes.models import (
    ActivityPass,
    Club,
    HolidayOffer,
    IssuanceRun,
    Nomination,
    PassUse,
    ReminderRun,
    RuleSet,
    Scheme,
)
from levekar.passes.services import (
    club_create,
    households_import,
    nomination_create,
    offer_create,
    pass_use_register,
    passes_issue,
    refunds_approve,
    refunds_export,
    reminders_send,
    rule_set_create,
    scheme_create,
)
from levekar.people.models import Household, IncomeRecord, Person

TZ = ZoneInfo("Europe/Oslo")
SCHEME_CODE = "fritidskort"
DEMO_YEAR = 2026  # the year the leisure office issues in the journey
HISTORY_YEAR = 2025  # last season, already issued and used
TARGET_ELIGIBLE = 1214
HOUSEHOLDS = 4800
PREFIX = "LKD"
RULES = {
    "income": {"base_limit": 420_000, "per_extra_child": 70_000,
               "single_parent_supplement": 60_000, "income_year_offset": -1},
    "child_age": {"min": 6, "max": 17},
    "reference_day": "08-01",
}
CAP = 2000

# zone code → (postcode, place, share of households, chance a family is under the limit)
ZONES = [
    demodata.ZoneProfile("3205-01", "2000", "Lillestrøm", 9, 0.30),
    demodata.ZoneProfile("3205-02", "2004", "Lillestrøm", 7, 0.24),
    demodata.ZoneProfile("3205-03", "2010", "Strømmen", 11, 0.62),
    demodata.ZoneProfile("3205-04", "2011", "Strømmen", 7, 0.38),
    demodata.ZoneProfile("3205-05", "2012", "Strømmen", 7, 0.33),
    demodata.ZoneProfile("3205-06", "2013", "Skjetten", 8, 0.44),
    demodata.ZoneProfile("3205-07", "2014", "Skjetten", 6, 0.26),
    demodata.ZoneProfile("3205-08", "2016", "Skjetten", 5, 0.14),
    demodata.ZoneProfile("3205-09", "2007", "Kjeller", 6, 0.18),
    demodata.ZoneProfile("3205-10", "2024", "Gjerdrum", 4, 0.16),
    demodata.ZoneProfile("3205-11", "1900", "Fetsund", 8, 0.20),
    demodata.ZoneProfile("3205-12", "1920", "Sørumsand", 8, 0.24),
    demodata.ZoneProfile("3205-13", "2016", "Frogner", 6, 0.12),
    demodata.ZoneProfile("3205-14", "1922", "Blaker", 3, 0.10),
]
# The share of last season's cards used by November, per zone (Strømmen vest: 31 %).
FINAL_USE = {"3205-01": .52, "3205-02": .61, "3205-03": .31, "3205-04": .44, "3205-05": .48,
             "3205-06": .38, "3205-07": .55, "3205-08": .66, "3205-09": .58, "3205-10": .63,
             "3205-11": .57, "3205-12": .50, "3205-13": .60, "3205-14": .64}
CLUBS = [
    # name, zone, activities, demo link token, org number, account number
    ("Strømmen IF", "3205-03", "Fotball, håndball og friidrett for 6–17 år",
     "demo-strommen-if", "971277882", "12345678903"),
    ("Lillestrøm Musikkorps", "3205-01", "Korps for barn og unge, instrument til utlån",
     "demo-lillestrom-musikkorps", "983974899", "15030012345"),
    ("Skjetten Sportsklubb", "3205-06", "Fotball, basket og turn",
     "demo-skjetten-sk", "974760673", "86011117947"),
]
CLUB_FOR_ZONE = {"3205-03": 0, "3205-04": 0, "3205-05": 0, "3205-01": 1, "3205-02": 1,
                 "3205-09": 1, "3205-10": 1}  # otherwise Skjetten Sportsklubb
OFFER_NAME = "Sommerleir med Ferie for alle 2027"
NOMINATORS = ["nav1", "helsestasjon1", "koordinator1", "koordinator2"]
NOMINATION_REASONS = [
    "Familien har ikke hatt ferie sammen på flere år.",
    "Mor er alene med barna og har lite nettverk i kommunen.",
    "Nylig bosatt familie; barna trenger å bli kjent med andre barn.",
    "Foreldrene er i introduksjonsprogrammet og har stram økonomi.",
    "Barna har fortalt at de gruer seg til å fortelle om sommerferien på skolen.",
    "Far er sykmeldt; familien trenger et pusterom sammen.",
]


def _limit(children: int, single: bool) -> int:
    return parse_rules(RULES).income.limit(children=children, single_parent=single)


def register(*, households: int = HOUSEHOLDS, target: int | None = TARGET_ELIGIBLE,
             seed: int = 3205) -> list:
    return demodata.households(
        n=households, zones=ZONES, on=dt.date(DEMO_YEAR, 8, 1), seed=seed, limit=_limit,
        eligible_ages=(RULES["child_age"]["min"], RULES["child_age"]["max"]),
        target_eligible=target, prefix=PREFIX)


def _at(year, month, day, hour=12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def load(*, reporter: Reporter) -> None:
    load_with(reporter=reporter)


def load_with(*, reporter: Reporter, households: int = HOUSEHOLDS,
              target: int | None = TARGET_ELIGIBLE, history: bool = True,
              holiday: bool = True) -> None:
    """The demo; tests call it with fewer households (``target=None`` for no target)."""
    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    scheme = _schemes(municipality)
    reporter.advance()
    if not Household.objects.filter(municipality=municipality,
                                     external_id__startswith=f"{PREFIX}-").exists():
        hhs = register(households=households, target=target)
        households_import(actor=None, actor_name="demo", municipality=municipality,
                          data=demodata.register_csv(hhs, income_year=DEMO_YEAR - 1),
                          filename=f"demo-register-{DEMO_YEAR - 1}.csv")
        # The year before had the same incomes (a demo shortcut: one import, not two).
        IncomeRecord.objects.bulk_create(
            [IncomeRecord(person_id=r.person_id, year=HISTORY_YEAR - 1,
                          income_after_tax=r.income_after_tax, source=r.source)
             for r in IncomeRecord.objects.filter(year=DEMO_YEAR - 1,
                                                  person__household__external_id__startswith=
                                                  f"{PREFIX}-")],
            batch_size=1000, ignore_conflicts=True)
        reporter.advance()
    clubs = _clubs(municipality)
    reporter.advance()
    if history and not IssuanceRun.objects.filter(scheme=scheme, year=HISTORY_YEAR).exists():
        _history(scheme, clubs)
        reporter.advance()
    if holiday:
        _holiday(municipality)
        reporter.advance()


def _schemes(municipality) -> Scheme:
    scheme = Scheme.objects.filter(code=SCHEME_CODE).first()
    if scheme is None:
        scheme = scheme_create(
            municipality=municipality, code=SCHEME_CODE, name="Fritidskort",
            kind=Scheme.Kind.ACTIVITY_PASS, card_title="Fritidskort",
            applies_to="Medlemskontingent i lag og foreninger", annual_cap_per_child=CAP,
            description="Sendes automatisk til barn 6–17 år i husstander under "
                        "inntektsgrensen. Klubben får kontingenten refundert.")
    if not RuleSet.objects.filter(scheme=scheme).exists():
        rule_set_create(scheme=scheme, valid_from=dt.date(2025, 1, 1), valid_to=None,
                        rules=RULES, note="Vedtatt i handlingsplanen 2026–2030 (demo).")
    if not Scheme.objects.filter(code="sfo-friplass").exists():
        scheme_create(municipality=municipality, code="sfo-friplass",
                      name="Redusert foreldrebetaling i SFO", kind=Scheme.Kind.FEE_WAIVER,
                      card_title="SFO-kort", applies_to="SFO",
                      description="Friplass i SFO. Regelsettet legges inn før skolestart.")
    return scheme


def _clubs(municipality) -> list[Club]:
    from levekar.people.models import Zone

    zones = {z.code: z for z in Zone.objects.filter(municipality=municipality)}
    clubs = []
    for name, zone, activities, token, org, account in CLUBS:
        club = Club.objects.filter(municipality=municipality, name=name).first()
        if club is None:
            club, _token = club_create(municipality=municipality, name=name, org_number=org,
                                       account_number=account, zone=zones.get(zone),
                                       activities=activities, token=token,
                                       contact_email=f"post@{token[5:]}.example")
        clubs.append(club)
    return clubs


def _history(scheme: Scheme, clubs: list[Club]) -> None:
    """Last season: issued 15 August 2025, used, reminded in October, refunds paid."""
    run = passes_issue(scheme=scheme, year=HISTORY_YEAR, actor_name="demo")
    issued = _at(HISTORY_YEAR, 8, 15)
    IssuanceRun.objects.filter(pk=run.pk).update(started_at=issued, finished_at=issued)
    ActivityPass.objects.filter(run=run).update(issued_at=issued)
    rng = random.Random(2025)
    passes = list(ActivityPass.objects.filter(run=run).select_related("zone").order_by("pk"))
    by_zone: dict[str, list[ActivityPass]] = {}
    for p in passes:
        by_zone.setdefault(p.zone.code if p.zone else "", []).append(p)
    before, after = [], []
    for code, group in sorted(by_zone.items()):
        rng.shuffle(group)
        used = _used_for(FINAL_USE.get(code, .5), len(group))
        split = round(used * 0.7)
        before += [(p, code) for p in group[:split]]
        after += [(p, code) for p in group[split:used]]
    fees = [600, 900, 1200, 1500, 1800, 2400]
    for i, (p, code) in enumerate(before):
        day = _at(HISTORY_YEAR, 9, 1 + i % 28) + dt.timedelta(minutes=i)
        club = clubs[CLUB_FOR_ZONE.get(code, 2)]
        pass_use_register(club=club, code=p.code, fee=rng.choice(fees),
                          activity="Høstsesong 2025", now=day)
        if i % 9 == 0:  # some children take up a second activity
            pass_use_register(club=clubs[(CLUB_FOR_ZONE.get(code, 2) + 1) % 3], code=p.code,
                              fee=rng.choice(fees), activity="Kurs høst 2025",
                              now=day + dt.timedelta(days=10))
    refunds_approve(actor=None)
    PassUse.objects.filter(decided_at__isnull=False).update(decided_at=_at(HISTORY_YEAR, 10, 31))
    export = refunds_export(actor=None, actor_name="demo")
    type(export).objects.filter(pk=export.pk).update(created_at=_at(HISTORY_YEAR, 10, 31))
    reminder = reminders_send(scheme=scheme, year=HISTORY_YEAR,
                              issued_before=dt.date(HISTORY_YEAR, 9, 30), actor_name="demo")
    ReminderRun.objects.filter(pk=reminder.pk).update(sent_at=_at(HISTORY_YEAR, 10, 15))
    for i, (p, code) in enumerate(after):
        pass_use_register(club=clubs[CLUB_FOR_ZONE.get(code, 2)], code=p.code,
                          fee=rng.choice(fees[:4]), activity="Vintersesong 2025",
                          now=_at(HISTORY_YEAR, 10, 20 + i % 10) + dt.timedelta(minutes=i))
    refunds_approve(actor=None)
    PassUse.objects.filter(decided_at__gt=_at(HISTORY_YEAR, 12, 31)).update(
        decided_at=_at(HISTORY_YEAR, 11, 30))


def _used_for(share: float, issued: int) -> int:
    """How many cards to use so the page shows ``share`` as a whole percent, if possible."""
    used = round(share * issued)
    for candidate in (used, used + 1, used - 1):
        if issued and 0 <= candidate <= issued and \
                round(100 * candidate / issued) == round(100 * share):
            return candidate
    return used


def _holiday(municipality) -> None:
    offer = HolidayOffer.objects.filter(name=OFFER_NAME).first()
    if offer is None:
        offer = offer_create(
            municipality=municipality, name=OFFER_NAME, organiser="Røde Kors Lillestrøm",
            place="Haraldvangen, Hurdal", starts_on=dt.date(2027, 7, 5),
            ends_on=dt.date(2027, 7, 9), capacity=40, min_child_age=6, max_child_age=13,
            description="Gratis ferieopphold for hele familien med reise, opphold og "
                        "aktiviteter. Frivillige fra Røde Kors leder oppholdet.")
    if Nomination.objects.filter(offer=offer).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=NOMINATORS)}
    if not users:
        return
    rng = random.Random(2027)
    start = offer.starts_on
    # Families the services know: last season's card holders with a child of 6–13.
    with_child = (Household.objects.filter(municipality=municipality,
                                           external_id__startswith=f"{PREFIX}-",
                                           pk__in=ActivityPass.objects.values("household_id"))
                  .filter(Q(members__birth_date__lte=dt.date(start.year - 6, start.month,
                                                             start.day))
                          & Q(members__birth_date__gt=dt.date(start.year - 14, start.month,
                                                              start.day)))
                  .distinct().order_by("pk").values_list("pk", flat=True))
    candidates = list(with_child[:2000])
    rng.shuffle(candidates)
    chosen = 0
    members: dict[int, list] = {}
    for person in Person.objects.filter(household_id__in=candidates[:200]):
        members.setdefault(person.household_id, []).append(person)
    for household in Household.objects.filter(pk__in=candidates[:200]).order_by("pk"):
        people = members.get(household.pk, [])
        if not any(p.birth_date and 6 <= p.age_on(start) <= 13 for p in people):
            continue
        nominator = users.get(NOMINATORS[chosen % len(NOMINATORS)]) or next(iter(users.values()))
        nomination_create(actor=nominator, offer=offer, household=household,
                          basis=Nomination.Basis.SERVICE_CASE,
                          need=rng.choices([1, 2, 3, 4, 5], [10, 20, 30, 25, 15])[0],
                          reason=rng.choice(NOMINATION_REASONS), persons=len(people),
                          shares_contact=chosen % 5 != 0)
        chosen += 1
        if chosen == 60:
            break
