"""A count table with small-cell suppression that cannot be undone from its totals (pure).

Primary suppression hides every count from 1 to ``rule.min_numerator`` (core's rule).
Secondary suppression: a row or column (with its total) that hides exactly one number
would let a reader subtract it back out, so one more number of that line is hidden —
the smallest other non-zero one — until no line has a single hidden number.
"""

from __future__ import annotations

from dataclasses import dataclass

from levekar.core.lib.suppression import DEFAULT_RULE, SUPPRESSED_MARK, SuppressionRule

Key = tuple


@dataclass(frozen=True)
class Crosstab:
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[str]]        # shown values per row, per column
    row_totals: list[str]
    col_totals: list[str]
    total: str
    raw_total: int                 # for "no data" checks, never shown

    @property
    def rows(self) -> list[tuple[str, list[str], str]]:
        return list(zip(self.row_labels, self.cells, self.row_totals, strict=True))


def suppressed_crosstab(counts: dict[tuple[str, str], int], row_labels: list[str],
                        col_labels: list[str],
                        rule: SuppressionRule = DEFAULT_RULE) -> Crosstab:
    values: dict[Key, int] = {}
    for r in row_labels:
        for c in col_labels:
            values[("cell", r, c)] = counts.get((r, c), 0)
        values[("row", r)] = sum(values[("cell", r, c)] for c in col_labels)
    for c in col_labels:
        values[("col", c)] = sum(values[("cell", r, c)] for r in row_labels)
    values[("all",)] = sum(values[("row", r)] for r in row_labels)

    lines: list[list[Key]] = []
    for r in row_labels:
        lines.append([("cell", r, c) for c in col_labels] + [("row", r)])
    for c in col_labels:
        lines.append([("cell", r, c) for r in row_labels] + [("col", c)])
    lines.append([("row", r) for r in row_labels] + [("all",)])
    lines.append([("col", c) for c in col_labels] + [("all",)])

    hidden = {k for k, v in values.items() if rule.hides_count(v)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(k in hidden for k in line) != 1:
                continue
            candidates = [k for k in line if k not in hidden]
            if not candidates:
                continue
            # Smallest non-zero count first, inner cells before totals; a zero only when
            # nothing else is left.
            pick = min(candidates, key=lambda k: (values[k] == 0, values[k], k[0] != "cell"))
            hidden.add(pick)
            changed = True

    def show(k: Key) -> str:
        return SUPPRESSED_MARK if k in hidden else str(values[k])

    return Crosstab(
        row_labels=list(row_labels), col_labels=list(col_labels),
        cells=[[show(("cell", r, c)) for c in col_labels] for r in row_labels],
        row_totals=[show(("row", r)) for r in row_labels],
        col_totals=[show(("col", c)) for c in col_labels],
        total=show(("all",)), raw_total=values[("all",)],
    )
