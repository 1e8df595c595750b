"""Pure calculations of the evaluation (no database): a family's change per outcome domain
between two mappings, and small-cell suppression of a table of shares.

A domain's verdict for one family compares every item of the domain that both mappings
answered (household items once, person items for each person answered in both): each item
that got better counts +1, each that got worse −1. The sum decides: above 0 improved, below 0
worse, 0 unchanged. With no item to compare the family has no verdict in that domain (it
counts as missing, never as unchanged).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from levekar.core.lib.suppression import DEFAULT_RULE, SuppressionRule
from levekar.followup import instruments

IMPROVED, UNCHANGED, WORSE = 1, 0, -1
VERDICTS = (IMPROVED, UNCHANGED, WORSE)


@dataclass(frozen=True)
class Domain:
    id: str
    label: dict
    items: tuple[str, ...]
    derived: tuple[str, ...]


def _item_index(inst: instruments.Instrument) -> dict:
    return {i.id: (s, i) for s in inst.sections for i in s.items}


def domain_verdicts(domains: Sequence[Domain], start_inst: instruments.Instrument,
                    start: dict, later_inst: instruments.Instrument, later: dict
                    ) -> dict[str, int | None]:
    """{domain id: IMPROVED | UNCHANGED | WORSE | None} for one family's two mappings.

    Items are matched by id, so a mapping made with a newer instrument version still
    compares with the start; the later instrument's item gives the direction.
    """
    s_items, l_items = _item_index(start_inst), _item_index(later_inst)
    s_der = instruments.derived_values(start_inst, start)
    l_der = instruments.derived_values(later_inst, later)
    l_derived = {d.id: d for d in later_inst.derived}
    s_persons, l_persons = start.get("persons", {}), later.get("persons", {})
    out: dict[str, int | None] = {}
    for domain in domains:
        net, compared = 0, 0

        def add(verdict):
            nonlocal net, compared
            if verdict == instruments.BETTER:
                net, compared = net + 1, compared + 1
            elif verdict == instruments.WORSE:
                net, compared = net - 1, compared + 1
            elif verdict == instruments.SAME:
                compared += 1

        for item_id in domain.items:
            if item_id not in l_items or item_id not in s_items:
                continue
            section, item = l_items[item_id]
            s_item = s_items[item_id][1]
            if section.scope == "household":
                sv = start.get("household", {}).get(item_id)
                lv = later.get("household", {}).get(item_id)
                if item.type == "multichoice" and (item_id not in start.get("household", {})
                                                   or item_id not in later.get("household", {})):
                    # An unanswered tick-list in either mapping is not "none ticked" here.
                    continue
                add(instruments.change_direction(
                    item.direction, instruments.comparable(s_item, sv),
                    instruments.comparable(item, lv)))
                continue
            for pid, l_values in l_persons.items():
                s_values = s_persons.get(pid)
                if not s_values or item_id not in s_values or item_id not in l_values:
                    continue
                add(instruments.change_direction(
                    item.direction, instruments.comparable(s_item, s_values[item_id]),
                    instruments.comparable(item, l_values[item_id])))
        for der_id in domain.derived:
            d = l_derived.get(der_id)
            sv, lv = s_der.get(der_id), l_der.get(der_id)
            if d is None or sv is None or lv is None:
                continue
            add(instruments.change_direction(d.direction, float(sv), float(lv)))
        out[domain.id] = None if not compared else (
            IMPROVED if net > 0 else WORSE if net < 0 else UNCHANGED)
    return out


# --- suppression of a table -------------------------------------------------------------------

@dataclass
class Cell:
    count: int
    total: int
    hidden: bool = False

    @property
    def percent(self) -> float | None:
        if self.hidden or self.total <= 0:
            return None
        return round(100 * self.count / self.total, 1)

    @property
    def text(self) -> str:
        p = self.percent
        return ":" if p is None else f"{p:.1f}".replace(".", ",")


@dataclass
class Row:
    key: object
    total: int
    cells: list[Cell]
    total_hidden: bool = False   # the row's own count is small enough to identify someone

    @property
    def hidden(self) -> bool:
        return all(c.hidden for c in self.cells)

    @property
    def total_text(self) -> str:
        return ":" if self.total_hidden else str(self.total)


def suppress_rows(rows: Sequence[tuple[object, Sequence[int]]],
                  rule: SuppressionRule = DEFAULT_RULE, *, secondary: bool = True) -> list[Row]:
    """Shares of a partition (e.g. improved / unchanged / worse, which add up to the row's
    total) for each row of a table, with every cell suppressed that could reveal a family.

    Primary, per cell: the statistics' rule (``rule.hides(count, total)``): few in the cell,
    few outside it, or too few in the row. The row's own count is hidden when 1–3.
    Secondary, within a row: when exactly one cell is hidden, the two others would give it
    away (total − the rest), so the smallest other cell is hidden too.
    Secondary, across rows (the rows of one breakdown add up to a total shown elsewhere):
    when exactly one row is wholly hidden, the shown row with the smallest total (ties: the
    first) is hidden as well, so the hidden one cannot be worked out by subtraction.
    """
    out: list[Row] = []
    for key, counts in rows:
        total = sum(counts)
        cells = [Cell(c, total, hidden=total <= 0 or rule.hides(c, total)) for c in counts]
        if secondary:
            hidden = [c for c in cells if c.hidden]
            if len(hidden) == 1:
                shown = [c for c in cells if not c.hidden]
                if shown:
                    min(shown, key=lambda c: c.count).hidden = True
        out.append(Row(key, total, cells, total_hidden=rule.hides_count(total)))
    if secondary and len(out) > 1:
        wholly = [r for r in out if r.hidden and r.total > 0]
        if len(wholly) == 1:
            candidates = [r for r in out if not r.hidden and r.total > 0]
            if candidates:
                victim = min(candidates, key=lambda r: r.total)
                for c in victim.cells:
                    c.hidden = True
    return out


def suppress_column(cells: Sequence[tuple[int, int]], rule: SuppressionRule = DEFAULT_RULE,
                    *, part_of_whole: bool = True, secondary: bool = True) -> list[bool]:
    """Which cells of one column of a zone table to hide: ``cells`` are (numerator,
    denominator) per zone, and the zones add up to a total shown beside them.

    Primary: with ``part_of_whole`` (the numerator counts some of the denominator's people,
    e.g. cards used of children eligible) the statistics' rule ``rule.hides``; otherwise
    (loans per 1,000 children: the numerator is not a subset) a count of 1–3 or a
    denominator under the minimum. A zone with no denominator has nothing to show.
    Secondary: when exactly one zone with people in it is hidden, the total would give it
    away, so the shown zone with the smallest numerator (ties: the first) is hidden too.
    """
    def primary(num: int, den: int) -> bool:
        if den <= 0:
            return True
        if part_of_whole:
            return rule.hides(num, den)
        return rule.hides_count(num) or den < rule.min_denominator

    hidden = [primary(n, d) for n, d in cells]
    if secondary:
        revealing = [i for i, (_n, d) in enumerate(cells) if hidden[i] and d > 0]
        if len(revealing) == 1:
            shown = [i for i in range(len(cells)) if not hidden[i]]
            if shown:
                hidden[min(shown, key=lambda i: cells[i][0])] = True
    return hidden


# --- group programmes: a participant's questionnaire before and after --------------------------

def questionnaire_verdict(items: Sequence[tuple[str, str]], before: dict, after: dict
                          ) -> int | None:
    """IMPROVED / UNCHANGED / WORSE for one participant, or None with nothing to compare.

    ``items`` are (item id, "up" | "down"). Only items answered both before and after count
    (a questionnaire answered only before is missing, never change): each item that got
    better counts +1, each that got worse −1, and the sum decides, as for the mappings.
    """
    net, compared = 0, 0
    for item_id, direction in items:
        b, a = before.get(item_id), after.get(item_id)
        if b is None or a is None:
            continue
        compared += 1
        step = (a > b) - (a < b)
        net += step if direction == "up" else -step
    if not compared:
        return None
    return IMPROVED if net > 0 else WORSE if net < 0 else UNCHANGED


def questionnaire_score(items: Sequence[tuple[str, str]], answers: dict, low: int, high: int
                        ) -> float | None:
    """The mean answer with every item turned so that higher is better (a "down" item's
    answer v counts as low + high − v); None when no item is answered."""
    values = [answers[i] if d == "up" else low + high - answers[i]
              for i, d in items if answers.get(i) is not None]
    return sum(values) / len(values) if values else None
