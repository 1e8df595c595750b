"""``plan_import``: a plan file (YAML, ``levekar-plan/1``) into the database.

All or nothing: the file is parsed and checked completely first (syntax, JSON Schema,
unique codes, unit codes, the previous plan and the measures it continues, measures
that cannot be removed); every problem is reported with its line and field, and only
a file without problems is written, in one transaction. Writing is an upsert by the
plan ``id`` and the codes of focus areas, goals and measures, so importing the same
file twice changes nothing, and a changed file changes exactly what changed (a measure
whose content changed gets a new ``version``, which guards editors in the browser).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import Municipality, OrgUnit
from levekar.core.services import municipality_ensure, org_unit_ensure
from levekar.plans.models import (
    ActionPlan,
    Direction,
    FocusArea,
    Goal,
    IndicatorLink,
    Measure,
    MeasureReport,
    PlanObjective,
    Responsibility,
    StructureKind,
)
from levekar.plans.planfile.validation import (
    file_problems,
    iter_measures,
    unique_sorted,
    with_where,
)
from levekar.plans.planfile.yamlmap import ParsedYaml, parse_yaml
from levekar.plans.services.structure import record_changes

MEASURE_FIELDS = ["goal_id", "title", "status", "how", "evaluation_indicator",
                  "evaluation_frequency", "evaluation_date", "continues_id", "position"]
LINK_FIELDS = ["indicator", "area", "group", "threshold_scope", "baseline", "baseline_period",
               "target", "target_year", "direction"]


@dataclass
class ImportResult:
    plan: ActionPlan
    created: bool
    focus_areas: int = 0
    goals: int = 0
    measures: int = 0
    new_measures: int = 0
    changed_measures: int = 0
    removed_measures: int = 0
    new_units: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verb = "opprettet" if self.created else "oppdatert"
        text = (f"Planen «{self.plan.code}» er {verb}: {self.focus_areas} innsatsområder, "
                f"{self.goals} mål, {self.measures} tiltak ({self.new_measures} nye, "
                f"{self.changed_measures} endret, {self.removed_measures} fjernet).")
        if self.new_units:
            text += f" Nye enheter: {', '.join(self.new_units)}."
        return text


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass
class _Context:
    municipality: Municipality | None = None
    previous_plan: ActionPlan | None = None
    previous_measures: dict[str, Measure] = field(default_factory=dict)
    units: dict[str, OrgUnit] = field(default_factory=dict)
    units_to_create: list[dict] = field(default_factory=list)
    municipality_to_create: tuple[str, str] | None = None
    unit_municipalities: dict[str, Municipality] = field(default_factory=dict)
    existing: ActionPlan | None = None


def _database_problems(parsed: ParsedYaml) -> tuple[list[Problem], _Context]:
    """What the database says about the file; fills the context ``_write`` uses."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    ctx = _Context()
    problems = [*_municipality_problems(parsed, data, ctx),
                *_previous_plan_problems(parsed, data, ctx),
                *_unit_problems(parsed, data, ctx),
                *_removal_problems(parsed, data, ctx)]
    return problems, ctx


def _municipality_problems(parsed: ParsedYaml, data: dict, ctx: _Context) -> list[Problem]:
    """The plan's municipality exists, or the file names it so that it can be created."""
    code = data.get("municipality")
    if not isinstance(code, str):
        return []
    ctx.municipality = Municipality.objects.filter(code=code).first()
    name = _text(data.get("municipality_name"))
    if ctx.municipality is None and name:
        ctx.municipality_to_create = (code, name)
    elif ctx.municipality is None:
        return [parsed.problem(("municipality",), (
            f"kommunenummeret «{code}» finnes ikke i Levekår. Oppgi kommunens navn i "
            "«municipality_name», eller legg kommunen inn (administrasjon) før planen "
            "importeres."))]
    return []


def _previous_plan_problems(parsed: ParsedYaml, data: dict, ctx: _Context) -> list[Problem]:
    """The plan this one revises exists, and has every measure the file continues."""
    previous = data.get("previous_plan")
    if not isinstance(previous, str) or previous == data.get("id"):
        return []
    ctx.previous_plan = ActionPlan.objects.filter(code=previous).first()
    if ctx.previous_plan is None:
        return [parsed.problem(("previous_plan",), (
            f"planen «{previous}» som denne planen reviderer, finnes ikke i Levekår. "
            "Importer den først."))]
    ctx.previous_measures = {m.code: m for m in ctx.previous_plan.measures.all()}
    problems = []
    for path, _fa, _goal, measure in iter_measures(data):
        cont = measure.get("continues")
        if isinstance(cont, str) and cont not in ctx.previous_measures:
            problems.append(parsed.problem((*path, "continues"), (
                f"tiltak «{measure.get('code')}» viderefører «{cont}», men planen "
                f"«{ctx.previous_plan.code}» har ikke noe tiltak med den koden.")))
    return problems


