"""Answers to a mapping instrument: validation, derived indicators, display and comparison
(pure; no database)."""

from django.utils.translation import get_language

from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib.crowding import is_crowded
from levekar.followup.instruments.model import Instrument, Item, tr

# --- answers ------------------------------------------------------------------------------

def _check_value(item: Item, value, scales: dict, where: str) -> tuple[object, list[Problem]]:
    """One answer, cleaned; None means not answered."""
    bad = [Problem("ugyldig svar", field=where)]
    if value is None or value == "" or value == []:
        return None, []
    t = item.type
    if t in ("integer", "ladder"):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, bad
        if (item.min is not None and value < item.min) or (item.max is not None
                                                             and value > item.max):
            return None, [Problem(f"må være mellom {item.min} og {item.max}", field=where)]
        return value, []
    if t == "boolean":
        return (value, []) if isinstance(value, bool) else (None, bad)
    if t == "choice":
        return (value, []) if item.option(value) else (None, bad)
    if t == "multichoice":
        if not isinstance(value, list) or any(item.option(v) is None for v in value):
            return None, bad
        order = [o.value for o in item.options]
        return sorted(set(value), key=order.index), []
    if t == "text":
        if not isinstance(value, str):
            return None, bad
        if len(value) > item.max_length:
            return None, [Problem(f"høyst {item.max_length} tegn", field=where)]
        return value.strip() or None, []
    if t == "scale":
        scale = scales[item.scale]
        if (not isinstance(value, list) or len(value) != len(scale.items)
                or any(v is not None and (isinstance(v, bool) or not isinstance(v, int)
                                          or not scale.min <= v <= scale.max) for v in value)):
            return None, bad
        return (None if all(v is None for v in value) else value), []
    return None, bad


def validate_answers(instrument: Instrument, answers: dict,
                     person_scopes: dict[int, str]) -> dict:
    """The answers document cleaned against the instrument, or InvalidInput.

    ``person_scopes`` maps each person pk of the case to "adult" or "child": a person gets
    the person sections of their scope only. Unanswered items are left out.
    """
    problems: list[Problem] = []
    if not isinstance(answers, dict):
        raise InvalidInput([Problem("svarene må være et JSON-objekt")])
    clean: dict = {"household": {}, "persons": {}}
    household = answers.get("household") or {}
    for section in instrument.sections:
        if section.scope == "household":
            for item in section.items:
                value, p = _check_value(item, household.get(item.id), instrument.scales,
                                        f"{section.id}.{item.id}")
                problems += p
                if value is not None:
                    clean["household"][item.id] = value
    known_household = {i.id for s in instrument.sections if s.scope == "household"
                       for i in s.items}
    problems += [Problem("ukjent spørsmål", field=k) for k in household if k not in known_household]
    for key, values in (answers.get("persons") or {}).items():
        try:
            pid = int(key)
        except (TypeError, ValueError):
            problems.append(Problem("ukjent person", field=f"persons.{key}"))
            continue
        if pid not in person_scopes:
            problems.append(Problem("personen er ikke med i familieløpet", field=f"persons.{key}"))
            continue
        scope = person_scopes[pid]
        allowed = {i.id: (s, i) for s in instrument.sections if s.scope == scope for i in s.items}
        out = {}
        for item_id, raw in (values or {}).items():
            if item_id not in allowed:
                problems.append(Problem("spørsmålet gjelder ikke denne personen",
                                        field=f"persons.{pid}.{item_id}"))
                continue
            section, item = allowed[item_id]
            value, p = _check_value(item, raw, instrument.scales,
                                    f"persons.{pid}.{section.id}.{item_id}")
            problems += p
            if value is not None:
                out[item_id] = value
        if out:
            clean["persons"][str(pid)] = out
    if problems:
        raise InvalidInput(problems)
    return clean


def scale_total(values) -> int | None:
    """Sum of a scale's item scores; None unless every item is answered."""
    if not isinstance(values, list) or any(v is None for v in values):
        return None
    return sum(values)


def derived_values(instrument: Instrument, answers: dict) -> dict[str, object]:
    """The instrument's derived household indicators (crowding …) for one answers document."""
    h = answers.get("household", {})
    out: dict[str, object] = {}
    for d in instrument.derived:
        if d.function == "crowding":
            persons = h.get(d.inputs.get("persons", ""))
            out[d.id] = (None if not persons else
                         is_crowded(persons=persons, rooms=h.get(d.inputs.get("rooms", "")),
                                    area_m2=h.get(d.inputs.get("area_m2", ""))))
        elif d.function == "contains":
            values = h.get(d.inputs.get("values", ""))
            out[d.id] = None if values is None else d.value in values
    return out


def _fmt_int(n) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def display_value(instrument: Instrument, item: Item, value) -> str:
    """An answer as the page shows it (in the current language)."""
    if value is None:
        return "–"
    yes, no = ("Ja", "Nei") if (get_language() or "nb")[:2] != "en" else ("Yes", "No")
    if item.type == "boolean":
        return yes if value else no
    if item.type == "choice":
        opt = item.option(value)
        return tr(opt.label) if opt else str(value)
    if item.type == "multichoice":
        return ", ".join(tr(o.label) for o in item.options if o.value in value) or "–"
    if item.type == "ladder":
        return f"{value} / 10"
    if item.type == "scale":
        total = scale_total(value)
        lo, hi = instrument.scales[item.scale].total_range
        return f"{total} ({lo}–{hi})" if total is not None else "–"
    if item.type == "integer":
        return f"{_fmt_int(value)} {item.unit}".strip()
    return str(value)


def comparable(item: Item, value) -> float | None:
    """A number to compare start and latest by, or None when the item is not compared.
    An empty tick-list counts as none ticked (the form cannot tell it from unanswered)."""
    if not item.direction:
        return None
    if item.type == "multichoice" and item.compare == "count":
        return float(len(value or []))
    if value is None:
        return None
    if item.type in ("integer", "ladder"):
        return float(value)
    if item.type == "boolean":
        return 1.0 if value else 0.0
    if item.type == "choice":
        opt = item.option(value)
        return None if opt is None or opt.rank is None else float(opt.rank)
    if item.type == "scale":
        total = scale_total(value)
        return None if total is None else float(total)
    return None


BETTER, WORSE, SAME, NO_COMPARISON = "better", "worse", "same", "none"


def change_direction(direction: str, start: float | None, latest: float | None) -> str:
    if start is None or latest is None or not direction:
        return NO_COMPARISON
    if latest == start:
        return SAME
    up = latest > start
    return BETTER if up == (direction == "higher_better") else WORSE
