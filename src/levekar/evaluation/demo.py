"""Demo data of the evaluation (idempotent): the follow-up model, evaluation designs,
lovende-praksis assessments, and a cohort of synthetic families in follow-up with start
and yearly mappings, result goals and session feedback — enough families that most
outcome cells can be shown, and few enough in some groups that suppression shows.

Every family, mapping, goal and feedback is made through followup's services, as a
coordinator would; the outcome rows follow from the mappings by themselves.
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from levekar.core.lib.progress import Reporter
from levekar.core.models import Municipality, OrgUnit, User
from levekar.evaluation import programme_demo, services
from levekar.evaluation.models import DataSource, EvaluationGoal, GoalKind, PracticeAssessment
from levekar.followup import services as case_services
from levekar.followup import services as work
from levekar.followup.models import Assessment, BtiLevel, CaseMember, Goal, Meeting, PlanArea
from levekar.passes.models import HolidayOffer
from levekar.passes.services import holidays
from levekar.people.models import Household, Zone
from levekar.plans.models import Frequency, Measure

PLAN = "lillestrom-2026-2030"
MODEL_MEASURE = "1.2.1"       # En fast kontaktperson for hele familien
PARENTING_MEASURE = "1.1.1"   # Foreldreveiledning …
FAMILIES = 40
PREFIX = "DEMO-EVAL-"
FIRST = ["Amina", "Jonas", "Sara", "Ali", "Ingrid", "Omar", "Maja", "Emil", "Leila", "Tobias"]
LAST = ["Hansen", "Ahmed", "Johansen", "Nguyen", "Berg", "Hussein", "Larsen", "Kowalski"]
CHILDREN = ["Noah", "Ella", "Yusuf", "Nora", "Liam", "Sofie", "Adam", "Hanna"]


# Where the families live: most in Strømmen vest (the zone with most children in persistent
# low income), some in Skjetten vest and Lillestrøm sentrum, one in Blaker — so the reach
# page shows figures in some zones and suppression in others.
ZONE_CYCLE = ["3205-03", "3205-03", "3205-06", "3205-01", "3205-03"]


def _zone(n: int) -> Zone | None:
    code = "3205-14" if n == FAMILIES else ZONE_CYCLE[n % len(ZONE_CYCLE)]
    return Zone.objects.filter(code=code).first()


def _measure(code: str) -> Measure | None:
    return Measure.objects.filter(plan__code=PLAN, code=code).first()


def _designs(actor: User) -> None:
    model_measure = _measure(MODEL_MEASURE)
    unit = OrgUnit.objects.filter(code="familieteamet").first()
    model = services.followup_model_ensure(
        code="nye-monstre", name="Nye mønstre – familiekoordinator",
        description="Én fast kontaktperson for hele familien, Familiens plan, kartlegging ved "
                    "start og hvert år, tilbakemelding etter samtalene (FIT).",
        units=[unit] if unit else (), measure=model_measure)
    if not EvaluationGoal.objects.filter(followup_model=model).exists():
        for data in (
            services.GoalInput(kind=GoalKind.EFFECT, title="Familier ut av vedvarende lavinntekt",
                               indicator="Andel familier med bedre inntekt og arbeid etter ett år",
                               source=DataSource.MAPPING, source_detail="income_work",
                               baseline="0 %", target="40 %", frequency=Frequency.YEARLY),
            services.GoalInput(kind=GoalKind.RESULT, title="Bedre boforhold",
                               indicator="Andel familier med bedre bolig etter ett år",
                               source=DataSource.MAPPING, source_detail="housing",
                               target="30 %", frequency=Frequency.YEARLY),
            services.GoalInput(kind=GoalKind.RESULT, title="Familiene opplever framgang",
                               indicator="Gjennomsnittlig utfallsskår i tilbakemeldingene",
                               source=DataSource.FEEDBACK, baseline="20", target="28",
                               frequency=Frequency.CONTINUOUS),
        ):
            services.goal_save(actor=actor, data=data, followup_model=model)
    parenting = _measure(PARENTING_MEASURE)
    if parenting and not EvaluationGoal.objects.filter(measure=parenting).exists():
        services.goal_save(actor=actor, measure=parenting, data=services.GoalInput(
            kind=GoalKind.RESULT, title="Foreldre som fullfører veiledningskurs",
            indicator="Deltakere som møter på minst 6 av 8 samlinger",
            source=DataSource.SERVICE, source_detail="Foreldreveiledning (ICDP)",
            target="75 %", frequency=Frequency.YEARLY))
    year = timezone.localdate().year
    ratings = {MODEL_MEASURE: ["met"] * 6 + ["partly", "not_met"],
               PARENTING_MEASURE: ["met", "met", "met", "partly", "met", "partly", "met", "partly"],
               "3.2.1": ["met", "partly", "met", "met", "met", "met", "partly", "not_met"]}
    from levekar.evaluation import datafiles

    for code, values in ratings.items():
        measure = _measure(code)
        if measure is None or PracticeAssessment.objects.filter(measure=measure,
                                                                year=year).exists():
            continue
        services.practice_assess(actor=actor, measure=measure, year=year, ratings=[
            services.RatingInput(element=e.id, rating=r,
                                 evidence="" if r == "not_met" else "Se tiltaksbeskrivelsen og "
                                 "årsrapporten.")
            for e, r in zip(datafiles.elements(), values, strict=True)])


def _answers(rng: random.Random, adults, children, *, step: int, base: dict) -> dict:
    """A mapping ``step`` years after the start; ``base`` holds the family's starting point
    and its tendency (−1 worse … +1 better)."""
    t = base["trend"] * step
    income = int(base["income"] * (1 + 0.08 * t + rng.uniform(-0.03, 0.03)))
    household = {
        "single_parent": len(adults) == 1,
        "income_sources": ["work"] if base["work"] or t > 1 else ["sosialhjelp"],
        "household_income_year": max(income, 100000),
        "tenure": "rented", "persons": len(adults) + len(children),
        "rooms": base["rooms"] + (1 if t >= 2 else 0), "area_m2": base["area"] + (15 if t >= 2
                                                                                   else 0),
        "housing_standard_ok": base["standard"] or t >= 1,
        "has_debt": base["debt"] > 0 and t < 2,
        "debt_amount": max(0, base["debt"] - int(8000 * t)),
        "payment_problems": ["strom", "inkasso"][:max(0, 2 - max(0, int(t)))],
    }
    persons = {}
    for a in adults:
        persons[str(a.person_id)] = {
            "employment_status": ["outside", "job_seeking", "work_activity", "part_time",
                                  "full_time"][max(0, min(4, base["job"] + int(t)))],
            "quality_of_life": max(0, min(10, base["qol"] + int(t) + rng.choice([-1, 0, 0, 1]))),
            "self_efficacy": [max(1, min(4, base["se"] + (1 if t >= 1 else 0)
                                         + rng.choice([0, 0, -1 if t < 0 else 0])))
                              for _ in range(10)],
        }
    for c in children:
        persons[str(c.person_id)] = {
            "attendance": "regular" if t >= 1 else ["much_absence", "some_absence"][
                base["job"] % 2],
            "organised_leisure": t >= 1 or base["work"],
            "lacks_equipment": t < 1,
        }
    return {"household": household, "persons": persons}


@transaction.atomic
def _family(n: int, coordinator: User, today: dt.date) -> None:
    rng = random.Random(f"levekar-evaluering-{n}")
    start = dt.date(today.year - rng.choice([1, 2, 3, 3, 4]), rng.randint(1, 12), 1)
    start = min(start, today - dt.timedelta(days=400))
    last = LAST[n % len(LAST)]
    members = [case_services.MemberInput(FIRST[n % len(FIRST)], last, CaseMember.Role.PARENT,
                                         birth_date=dt.date(1980 + n % 15, 1 + n % 12, 5))]
    if n % 3 == 0:
        members.append(case_services.MemberInput(FIRST[(n + 3) % len(FIRST)], last,
                                                 CaseMember.Role.PARENT,
                                                 birth_date=dt.date(1982 + n % 10, 3, 9)))
    for k in range(1 + n % 3):
        members.append(case_services.MemberInput(
            CHILDREN[(n + k) % len(CHILDREN)], last, CaseMember.Role.CHILD,
            birth_date=dt.date(today.year - 6 - (n + 3 * k) % 10, 1 + k, 12)))
    case = case_services.case_open(actor=coordinator, members=members, start_date=start,
                                   external_id=f"{PREFIX}{n:03d}", street="Demoveien 1",
                                   postcode="2000", city="Lillestrøm",
                                   zone=_zone(n))
    all_members = list(case.members.all())
    if n % 2:
        holder = case_services.participant_add(actor=coordinator, case=case, user=coordinator)
        for child in (m for m in all_members if m.role == CaseMember.Role.CHILD):
            case_services.bti_level_change(actor=coordinator, member=child,
                                           to_level=BtiLevel.OWN_SERVICE,
                                           reason="Tiltak i egen tjeneste.", stafettholder=holder)
    adults = [m for m in all_members if m.role != CaseMember.Role.CHILD]
    children = [m for m in all_members if m.role == CaseMember.Role.CHILD]
    base = {"trend": rng.choice([1, 1, 1, 0.5, 0, 0, -0.5, 1.5]),
            "income": rng.randint(200, 380) * 1000, "work": rng.random() < 0.4,
            "rooms": len(all_members) - 1 or 1, "area": 16 * len(all_members),
            "standard": rng.random() < 0.6, "debt": rng.choice([0, 30000, 60000, 90000]),
            "job": rng.randint(0, 2), "qol": rng.randint(3, 6), "se": rng.randint(1, 3)}
    years = max(1, min(4, (today - start).days // 365))
    for step in range(years + 1):
        on = start + dt.timedelta(days=365 * step)
        work.assessment_create(actor=coordinator, case=case,
                               kind=Assessment.Kind.START if step == 0 else Assessment.Kind.YEARLY,
                               performed_on=on,
                               answers=_answers(rng, adults, children, step=step, base=base))
    for i, (area, title) in enumerate([(PlanArea.WORK_ECONOMY, "Søke jobb med språkstøtte"),
                                       (PlanArea.HOUSING, "Få større bolig")]):
        goal = work.goal_create(actor=coordinator, case=case, area=area, title=title,
                                kind=Goal.Kind.RESULT)
        if base["trend"] * years >= 1 + i:
            work.goal_update(actor=coordinator, goal=goal, area=area, title=title,
                             kind=goal.kind, member=None, parent=None, description="",
                             target_date=None, status=Goal.Status.ACHIEVED,
                             achieved_on=start + dt.timedelta(days=300 * (i + 1)))
    for s in range(2):
        when = timezone.make_aware(dt.datetime.combine(
            start + dt.timedelta(days=120 + 365 * s * max(1, years - 1)), dt.time(10)))
        if when.date() > today:
            continue
        meeting = work.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.OFFICE,
                                      starts_at=when, status=Meeting.Status.HELD,
                                      members=adults[:1])
        level = max(0, min(10, 5 + int(base["trend"] * 2 * s) + rng.choice([-1, 0, 1])))
        work.feedback_record(actor=coordinator, meeting=meeting, member=adults[0],
                             outcome=[level] * 4, alliance=[min(10, level + 2)] * 4)


def _seven_steps(actor: User) -> None:
    """Three services' self-assessments this year, an action each, and meetings at the arenas."""
    from levekar.evaluation import datafiles, sjumil_services
    from levekar.evaluation.models import Arena, InterdisciplinaryMeeting, SevenStepAssessment

    year = timezone.localdate().year
    steps = datafiles.seven_steps().steps
    cross = _measure("2.1.1")   # Tverrfaglig innsats …
    plan = [("helsestasjon-lillestrom", [3, 4, 3, 3, 2, 4, 2], "participation",
             "Barnesamtaler ved 4-årskontrollen, med barnets egne ord i journalen"),
            ("kjeller-barnehage", [2, 3, 3, 2, 2, 3, 3], "full_life",
             "Gratis utlån av utstyr til turdager, så alle barn kan være med"),
            ("strommen-skole", [2, 3, 2, 3, 3, 3, 4], "participation",
             "Elevrådet får uttale seg om skolens tiltak mot utenforskap")]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[p[0] for p in plan] + ["ppt"])}
    for code, levels, step, action in plan:
        unit = units.get(code)
        if unit is None or SevenStepAssessment.objects.filter(unit=unit, year=year).exists():
            continue
        assessment = sjumil_services.seven_steps_assess(
            actor=actor, unit=unit, year=year, note="Vurdert i personalgruppen.",
            steps=[sjumil_services.StepInput(s.id, lv) for s, lv in zip(steps, levels,
                                                                        strict=True)])
        if cross:
            sjumil_services.seven_steps_action_add(actor=actor, assessment=assessment, step=step,
                                                   description=action, measure=cross)
    if not InterdisciplinaryMeeting.objects.exists() and "ppt" in units:
        today = timezone.localdate()
        for i, (arena, code) in enumerate([(Arena.HEALTH_STATION, "helsestasjon-lillestrom"),
                                           (Arena.KINDERGARTEN, "kjeller-barnehage"),
                                           (Arena.SCHOOL, "strommen-skole")]):
            for k in range(2):
                sjumil_services.interdisciplinary_meeting_record(
                    actor=actor, held_on=today - dt.timedelta(days=20 + 40 * k + 7 * i),
                    arena=arena, host=units[code], services=[units[code], units["ppt"]],
                    children_discussed=3 + i + k)


