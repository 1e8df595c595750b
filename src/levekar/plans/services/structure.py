"""Building and changing a plan in the browser: the plan, its delmål, focus areas, goals,
measures, indicator links, and revising a plan into its successor.

Every change is kept as ``PlanChange`` rows (who, when, the field, old and new value),
written in the same transaction as the change; the measure page shows its own.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from levekar.core.audit import audit_record
from levekar.core.audit_kinds import AuditKind
from levekar.core.errors import AccessDenied, Conflict, InvalidInput, Problem
from levekar.core.models import Municipality, OrgUnit
from levekar.plans.indicators import label_links
from levekar.plans.models import (
    STATUS_CODES,
    ActionPlan,
    Direction,
    FocusArea,
    Goal,
    IndicatorLink,
    Measure,
    MeasureReport,
    PlanChange,
    PlanObjective,
    Responsibility,
    StatusLetter,
    StructureKind,
    ThresholdChoice,
)
from levekar.plans.selectors import user_is_plan_owner


def _owner(actor) -> None:
    if not user_is_plan_owner(actor):
        raise AccessDenied("Bare planeieren kan endre planen.")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def record_changes(*, plan: ActionPlan, actor, subject: str, before: dict, after: dict,
                   measure: Measure | None = None) -> list[PlanChange]:
    """One ``PlanChange`` per field whose shown value differs between ``before`` and
    ``after`` (both {field label: value}); a new object has an empty ``before``."""
    now = timezone.now()
    rows = [PlanChange(plan=plan, measure=measure, subject=subject[:300], field=label[:100],
                       old_value=_shown(before.get(label)), new_value=_shown(value),
                       changed_at=now, changed_by=_user(actor))
            for label, value in after.items() if _shown(before.get(label)) != _shown(value)]
    return PlanChange.objects.bulk_create(rows)


# ---------------------------------------------------------------- the plan itself

@transaction.atomic
def plan_create(*, actor, code: str, municipality: Municipality, title: str,
                period_start: int | None, period_end: int | None,
                adopted_date: dt.date | None = None, adopted_body: str = "",
                structure: str = StructureKind.FOCUS_AREAS) -> ActionPlan:
    """A new, empty plan; its parts are added afterwards."""
    _owner(actor)
    problems = []
    if not title.strip():
        problems.append(Problem("Planen må ha en tittel.", field="title"))
    if period_start and period_end and period_end < period_start:
        problems.append(Problem(f"Sluttåret {period_end} er før startåret {period_start}.",
                                field="period_end"))
    if structure not in StructureKind.values:
        problems.append(Problem("Ukjent planform.", field="structure"))
    if ActionPlan.objects.filter(code=code).exists():
        problems.append(Problem(f"Det finnes allerede en plan med identifikatoren «{code}».",
                                field="code"))
    if problems:
        raise InvalidInput(problems)
    plan = ActionPlan.objects.create(
        code=code, municipality=municipality, title=title.strip(), period_start=period_start,
        period_end=period_end, adopted_date=adopted_date, adopted_body=adopted_body.strip(),
        structure=structure)
    record_changes(plan=plan, actor=actor, subject=f"Planen «{plan.title}»", before={},
                   after={"Opprettet": plan.title})
    return plan


@transaction.atomic
def plan_objective_add(*, plan: ActionPlan, actor, code: str, title: str,
                       text: str) -> PlanObjective:
    _owner(actor)
    problems = []
    if not code.strip():
        problems.append(Problem("Delmålet må ha en kode.", field="code"))
    if not text.strip():
        problems.append(Problem("Delmålet må ha en tekst.", field="text"))
    if code.strip() and plan.objectives.filter(code=code.strip()).exists():
        problems.append(Problem(f"Koden «{code.strip()}» er brukt i planen før.", field="code"))
    if problems:
        raise InvalidInput(problems)
    position = (plan.objectives.aggregate(m=Max("position"))["m"] or 0) + 1
    objective = PlanObjective.objects.create(plan=plan, code=code.strip(), title=title.strip(),
                                             text=text.strip(), position=position)
    record_changes(plan=plan, actor=actor, subject=f"Delmål {objective.code}", before={},
                   after={"Tekst": objective.text})
    return objective


# ---------------------------------------------------------------- focus areas and goals

@transaction.atomic
def focus_area_save(*, plan: ActionPlan, actor, code: str, title: str, objective: str = "",
                    focus_area: FocusArea | None = None) -> FocusArea:
    """Add a focus area (``focus_area`` None) or change one."""
    _owner(actor)
    code, title = code.strip(), title.strip()
    problems = []
    if not code:
        problems.append(Problem("Innsatsområdet må ha en kode.", field="code"))
    if not title:
        problems.append(Problem("Innsatsområdet må ha en tittel.", field="title"))
    taken = FocusArea.objects.filter(plan=plan, code=code)
    if focus_area is not None:
        taken = taken.exclude(pk=focus_area.pk)
    if code and taken.exists():
        problems.append(Problem(f"Koden «{code}» er brukt av et annet innsatsområde i planen.",
                                field="code"))
    if problems:
        raise InvalidInput(problems)
    before = {} if focus_area is None else {
        "Kode": focus_area.code, "Tittel": focus_area.title, "Målsetting": focus_area.objective}
    if focus_area is None:
        position = (FocusArea.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
                    or 0) + 1
        focus_area = FocusArea(plan=plan, position=position)
    focus_area.code, focus_area.title, focus_area.objective = code, title, objective.strip()
    focus_area.save()
    record_changes(plan=plan, actor=actor, subject=f"Innsatsområde {code}", before=before,
                   after={"Kode": code, "Tittel": title, "Målsetting": focus_area.objective})
    return focus_area


@transaction.atomic
def goal_save(*, plan: ActionPlan, actor, focus_area: FocusArea, code: str, text: str,
              goal: Goal | None = None) -> Goal:
    """Add a goal under ``focus_area`` (``goal`` None) or change one."""
    _owner(actor)
    code, text = code.strip(), text.strip()
    problems = []
    if focus_area.plan_id != plan.pk:
        problems.append(Problem("Innsatsområdet hører ikke til planen.", field="focus_area"))
    if not code:
        problems.append(Problem("Målet må ha en kode.", field="code"))
    if not text:
        problems.append(Problem("Målet må ha en tekst.", field="text"))
    taken = Goal.objects.filter(plan=plan, code=code)
    if goal is not None:
        taken = taken.exclude(pk=goal.pk)
    if code and taken.exists():
        problems.append(Problem(f"Koden «{code}» er brukt av et annet mål i planen.",
                                field="code"))
    if problems:
        raise InvalidInput(problems)
    before = {} if goal is None else {"Kode": goal.code, "Tekst": goal.text,
                                      "Innsatsområde": goal.focus_area.code}
    old_focus_area_id = None if goal is None else goal.focus_area_id
    if goal is None:
        position = (Goal.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
        goal = Goal(plan=plan, position=position)
    goal.code, goal.text, goal.focus_area = code, text, focus_area
    goal.save()
    record_changes(plan=plan, actor=actor, subject=f"Mål {code}", before=before,
                   after={"Kode": code, "Tekst": text, "Innsatsområde": focus_area.code})
    if old_focus_area_id is not None and old_focus_area_id != focus_area.pk:
        # A goal moved to another focus area takes its measures with it.
        audit_record(actor=actor, kind=AuditKind.ACTIONPLAN_GOAL_MOVE, obj=goal,
                     detail=f"Mål {code} i «{plan.title}»: fra innsatsområde "
                             f"{before['Innsatsområde']} til {focus_area.code}",
                     changes=[{"field": "focus_area", "old": old_focus_area_id,
                               "new": focus_area.pk}])
    return goal


# ---------------------------------------------------------------- measures

def next_measure_code(goal: Goal) -> str:
    """The goal's code, a dot and the next free running number («1.1» → «1.1.3»)."""
    prefix = goal.code.replace(" ", "")
    taken = set(Measure.objects.filter(plan_id=goal.plan_id).values_list("code", flat=True))
    n = 1
    while f"{prefix}.{n}" in taken:
        n += 1
    return f"{prefix}.{n}"


