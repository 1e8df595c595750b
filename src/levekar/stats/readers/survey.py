"""Published survey aggregates (Ungdata and the like) from CSV.

Columns (header row, UTF-8, comma or semicolon; decimal point or comma)::

    source,year,area,school,indicator,group,value,respondents

``area`` is a municipality number or a zone code; ``school`` is optional (the area the
school lies in goes in ``area``); ``value`` is the percent answering yes (empty when the
publisher hid it); ``respondents`` the number who answered in the group. A group is
suppressed by the same rule as the register figures, counting
``round(value × respondents / 100)`` persons.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from levekar.core.lib import limits, tabular_read
from levekar.core.lib.suppression import DEFAULT_RULE, SuppressionRule
from levekar.stats.models import SurveyGroup, SurveyIndicator
from levekar.stats.readers import Problems

COLUMNS = ["source", "year", "area", "school", "indicator", "group", "value", "respondents"]
YEAR_RE = re.compile(r"^(19|20)\d{2}$")


@dataclass(frozen=True)
class SurveyRow:
    source: str
    year: int
    area: str
    school: str
    indicator: str
    group: str
    value: Decimal | None
    respondents: int
    suppressed: bool
    line: int

    @property
    def key(self) -> tuple:
        return (self.source, self.year, self.area, self.school, self.indicator, self.group)


def read_survey(data: bytes, *, file_name: str,
                rule: SuppressionRule = DEFAULT_RULE) -> list[SurveyRow]:
    problems = Problems(file_name)
    try:
        limits.check_size(len(data), limits.MAX_CSV_BYTES)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
        problems.raise_if_any()
    # The shared reader's rules: UTF-8 or Windows-1252 (Excel), binary files refused.
    text = tabular_read.decode_text(data)
    if text is None:
        problems.add(tabular_read.BINARY_MESSAGE)
        problems.raise_if_any()
    try:
        header, records = limits.csv_records(text,
                                             delimiter=tabular_read.sniff_delimiter(text))
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
        problems.raise_if_any()
    found = [c.lower() for c in header]
    if not found:
        problems.add(f"Filen er tom; første linje skal være {','.join(COLUMNS)}.", line=1)
        problems.raise_if_any()
    for column in COLUMNS:
        if column not in found:
            problems.add(f"Kolonnen mangler. Forventet kolonner: {', '.join(COLUMNS)}.",
                         line=1, field=column)
    problems.raise_if_any()
    rows: list[SurveyRow] = []
    seen: dict[tuple, int] = {}
    try:
        for line, record in records:
            if problems.full:
                problems.stopped = True
                break
            raw = {(k.lower() if k is not None else None): v for k, v in record.items()}
            row = _row(raw, line, problems, rule)
            if row is None:
                continue
            if row.key in seen:
                problems.add(f"Samme kilde, år, område, skole, indikator og gruppe som linje "
                             f"{seen[row.key]}.", line=line)
                continue
            seen[row.key] = line
            rows.append(row)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
    if not rows and not problems:
        problems.add("Filen har ingen rader.", line=2)
    problems.raise_if_any()
    return rows


def _row(raw: dict, line: int, problems: Problems, rule: SuppressionRule) -> SurveyRow | None:
    before = len(problems.items) + problems.extra
    if None in raw:
        problems.add("Raden har flere felt enn overskriften.", line=line)
        return None
    v = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    if not v["source"] or len(v["source"]) > 200:
        problems.add("Kilden mangler (eller er lengre enn 200 tegn).", line=line, field="source")
    if not YEAR_RE.match(v["year"]):
        problems.add(f"«{v['year']}» er ikke et årstall.", line=line, field="year")
    if not v["area"] or len(v["area"]) > 40:
        problems.add("Området mangler: oppgi kommunenummer eller sonekode.", line=line,
                     field="area")
    if len(v["school"]) > 120:
        problems.add("Skolenavnet er lengre enn 120 tegn.", line=line, field="school")
    if v["indicator"] not in SurveyIndicator.values:
        problems.add(f"«{v['indicator']}» er ikke en kjent indikator "
                     f"({', '.join(SurveyIndicator.values)}).", line=line, field="indicator")
    if v["group"] not in SurveyGroup.values:
        problems.add(f"«{v['group']}» er ikke en kjent gruppe ({', '.join(SurveyGroup.values)}).",
                     line=line, field="group")
    respondents = None
    try:
        respondents = int(v["respondents"])
        if respondents < 1:
            raise ValueError
    except ValueError:
        problems.add(f"«{v['respondents']}» er ikke et positivt heltall.", line=line,
                     field="respondents")
    value = None
    if v["value"]:
        try:
            value = Decimal(v["value"].replace(",", "."))
            if not value.is_finite() or not (0 <= value <= 100):
                raise InvalidOperation
        except InvalidOperation:
            problems.add(f"«{v['value']}» er ikke en prosent mellom 0 og 100.", line=line,
                         field="value")
            value = None
    if len(problems.items) + problems.extra > before:
        return None
    if value is None:
        suppressed = True  # hidden by the publisher
    else:
        count = int((value * respondents / 100).to_integral_value(ROUND_HALF_UP))
        suppressed = rule.hides(count, respondents)
    return SurveyRow(source=v["source"], year=int(v["year"]), area=v["area"],
                     school=v["school"], indicator=v["indicator"], group=v["group"],
                     value=None if suppressed else value.quantize(Decimal("0.1")),
                     respondents=respondents, suppressed=suppressed, line=line)
