"""Demo data of the sections of a case: for every case of koordinator1/koordinator2 (made by
``demo.families``), a Familiens plan, a start mapping and one a year later, and meetings with
session feedback and follow-up tasks.

The journey family (``families.JOURNEY_HOUSEHOLD_EXTERNAL_ID``)
gets the journey's plan — "Mor i arbeidsrettet aktivitet innen ett år" (NAV),
"Eldste barn med i organisert fritid" with her own words, "Større bolig" (boligkontoret) —
and three meetings where the alliance score falls, so the case is flagged. Other cases get
a shorter plan and feedback that is on track.

Idempotent: a case that already has a Familiens plan is left alone; each case is filled in
one transaction. Takes well under a second per case.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.lib.progress import Reporter
from levekar.core.models import OrgUnit, User
from levekar.followup import services as S
from levekar.followup.demo import families
from levekar.followup.models import (
    Assessment,
    Case,
    CaseMember,
    ChildVoice,
    FamilyPlan,
    Goal,
    GoalAction,
    Meeting,
    PlanArea,
)

COORDINATORS = ("koordinator1", "koordinator2")


def _unit(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()


def _age(member: CaseMember, on: dt.date) -> int | None:
    return member.person.age_on(on)


def _stage(age: int | None) -> str | None:
    if age is None:
        return None
    for limit, stage in ((1, "home"), (6, "kindergarten"), (10, "grade_1_4"), (13, "grade_5_7"),
                         (16, "lower_secondary"), (19, "upper_secondary")):
        if age < limit:
            return stage
    return None


def _answers(members, on: dt.date, *, later: bool, journey: bool) -> dict:
    """Answers for a demo mapping; ``later`` is the yearly one, showing some progress."""
    adults = [m for m in members if m.role != CaseMember.Role.CHILD]
    children = [m for m in members if m.role == CaseMember.Role.CHILD]
    household = {
        "single_parent": len(adults) == 1 and bool(children),
        "income_sources": (["aap"] if later else ["sosialhjelp"]) if journey
        else ["work", "utvidet_barnetrygd"] if len(adults) == 1 else ["work"],
        "household_income_year": (310000 if later else 280000) if journey else 420000,
        "tenure": ("municipal" if later else "rented") if journey else "rented",
        "persons": len(members) or 1,
        "rooms": (3 if later else 2) if journey else max(len(members) - 1, 1),
        "area_m2": (70 if later else 48) if journey else 25 * len(members),
        "housing_cost_month": (9800 if later else 11500) if journey else 14000,
        "has_debt": True, "debt_amount": (30000 if later else 45000) if journey else 20000,
        "payment_problems": (["strom"] if later else ["strom", "inkasso"]) if journey else [],
        "debt_advice": later,
    }
    persons: dict = {}
    for n, m in enumerate(adults):
        persons[str(m.person_id)] = {
            "employment_status": ("work_activity" if later else "outside") if journey
            else "part_time",
            "hours_per_week": (20 if later else 0) if journey else 24,
            "self_rated_health": "3" if later else "2",
            "quality_of_life": (6 if later else 4) if n == 0 else 6,
            "self_efficacy": [3, 3, 3, 2, 3, 3, 3, 3, 2, 3] if later
            else [2, 2, 3, 1, 2, 2, 3, 2, 2, 2],
        }
    eldest = max(children, key=lambda c: _age(c, on) or -1) if children else None
    for c in children:
        age = _age(c, on)
        stage = _stage(age)
        own = {"attendance": "regular", "in_kulturskole": False,
               "organised_leisure": c != eldest or later, "lacks_equipment": c == eldest
               and not later}
        if stage:
            own["stage"] = stage
            own["in_sfo"] = stage == "grade_1_4"
        if c == eldest and later:
            own["activities"] = "Håndball"
        if c == eldest and not later:
            own["attendance"] = "some_absence"
        if age is not None and age >= 6:
            # The child's own part, answered by the child (instrument v2).
            own.update({"child_wellbeing": 4 if later else 3,
                        "child_friends": "often" if later or c != eldest else "sometimes",
                        "child_safe_home": 4, "child_likes_school": 4 if later else 3,
                        "child_leisure_joy": "often" if later or c != eldest else "never"})
            if c == eldest:
                own["child_words_leisure"] = ("Jeg spiller håndball nå, det er gøy." if later
                                              else "Jeg vil spille håndball som vennene mine.")
        persons[str(c.person_id)] = own
    return {"household": household, "persons": persons}


def _plan_journey(case, coordinator, members, start_on: dt.date) -> None:
    mother = next((m for m in members if m.role == CaseMember.Role.PARENT), None)
    children = [m for m in members if m.role == CaseMember.Role.CHILD]
    eldest = max(children, key=lambda c: _age(c, start_on) or -1) if children else None
    S.plan_wishes_update(actor=coordinator, case=case,
                         family_wishes="At mor kommer i jobb, at barna får være med på "
                                       "aktiviteter som andre barn, og en bolig med plass til "
                                       "alle.")
    effect = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                           kind=Goal.Kind.EFFECT, member=mother, title="Mor i arbeid",
                           description="Fast inntekt fra arbeid innen fem år.")
    work = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         member=mother, parent=effect,
                         title="Mor i arbeidsrettet aktivitet innen ett år",
                         target_date=start_on + dt.timedelta(days=365),
                         description="Aktivitetsplan hos NAV og oppmøte i tiltaket.")
    S.action_create(actor=coordinator, goal=work, description="Avklaringssamtale og "
                    "aktivitetsplan", responsible_unit=_unit("nav-lillestrom"),
                    responsible_person="NAV-veileder", deadline=start_on + dt.timedelta(days=60),
                    offer="nav-arbeidsrettet")
    if eldest is not None:
        leisure = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE,
                                member=eldest, title="Eldste barn med i organisert fritid",
                                target_date=start_on + dt.timedelta(days=120))
        S.child_voice_record(actor=coordinator, goal=leisure, child=eldest,
                             words="Jeg vil spille håndball, men har ikke sko",
                             gathered_how=ChildVoice.How.HOME_VISIT, gathered_on=start_on,
                             child_age=_age(eldest, start_on) or 16)
        shoes = S.action_create(actor=coordinator, goal=leisure,
                                description="Låne håndballsko i utstyrsbanken",
                                responsible_unit=_unit("utstyrsbanken"), offer="utstyrsbanken",
                                responsible_person="Mor",
                                deadline=start_on + dt.timedelta(days=21))
        S.action_status_set(actor=coordinator, action=shoes, status=GoalAction.Status.DONE,
                            on=start_on + dt.timedelta(days=14))
        S.action_create(actor=coordinator, goal=leisure, description="Søke aktivitetspass og "
                        "finne et lag", responsible_unit=_unit("kultur-fritid"),
                        deadline=start_on + dt.timedelta(days=45), offer="aktivitetspass")
    housing = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                            title="Større bolig", target_date=start_on + dt.timedelta(days=540))
    S.action_create(actor=coordinator, goal=housing, description="Søknad om kommunal bolig og "
                    "veiledning om startlån", responsible_unit=_unit("boligkontoret"),
                    deadline=start_on + dt.timedelta(days=90), offer="boligkontoret")


def _plan_other(case, coordinator, members, start_on: dt.date) -> None:
    economy = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                            title="Oversikt over økonomien",
                            target_date=start_on + dt.timedelta(days=180))
    S.action_create(actor=coordinator, goal=economy, description="Økonomisk rådgivning",
                    responsible_unit=_unit("nav-lillestrom"),
                    deadline=start_on + dt.timedelta(days=60), offer="nav-okonomisk-radgivning")
    if any(m.role == CaseMember.Role.CHILD for m in members):
        leisure = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE,
                                title="Barna med i en fritidsaktivitet de selv velger",
                                target_date=start_on + dt.timedelta(days=240))
        S.action_create(actor=coordinator, goal=leisure, description="Finne aktivitet sammen "
                        "med barna", responsible_person="Foreldrene",
                        deadline=start_on + dt.timedelta(days=90))


def _meetings(case, coordinator, members, start_on: dt.date, *, journey: bool) -> None:
    adults = [m for m in members if m.role != CaseMember.Role.CHILD]
    present = adults[:1]
    plans = [  # (days after start, kind, units, outcome items, alliance items)
        (0, Meeting.Kind.HOME_VISIT, [], [4, 5, 4, 4], [10, 10, 9, 9]),
        (14, Meeting.Kind.COOPERATION, ["nav-lillestrom"], [4, 5, 5, 4], [9, 9, 9, 8]),
        (35, Meeting.Kind.RESPONSIBILITY_GROUP,
         ["nav-lillestrom", "strommen-skole", "boligkontoret"], [5, 5, 4, 4], [8, 8, 8, 7]),
    ] if journey else [
        (0, Meeting.Kind.HOME_VISIT, [], [4, 4, 5, 5], [9, 9, 10, 9]),
        (21, Meeting.Kind.OFFICE, [], [5, 5, 6, 5], [10, 9, 10, 9]),
        (49, Meeting.Kind.HOME_VISIT, ["nav-lillestrom"], [6, 6, 6, 6], [10, 10, 10, 9]),
    ]
    tz = timezone.get_current_timezone()
    for days, kind, codes, outcome, alliance in plans:
        when = dt.datetime.combine(start_on + dt.timedelta(days=days), dt.time(10, 0), tz)
        meeting = S.meeting_create(
            actor=coordinator, case=case, kind=kind, starts_at=when, status=Meeting.Status.HELD,
            place="Hjemme hos familien" if kind == Meeting.Kind.HOME_VISIT else "NAV Lillestrøm",
            units=[u for u in (_unit(c) for c in codes) if u], members=present,
            notes="Gikk gjennom Familiens plan og hva som er gjort siden sist.")
        for person in present:
            S.feedback_record(actor=coordinator, meeting=meeting, member=person, outcome=outcome,
                              alliance=alliance)
        if days == 14:
            done = S.task_create(actor=coordinator, case=case, meeting=meeting,
                                 description="Sende søknad om bostøtte", responsible_person="Mor",
                                 deadline=start_on + dt.timedelta(days=30))
            S.task_done_set(actor=coordinator, task=done, done=True,
                            on=start_on + dt.timedelta(days=25))
            S.task_create(actor=coordinator, case=case, meeting=meeting,
                          description="Melde eldste barn på håndball",
                          responsible_unit=_unit("kultur-fritid"),
                          deadline=start_on + dt.timedelta(days=45))
    S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                     starts_at=timezone.now().replace(hour=10, minute=0, second=0,
                                                      microsecond=0) + dt.timedelta(days=7),
                     place="Hjemme hos familien", members=present)


@transaction.atomic
def _fill(case: Case, journey: bool, today: dt.date) -> None:
    coordinator = case.coordinator
    members = list(case.members.select_related("person").order_by("role", "person__birth_date"))
    # The yearly mapping needs a start a year back; a newer demo case gets its start mapping
    # dated a year back so that change since start can be shown.
    start_on = min(case.start_date, today - dt.timedelta(days=365))
    (_plan_journey if journey else _plan_other)(case, coordinator, members, start_on)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        performed_on=start_on,
                        answers=_answers(members, start_on, later=False, journey=journey))
    yearly_on = start_on + dt.timedelta(days=365)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                        performed_on=yearly_on,
                        answers=_answers(members, yearly_on, later=True, journey=journey))
    if journey:
        # A possible entitlement made a plan action in one click, and applied for.
        action = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte",
                                           on=yearly_on)
        S.action_application_set(actor=coordinator, action=action,
                                  application=action.Application.APPLIED, on=yearly_on)
    _meetings(case, coordinator, members, start_on, journey=journey)


def load(*, reporter: Reporter) -> None:
    journey_id = families.JOURNEY_HOUSEHOLD_EXTERNAL_ID
    coordinators = User.objects.filter(username__in=COORDINATORS)
    cases = list(Case.objects.filter(coordinator__in=coordinators)
                 .select_related("household", "coordinator").order_by("pk"))
    done = set(FamilyPlan.objects.filter(case__in=cases).values_list("case_id", flat=True))
    todo = [c for c in cases if c.pk not in done]
    reporter.start("Familiens plan, kartlegginger og møter", total=len(todo))
    today = timezone.localdate()
    for case in todo:
        journey = bool(journey_id) and case.household.external_id == journey_id
        _fill(case, journey, today)
        reporter.advance()
    reporter.finish()