@transaction.atomic
def measure_create(*, plan: ActionPlan, actor, goal: Goal, title: str, code: str = "",
                   status: str = "", how: str = "", unit_ids: list[int] | None = None,
                   responsible_texts: list[str] | None = None) -> Measure:
    """A new measure under ``goal``. In a plan that revises another, a new measure is
    «N» (new) unless the owner says otherwise."""
    _owner(actor)
    code = code.strip() or next_measure_code(goal)
    problems = []
    if goal.plan_id != plan.pk:
        problems.append(Problem("Målet hører ikke til planen.", field="goal"))
    if not title.strip():
        problems.append(Problem("Tiltaket må ha en tekst.", field="title"))
    if status and status not in STATUS_CODES:
        problems.append(Problem(f"Ukjent status «{status}».", field="status"))
    if Measure.objects.filter(plan=plan, code=code).exists():
        problems.append(Problem(f"Koden «{code}» er brukt av et annet tiltak i planen.",
                                field="code"))
    if problems:
        raise InvalidInput(problems)
    if not status and plan.previous_plan_id and plan.words.uses_status:
        status = StatusLetter.NEW
    position = (Measure.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    measure = Measure.objects.create(plan=plan, goal=goal, code=code, title=title.strip(),
                                     status=status, how=how.strip(), position=position,
                                     updated_by=_user(actor))
    units = list(OrgUnit.objects.filter(pk__in=unit_ids or []))
    texts = [t.strip() for t in responsible_texts or [] if t.strip()]
    Responsibility.objects.bulk_create(
        [Responsibility(measure=measure, org_unit=u, position=i) for i, u in enumerate(units)]
        + [Responsibility(measure=measure, text=t, position=len(units) + i)
           for i, t in enumerate(texts)])
    record_changes(plan=plan, actor=actor, measure=measure, subject=f"Tiltak {code}",
                   before={}, after={"Tiltak": measure.title, "Status": status,
                                     "Hvordan": measure.how,
                                     "Ansvar": "; ".join([u.name for u in units] + texts)})
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, actor) -> None:
    """Remove a measure that has no reports and that no later plan continues."""
    _owner(actor)
    if MeasureReport.objects.filter(measure=measure).exists():
        raise Conflict(f"Tiltak {measure.code} har rapporter og kan ikke slettes.")
    if Measure.objects.filter(continues=measure).exists():
        raise Conflict(f"Tiltak {measure.code} videreføres i en senere plan og kan ikke "
                       "slettes.")
    plan = measure.plan
    record_changes(plan=plan, actor=actor, subject=f"Tiltak {measure.code}",
                   before={"Tiltak": measure.title}, after={"Tiltak": "(slettet)"})
    measure.delete()


