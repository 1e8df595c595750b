"""A plan from the database back to the file format (``levekar-plan/1``).

The output imports to the same plan (round trip): every field the format has is
written, in the format's order, and the org units the plan names are listed under
``units:`` so the file can be imported into another Levekår as well.
"""

from typing import Any

import yaml

from levekar.plans.planfile.validation import FORMAT
from levekar.plans.selectors import Matrix


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    # Multi-line texts as literal blocks, so the file stays readable.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _none_if_blank(value: str) -> str | None:
    return value or None


def _link(link) -> dict | None:
    if link is None:
        return None
    return {"indicator": link.indicator, "area": link.area,
            "group": _none_if_blank(link.group),
            "threshold_scope": _none_if_blank(link.threshold_scope),
            "baseline": link.baseline, "baseline_period": _none_if_blank(link.baseline_period),
            "target": link.target, "target_year": link.target_year,
            "direction": link.direction}


def plan_document(matrix: Matrix) -> dict[str, Any]:
    """The plan as the file format's data (``matrix`` unfiltered, from ``plan_matrix``)."""
    plan = matrix.plan
    units: dict[str, dict] = {}
    focus_areas = []
    for block in matrix.blocks:
        fa = block.focus_area
        goals = []
        for g in block.goals:
            measures = []
            for row in g.rows:
                m = row.measure
                responsible = []
                for r in row.responsibilities:
                    if r.org_unit_id:
                        responsible.append({"unit": r.org_unit.code})
                        units[r.org_unit.code] = {"code": r.org_unit.code, "name": r.org_unit.name,
                                                  "kind": r.org_unit.kind}
                    else:
                        responsible.append({"text": r.text})
                evaluation = None
                if m.evaluation_indicator or m.evaluation_frequency:
                    evaluation = {
                        "indicator": _none_if_blank(m.evaluation_indicator),
                        "frequency": _none_if_blank(m.evaluation_frequency),
                        "date": m.evaluation_date,
                    }
                measures.append({
                    "code": m.code,
                    "title": m.title,
                    "status": _none_if_blank(m.status),
                    "how": _none_if_blank(m.how),
                    "responsible": responsible,
                    "evaluation": evaluation,
                    "continues": m.continues.code if m.continues_id else None,
                    "indicator_link": _link(m.link),
                })
            goal = {"code": g.goal.code, "text": g.goal.text, "measures": measures}
            if g.goal.link is not None:
                goal["indicator_link"] = _link(g.goal.link)
            goals.append(goal)
        focus_areas.append({"code": fa.code, "title": fa.title,
                            "objective": _none_if_blank(fa.objective), "goals": goals})
    return {
        "format": FORMAT,
        "id": plan.code,
        "municipality": plan.municipality.code,
        "municipality_name": plan.municipality.name,
        "title": plan.title,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "adopted": {"date": plan.adopted_date, "body": _none_if_blank(plan.adopted_body)},
        "previous_plan": plan.previous_plan.code if plan.previous_plan_id else None,
        "source": _none_if_blank(plan.source),
        "structure": plan.structure,
        "objectives": [{"code": o.code, "title": _none_if_blank(o.title), "text": o.text}
                       for o in matrix.objectives],
        "units": sorted(units.values(), key=lambda u: u["code"]),
        "focus_areas": focus_areas,
    }


def dump_yaml(document: dict[str, Any]) -> str:
    header = ("# Levekår plan file (levekar-plan/1); see docs/plan-format.md.\n"
              "# Exported from Levekår; import with: levekar plans import FILE\n")
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=100, default_flow_style=False)