def _unit_problems(parsed: ParsedYaml, data: dict, ctx: _Context) -> list[Problem]:
    """Every responsible unit exists or is listed under ``units`` (in a known municipality)."""
    problems = []
    listed = {u["code"]: u for u in data.get("units") or [] if isinstance(u, dict)
              and isinstance(u.get("code"), str)}
    referenced: dict[str, list] = defaultdict(list)
    for path, _fa, _goal, measure in iter_measures(data):
        for n, resp in enumerate(measure.get("responsible") or []):
            if isinstance(resp, dict) and isinstance(resp.get("unit"), str):
                referenced[resp["unit"]].append((*path, "responsible", n, "unit"))
    known = OrgUnit.objects.filter(code__in=set(referenced) | set(listed))
    ctx.units = {u.code: u for u in known}
    for unit_code, paths in referenced.items():
        if unit_code not in ctx.units and unit_code not in listed:
            for path in paths:
                problems.append(parsed.problem(path, with_where(data, path[:-3], (
                    f"ukjent enhet «{unit_code}». Enheten finnes ikke i Levekår og står ikke "
                    "under «units» i filen. Rett koden, eller før enheten opp under «units», "
                    "eller bruk «text:» for en instans som ikke er en enhet."))))
    ctx.units_to_create = [u for c, u in listed.items() if c not in ctx.units]
    own = data.get("municipality")
    other_codes = {u["municipality"] for u in ctx.units_to_create
                   if isinstance(u.get("municipality"), str) and u["municipality"] != own}
    ctx.unit_municipalities = {m.code: m for m in
                               Municipality.objects.filter(code__in=other_codes)}
    for n, unit in enumerate(data.get("units") or []):
        m_code = unit.get("municipality") if isinstance(unit, dict) else None
        if (isinstance(m_code, str) and m_code != own
                and m_code not in ctx.unit_municipalities and unit in ctx.units_to_create):
            problems.append(parsed.problem(("units", n, "municipality"), (
                f"Enhet «{unit.get('code')}»: kommunenummeret «{m_code}» finnes ikke i "
                "Levekår og er ikke planens kommune.")))
    return problems


def _removal_problems(parsed: ParsedYaml, data: dict, ctx: _Context) -> list[Problem]:
    """Measures missing from the file may go, unless they have reports or are continued."""
    plan_id = data.get("id")
    if isinstance(plan_id, str):
        ctx.existing = ActionPlan.objects.filter(code=plan_id).first()
    if ctx.existing is None:
        return []
    problems = []
    in_file = {m.get("code") for _p, _f, _g, m in iter_measures(data)}
    leaving = ctx.existing.measures.exclude(code__in=[c for c in in_file if c])
    reported = defaultdict(list)
    for code_, year in MeasureReport.objects.filter(measure__in=leaving).values_list(
            "measure__code", "round__year"):
        reported[code_].append(str(year))
    for code_, years in sorted(reported.items()):
        problems.append(Problem(
            f"Tiltak «{code_}» finnes i planen i Levekår og har rapporter "
            f"({', '.join(sorted(years))}), men mangler i filen. Tiltak med rapporter "
            "kan ikke fjernes ved import.", file=parsed.filename, field="focus_areas"))
    for code_, later in leaving.filter(continued_by__isnull=False).values_list(
            "code", "continued_by__plan__code").distinct():
        problems.append(Problem(
            f"Tiltak «{code_}» videreføres av et tiltak i planen «{later}» og kan ikke "
            "fjernes ved import.", file=parsed.filename, field="focus_areas"))
    return problems


@transaction.atomic
def plan_import(*, text: str, filename: str, actor=None) -> ImportResult:
    """Import a plan file; raise ``InvalidInput`` listing every problem, writing nothing."""
    parsed = parse_yaml(text, filename=filename)
    problems = file_problems(parsed)
    db_problems, ctx = _database_problems(parsed)
    problems += db_problems
    if problems:
        raise InvalidInput(unique_sorted(problems))
    result = _write(parsed.data, ctx, actor)
    if result.created or result.new_measures or result.changed_measures \
            or result.removed_measures:
        record_changes(plan=result.plan, actor=actor, subject=f"Planfil {filename}",
                       before={}, after={"Import": result.summary()})
    return result


