"""Editing a measure in the browser, with optimistic locking.

Two plan owners may open the same measure. Each form carries the ``version`` it was
loaded with; a save only succeeds while the row still has that version, and bumps it.
The second save is refused with ``Conflict`` (nothing written) and the view keeps the
refused text in the form, so nothing anyone typed is lost.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from levekar.core.audit import audit_record
from levekar.core.audit_kinds import AuditKind
from levekar.core.errors import Conflict, InvalidInput, NotFound, Problem
from levekar.core.models import OrgUnit
from levekar.plans.models import STATUS_CODES, Frequency, Goal, Measure, Responsibility
from levekar.plans.services.structure import _owner, record_changes


def conflict_message(current: Measure) -> str:
    who = current.updated_by.display_name if current.updated_by_id else "noen andre"
    when = date_format(timezone.localtime(current.updated_at), "j. F Y \\k\\l. H:i")
    return (f"Tiltaket ble endret av {who} {when}, etter at du åpnet det. Endringene dine er "
            "ikke lagret, men står fortsatt i skjemaet. Sammenlign med den lagrede versjonen "
            "nedenfor, og lagre på nytt hvis du vil erstatte den.")


@transaction.atomic
def measure_update(*, measure_id: int, expected_version: int, actor, title: str,
                   status: str, how: str, evaluation_indicator: str,
                   evaluation_frequency: str, evaluation_date: dt.date | None,
                   unit_ids: list[int], responsible_texts: list[str]) -> Measure:
    """Save a measure's text, status, responsible parties and evaluation.

    Raises ``Conflict`` when the measure has changed since ``expected_version`` was read,
    ``InvalidInput`` for invalid values, ``NotFound`` when it no longer exists.
    """
    problems = []
    if not title.strip():
        problems.append(Problem("Tiltaket må ha en tekst.", field="title"))
    if status and status not in STATUS_CODES:
        problems.append(Problem(f"Ukjent status «{status}».", field="status"))
    if evaluation_frequency and evaluation_frequency not in Frequency.values:
        problems.append(Problem(f"Ukjent frekvens «{evaluation_frequency}».",
                                field="evaluation_frequency"))
    if evaluation_frequency == Frequency.DATE and evaluation_date is None:
        problems.append(Problem("Velg en dato når tiltaket skal evalueres på en dato.",
                                field="evaluation_date"))
    old = (Measure.objects.select_related("plan").prefetch_related(
        "responsibilities__org_unit").filter(pk=measure_id).first())
    units = list(OrgUnit.objects.filter(pk__in=unit_ids))
    if len(units) != len(set(unit_ids)):
        problems.append(Problem("En av de valgte enhetene finnes ikke.", field="units"))
    texts = [t.strip() for t in responsible_texts if t.strip()]
    if problems:
        raise InvalidInput(problems)

    rows = Measure.objects.filter(pk=measure_id, version=expected_version).update(
        title=title.strip(), status=status, how=how.strip(),
        evaluation_indicator=evaluation_indicator.strip(),
        evaluation_frequency=evaluation_frequency,
        evaluation_date=evaluation_date if evaluation_frequency == Frequency.DATE else None,
        version=F("version") + 1, updated_at=timezone.now(),
        updated_by=actor if getattr(actor, "pk", None) else None,
    )
    if rows == 0:
        current = Measure.objects.select_related("updated_by").filter(pk=measure_id).first()
        if current is None:
            raise NotFound("Tiltaket finnes ikke lenger.")
        raise Conflict(conflict_message(current))

    # Keep the order the plan gives its units; new ones follow, then the free-text bodies.
    old_order = list(Responsibility.objects.filter(measure_id=measure_id, org_unit__isnull=False)
                     .order_by("position").values_list("org_unit_id", flat=True))
    chosen = {u.pk for u in units}
    ordered = [u for u in old_order if u in chosen] + sorted(chosen - set(old_order),
                                                             key=lambda pk: unit_ids.index(pk))
    Responsibility.objects.filter(measure_id=measure_id).delete()
    Responsibility.objects.bulk_create(
        [Responsibility(measure_id=measure_id, org_unit_id=u, position=i)
         for i, u in enumerate(ordered)]
        + [Responsibility(measure_id=measure_id, text=t, position=len(ordered) + i)
           for i, t in enumerate(texts)]
    )
    new = Measure.objects.select_related("plan").prefetch_related(
        "responsibilities__org_unit").get(pk=measure_id)
    record_changes(plan=new.plan, actor=actor, measure=new, subject=f"Tiltak {new.code}",
                   before=_shown_fields(old) if old else {}, after=_shown_fields(new))
    return new


def _shown_fields(m: Measure) -> dict:
    """A measure's fields as its history names them (Norwegian labels, shown values)."""
    return {
        "Tiltak": m.title, "Status": m.status, "Hvordan": m.how,
        "Ansvar": "; ".join(r.label for r in m.responsibilities.all()),
        "Evalueres (indikator)": m.evaluation_indicator,
        "Evalueres (hyppighet)": m.get_evaluation_frequency_display()
        if m.evaluation_frequency else "",
        "Evalueringsdato": m.evaluation_date,
    }