# ---------------------------------------------------------------- indicator links

@dataclass(frozen=True)
class LinkValues:
    indicator: str
    area: str
    group: str = ""
    threshold_scope: str = ""
    baseline: float | None = None
    baseline_period: str = ""
    target: float | None = None
    target_year: int | None = None
    direction: str = Direction.DOWN


LINK_LABELS = {"indicator": "Indikator", "area": "Område", "group": "Gruppe",
               "threshold_scope": "Median", "baseline": "Utgangsverdi",
               "baseline_period": "Utgangsår", "target": "Mål", "target_year": "Målår",
               "direction": "Retning"}


def _link_shown(link: IndicatorLink) -> dict:
    """The link's fields as the history shows them: names, not codes."""
    label_links([link])
    shown = {LINK_LABELS[f]: getattr(link, f) for f in LINK_LABELS}
    shown.update({"Indikator": link.indicator_label, "Område": link.area_label,
                  "Gruppe": link.group_label, "Median": link.scope_label,
                  "Retning": Direction(link.direction).label})
    return {k: str(v) if v is not None and not isinstance(v, float | int) else v
            for k, v in shown.items()}


@transaction.atomic
def indicator_link_save(*, actor, values: LinkValues, measure: Measure | None = None,
                        goal: Goal | None = None) -> IndicatorLink:
    """Link a measure or a goal (exactly one) to a statistics indicator, or change the link."""
    _owner(actor)
    if (measure is None) == (goal is None):
        raise InvalidInput([Problem("Velg enten et tiltak eller et mål.", field="measure")])
    problems = []
    if not values.indicator:
        problems.append(Problem("Velg en indikator.", field="indicator"))
    if not values.area:
        problems.append(Problem("Velg et område.", field="area"))
    if values.threshold_scope not in ThresholdChoice.values:
        problems.append(Problem("Ukjent median.", field="threshold_scope"))
    if values.direction not in Direction.values:
        problems.append(Problem("Ukjent retning.", field="direction"))
    for name in ("baseline", "target"):
        v = getattr(values, name)
        if v is not None and not 0 <= v <= 100:
            problems.append(Problem("Oppgi en prosent mellom 0 og 100.", field=name))
    if values.baseline is not None and not values.baseline_period:
        problems.append(Problem("Oppgi året (perioden) utgangsverdien gjelder.",
                                field="baseline_period"))
    if values.target is not None and values.target_year is None:
        problems.append(Problem("Oppgi året målet skal være nådd.", field="target_year"))
    if problems:
        raise InvalidInput(problems)
    owner = measure or goal
    plan = owner.plan
    link = IndicatorLink.objects.filter(**({"measure": measure} if measure else
                                           {"goal": goal})).first()
    before = {} if link is None else _link_shown(link)
    link = link or IndicatorLink(measure=measure, goal=goal)
    for f in LINK_LABELS:
        setattr(link, f, getattr(values, f))
    link.save()
    subject = f"Tiltak {measure.code}" if measure else f"Mål {goal.code}"
    record_changes(plan=plan, actor=actor, measure=measure, subject=subject, before=before,
                   after=_link_shown(link))
    if measure is not None:
        Measure.objects.filter(pk=measure.pk).update(updated_at=timezone.now(),
                                                     updated_by=_user(actor))
    return link