def _write(doc: dict, ctx: _Context, actor) -> ImportResult:
    now = timezone.now()
    if ctx.municipality_to_create is not None:
        code, name = ctx.municipality_to_create
        ctx.municipality = municipality_ensure(code=code, name=name)
    for unit in ctx.units_to_create:
        ctx.units[unit["code"]] = org_unit_ensure(
            municipality=ctx.unit_municipalities.get(unit.get("municipality"),
                                                     ctx.municipality),
            code=unit["code"], name=unit["name"].strip(), kind=unit["kind"])

    plan = ctx.existing or ActionPlan(code=doc["id"])
    created = plan.pk is None
    adopted = doc.get("adopted") or {}
    plan.municipality = ctx.municipality
    plan.title = _text(doc["title"])
    plan.period_start = doc["period"].get("start")
    plan.period_end = doc["period"].get("end")
    plan.adopted_date = _date(adopted.get("date"))
    plan.adopted_body = _text(adopted.get("body"))
    plan.previous_plan = ctx.previous_plan
    plan.source = _text(doc.get("source"))
    plan.structure = doc.get("structure") or StructureKind.FOCUS_AREAS
    plan.save()
    _write_objectives(plan, doc.get("objectives") or [], created)

    result = ImportResult(plan=plan, created=created,
                          new_units=[u["code"] for u in ctx.units_to_create])

    # Focus areas and goals: upsert by code, then remove what the file no longer has.
    old_fas = {fa.code: fa for fa in plan.focus_areas.all()} if not created else {}
    old_goals = {g.code: g for g in plan.goals.all()} if not created else {}
    fas: dict[str, FocusArea] = {}
    goals: dict[str, Goal] = {}
    for pos, fa_doc in enumerate(doc["focus_areas"]):
        fa = old_fas.get(fa_doc["code"]) or FocusArea(plan=plan, code=fa_doc["code"])
        fa.title, fa.objective, fa.position = (_text(fa_doc["title"]),
                                               _text(fa_doc.get("objective")), pos)
        fas[fa.code] = fa
    _save_all(FocusArea, fas.values(), ["title", "objective", "position"])
    goal_pos = 0
    for fa_doc in doc["focus_areas"]:
        for goal_doc in fa_doc["goals"]:
            goal = old_goals.get(goal_doc["code"]) or Goal(plan=plan, code=goal_doc["code"])
            goal.focus_area = fas[fa_doc["code"]]
            goal.text, goal.position = _text(goal_doc["text"]), goal_pos
            goal_pos += 1
            goals[goal.code] = goal
    _save_all(Goal, goals.values(), ["focus_area", "text", "position"])
    _write_goal_links(plan, doc, goals, created)

    # Measures with their responsibilities and indicator links.
    old_measures = {m.code: m for m in plan.measures.all()} if not created else {}
    old_resp: dict[int, list[tuple]] = defaultdict(list)
    old_links: dict[int, IndicatorLink] = {}
    if not created:
        for r in Responsibility.objects.filter(measure__plan=plan).order_by("position", "id"):
            old_resp[r.measure_id].append((r.org_unit_id, r.text))
        old_links = {lk.measure_id: lk for lk in IndicatorLink.objects.filter(measure__plan=plan)}

    wanted: list[tuple[Measure, list[tuple], dict | None, bool]] = []
    for pos, (_path, _fa_doc, goal_doc, m_doc) in enumerate(iter_measures(doc)):
        m = old_measures.get(m_doc["code"])
        is_new = m is None
        if is_new:
            m = Measure(plan=plan, code=m_doc["code"])
        before = None if is_new else [getattr(m, f) for f in MEASURE_FIELDS]
        evaluation = m_doc.get("evaluation") or {}
        m.goal_id = goals[goal_doc["code"]].pk
        m.title = _text(m_doc["title"])
        m.status = m_doc.get("status") or ""
        m.how = _text(m_doc.get("how"))
        m.evaluation_indicator = _text(evaluation.get("indicator"))
        m.evaluation_frequency = evaluation.get("frequency") or ""
        m.evaluation_date = _date(evaluation.get("date")) if m.evaluation_frequency == "date" \
            else None
        cont = m_doc.get("continues")
        m.continues_id = ctx.previous_measures[cont].pk if cont else None
        m.position = pos
        resp = [(ctx.units[r["unit"]].pk, "") if "unit" in r else (None, _text(r["text"]))
                for r in m_doc.get("responsible") or []]
        changed = is_new or before != [getattr(m, f) for f in MEASURE_FIELDS] \
            or resp != old_resp.get(m.pk, [])
        if changed:
            result.new_measures += is_new
            result.changed_measures += not is_new
            if not is_new:
                m.version += 1
            m.updated_at, m.updated_by = now, actor if getattr(actor, "pk", None) else None
        wanted.append((m, resp, m_doc.get("indicator_link"), changed))

    changed_old = [m for m, _r, _l, changed in wanted if changed and m.pk is not None]
    Measure.objects.bulk_create([m for m, *_ in wanted if m.pk is None])
    Measure.objects.bulk_update(
        changed_old, [*MEASURE_FIELDS, "version", "updated_at", "updated_by"], batch_size=500)
    stale = [m.pk for m, resp, _l, _c in wanted if m.pk in old_resp and resp != old_resp[m.pk]]
    Responsibility.objects.filter(measure_id__in=stale).delete()
    Responsibility.objects.bulk_create([
        Responsibility(measure=m, org_unit_id=unit_id, text=text, position=i)
        for m, resp, _l, _c in wanted if m.pk in stale or m.pk not in old_resp
        for i, (unit_id, text) in enumerate(resp)
    ], batch_size=500)
    _write_links(wanted, old_links)

    keep = {m.pk for m, *_ in wanted}
    leaving = [m.pk for m in old_measures.values() if m.pk not in keep]
    result.removed_measures = len(leaving)
    Measure.objects.filter(pk__in=leaving).delete()
    Goal.objects.filter(plan=plan).exclude(pk__in=[g.pk for g in goals.values()]).delete()
    FocusArea.objects.filter(plan=plan).exclude(pk__in=[f.pk for f in fas.values()]).delete()

    result.focus_areas, result.goals, result.measures = len(fas), len(goals), len(wanted)
    return result


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _save_all(model, objs, fields: list[str]) -> None:
    objs = list(objs)
    new = [o for o in objs if o.pk is None]
    old = [o for o in objs if o.pk is not None]
    model.objects.bulk_create(new)
    model.objects.bulk_update(old, fields, batch_size=500)