@transaction.atomic
def measure_move(*, measure_id: int, expected_version: int, goal_id: int, actor) -> Measure:
    """Move a measure to another goal of the same plan.

    The measure keeps its row, code, reports and lineage (``continues`` and the measures
    that continue it): only its goal changes. The move is kept in the measure's history
    (who, when, old and new goal) and audited (``actionplan.measure.move``).

    Raises ``AccessDenied`` for anyone but the plan owner, ``InvalidInput`` (field
    ``goal``) for a goal of another plan, an unknown goal or the goal it already has,
    ``Conflict`` when the measure has changed since ``expected_version`` was read, and
    ``NotFound`` when it no longer exists.
    """
    _owner(actor)
    old = Measure.objects.select_related("plan", "goal").filter(pk=measure_id).first()
    if old is None:
        raise NotFound("Tiltaket finnes ikke lenger.")
    goal = Goal.objects.select_related("plan").filter(pk=goal_id).first()
    if goal is None:
        raise InvalidInput([Problem("Målet finnes ikke (lenger).", field="goal")])
    if goal.plan_id != old.plan_id:
        raise InvalidInput([Problem(
            f"Målet {goal.code} hører til planen «{goal.plan.title}». Et tiltak kan bare "
            f"flyttes til et mål i sin egen plan («{old.plan.title}»).", field="goal")])
    if goal.pk == old.goal_id and old.version == expected_version:
        raise InvalidInput([Problem(f"Tiltaket står allerede under mål {goal.code}.",
                                    field="goal")])
    rows = Measure.objects.filter(pk=measure_id, version=expected_version).update(
        goal=goal, version=F("version") + 1, updated_at=timezone.now(),
        updated_by=actor if getattr(actor, "pk", None) else None)
    if rows == 0:
        current = Measure.objects.select_related("updated_by").get(pk=measure_id)
        raise Conflict(conflict_message(current))
    new = Measure.objects.select_related("plan", "goal").get(pk=measure_id)
    old_goal, new_goal = f"{old.goal.code} {old.goal.text}", f"{goal.code} {goal.text}"
    record_changes(plan=new.plan, actor=actor, measure=new, subject=f"Tiltak {new.code}",
                   before={"Mål": old_goal}, after={"Mål": new_goal})
    audit_record(actor=actor, kind=AuditKind.ACTIONPLAN_MEASURE_MOVE, obj=new,
                 detail=f"Tiltak {new.code} i «{new.plan.title}»: fra mål {old.goal.code} "
                         f"til mål {goal.code}",
                 # Goal ids, not texts: a plan's goals are not personal data, and the
                 # history (PlanChange) keeps the texts as they were.
                 changes=[{"field": "goal", "old": old.goal_id, "new": goal.pk}])
    return new