@transaction.atomic
def indicator_link_remove(*, actor, link: IndicatorLink) -> None:
    _owner(actor)
    measure = link.measure
    owner = link.measure or link.goal
    subject = f"Tiltak {measure.code}" if measure else f"Mål {link.goal.code}"
    record_changes(plan=owner.plan, actor=actor, measure=measure, subject=subject,
                   before={"Indikator": _link_shown(link)["Indikator"]},
                   after={"Indikator": ""})
    link.delete()


# ---------------------------------------------------------------- revision

@transaction.atomic
def plan_revise(*, plan: ActionPlan, actor, code: str, title: str, period_start: int | None,
                period_end: int | None) -> ActionPlan:
    """Make the successor of ``plan``: the same delmål, focus areas, goals, measures,
    responsible parties and indicator links, each measure continuing its predecessor
    (lineage) with the status «V» (continued). The owner then changes what the new plan
    changes: a strengthened measure becomes «F», measures added later are «N»."""
    _owner(actor)
    if ActionPlan.objects.filter(code=code).exists():
        raise InvalidInput([Problem(f"Det finnes allerede en plan med identifikatoren "
                                    f"«{code}».", field="code")])
    if not title.strip():
        raise InvalidInput([Problem("Planen må ha en tittel.", field="title")])
    if period_start and period_end and period_end < period_start:
        raise InvalidInput([Problem(f"Sluttåret {period_end} er før startåret "
                                    f"{period_start}.", field="period_end")])
    try:
        with transaction.atomic():
            new = ActionPlan.objects.create(
                code=code, municipality_id=plan.municipality_id, title=title.strip(),
                period_start=period_start, period_end=period_end, previous_plan=plan,
                structure=plan.structure)
    except IntegrityError as exc:
        raise Conflict(f"Det finnes allerede en plan med identifikatoren «{code}».") from exc
    PlanObjective.objects.bulk_create([
        PlanObjective(plan=new, code=o.code, title=o.title, text=o.text, position=o.position)
        for o in plan.objectives.all()])
    fas = {}
    for fa in FocusArea.objects.filter(plan=plan):
        fas[fa.pk] = FocusArea(plan=new, code=fa.code, title=fa.title, objective=fa.objective,
                               position=fa.position)
    FocusArea.objects.bulk_create(fas.values())
    goals = {}
    for g in Goal.objects.filter(plan=plan):
        goals[g.pk] = Goal(plan=new, focus_area=fas[g.focus_area_id], code=g.code, text=g.text,
                           position=g.position)
    Goal.objects.bulk_create(goals.values())
    measures = {}
    continued = StatusLetter.CONTINUE if plan.words.uses_status else ""
    for m in Measure.objects.filter(plan=plan):
        measures[m.pk] = Measure(
            plan=new, goal=goals[m.goal_id], code=m.code, title=m.title, status=continued,
            how=m.how, evaluation_indicator=m.evaluation_indicator,
            evaluation_frequency=m.evaluation_frequency, evaluation_date=m.evaluation_date,
            continues=m, position=m.position, updated_by=_user(actor))
    Measure.objects.bulk_create(measures.values())
    Responsibility.objects.bulk_create([
        Responsibility(measure=measures[r.measure_id], org_unit_id=r.org_unit_id, text=r.text,
                       position=r.position)
        for r in Responsibility.objects.filter(measure__plan=plan)])
    link_fields = list(LINK_LABELS)
    links = []
    for lk in IndicatorLink.objects.filter(measure__plan=plan):
        links.append(IndicatorLink(measure=measures[lk.measure_id],
                                   **{f: getattr(lk, f) for f in link_fields}))
    for lk in IndicatorLink.objects.filter(goal__plan=plan):
        links.append(IndicatorLink(goal=goals[lk.goal_id],
                                   **{f: getattr(lk, f) for f in link_fields}))
    IndicatorLink.objects.bulk_create(links)
    record_changes(plan=new, actor=actor, subject=f"Planen «{new.title}»", before={},
                   after={"Revisjon av": plan.title, "Tiltak videreført": len(measures)})
    return new