def _write_links(wanted, old_links: dict[int, IndicatorLink]) -> None:
    create, update, delete = [], [], []
    for m, _resp, link_doc, _changed in wanted:
        old = old_links.get(m.pk)
        if not link_doc:
            if old is not None:
                delete.append(old.pk)
            continue
        values = _link_values(link_doc)
        if old is None:
            create.append(IndicatorLink(measure=m, **values))
        elif any(getattr(old, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(old, f, v)
            update.append(old)
    IndicatorLink.objects.filter(pk__in=delete).delete()
    IndicatorLink.objects.bulk_create(create)
    IndicatorLink.objects.bulk_update(update, LINK_FIELDS)


def _link_values(link_doc: dict) -> dict:
    values = {f: link_doc.get(f) for f in LINK_FIELDS}
    for name in ("group", "baseline_period", "threshold_scope"):
        values[name] = values[name] or ""
    values["direction"] = values["direction"] or Direction.DOWN
    return values


def _write_objectives(plan: ActionPlan, docs: list[dict], created: bool) -> None:
    """The plan's delmål: replaced as a whole (they have no reports hanging on them)."""
    wanted = [(_text(o["code"]), _text(o.get("title")), _text(o["text"])) for o in docs]
    if not created:
        if list(plan.objectives.order_by("position").values_list("code", "title", "text")) \
                == wanted:
            return
        plan.objectives.all().delete()
    PlanObjective.objects.bulk_create([
        PlanObjective(plan=plan, code=c, title=t, text=x, position=i)
        for i, (c, t, x) in enumerate(wanted)])


def _write_goal_links(plan: ActionPlan, doc: dict, goals: dict[str, Goal], created: bool) -> None:
    old = {} if created else {lk.goal_id: lk for lk in
                              IndicatorLink.objects.filter(goal__plan=plan)}
    create, update, delete = [], [], []
    for fa_doc in doc["focus_areas"]:
        for goal_doc in fa_doc["goals"]:
            goal = goals[goal_doc["code"]]
            link_doc, existing = goal_doc.get("indicator_link"), old.get(goal.pk)
            if not link_doc:
                if existing is not None:
                    delete.append(existing.pk)
                continue
            values = _link_values(link_doc)
            if existing is None:
                create.append(IndicatorLink(goal=goal, **values))
            elif any(getattr(existing, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(existing, f, v)
                update.append(existing)
    IndicatorLink.objects.filter(pk__in=delete).delete()
    IndicatorLink.objects.bulk_create(create)
    IndicatorLink.objects.bulk_update(update, LINK_FIELDS)