def _last_summer(nominator: User) -> None:
    """Last summer's holiday stay, nominated and drawn through the passes services, so the
    reach page has holiday places per zone (the passes demo's own offer is next summer)."""
    municipality = Municipality.objects.filter(code="3205").first()
    last = timezone.localdate().year - 1
    name = f"Sommeropphold {last}"
    if municipality is None or HolidayOffer.objects.filter(name=name).exists():
        return
    start = dt.date(last, 7, 7)
    born_after, born_before = dt.date(last - 14, 7, 7), dt.date(last - 6, 7, 7)
    households = list(Household.objects.filter(
        municipality=municipality, zone__isnull=False,
        members__birth_date__gt=born_after, members__birth_date__lte=born_before)
        .distinct().order_by("pk").values_list("pk", flat=True))
    if not households:
        return
    offer = holidays.offer_create(
        municipality=municipality, name=name, organiser="Ferie for alle",
        place="Hovden, Bykle", starts_on=start, ends_on=start + dt.timedelta(days=4),
        capacity=150, description="Ferieopphold for hele familien med aktiviteter.")
    rng = random.Random(last)
    rng.shuffle(households)
    persons = dict(Household.objects.filter(pk__in=households[:70])
                   .annotate(n=Count("members")).values_list("pk", "n"))
    for household in Household.objects.filter(pk__in=households[:70]).order_by("pk"):
        holidays.nomination_create(actor=nominator, offer=offer, household=household,
                                   need=rng.randint(1, 5), reason="Trenger en ferie sammen.",
                                   persons=persons[household.pk])
    holidays.offer_allocate(actor=nominator, offer=offer, seed=last)


def load(*, reporter: Reporter) -> None:
    actor = User.objects.filter(username="planeier1").first()
    coordinator = User.objects.filter(username="koordinator2").first()
    if actor is None or coordinator is None:
        return
    _designs(actor)
    _seven_steps(actor)
    _last_summer(coordinator)
    programme_demo.load()
    existing = set(Household.objects.filter(external_id__startswith=PREFIX)
                   .values_list("external_id", flat=True))
    today = timezone.localdate()
    reporter.start("Evaluering: familier i oppfølging", total=FAMILIES)
    for n in range(1, FAMILIES + 1):
        if f"{PREFIX}{n:03d}" not in existing:
            _family(n, coordinator, today)
        reporter.advance()
    reporter.finish()

