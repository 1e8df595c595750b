"""The engine's output folders: ``indicators.csv`` and ``thresholds.csv`` (spec/statistics.md).

``read_results(paths)`` accepts result folders, or folders holding result folders (one
per computed period), checks every row and merges them. The annual rows of overlapping
periods appear in several folders; they must agree exactly.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits, tabular_read
from levekar.core.lib.suppression import DEFAULT_RULE, SuppressionRule
from levekar.stats.models import (
    COUNTRY_AREA,
    PERSISTENT_INDICATORS,
    Group,
    Indicator,
    Level,
    ThresholdScope,
)
from levekar.stats.readers import Problems

INDICATORS_FILE = "indicators.csv"
THRESHOLDS_FILE = "thresholds.csv"
INDICATOR_COLUMNS = ["period", "level", "area", "indicator", "group", "threshold_scope",
                     "numerator", "denominator", "percent", "suppressed"]
THRESHOLD_COLUMNS = ["year", "scope", "area", "persons", "median", "threshold_60",
                     "threshold_50"]

YEAR_RE = re.compile(r"^\d{4}$")
PERIOD_RE = re.compile(r"^(\d{4})-(\d{4})$")
MUNICIPALITY_RE = re.compile(r"^\d{4}$")
TRUE = {"true", "1"}
FALSE = {"false", "0"}
# Plain strings: the rows of a national result are checked one by one, and enum look-ups
# cost more than the checks themselves.
COUNTRY, MUNICIPALITY, ZONE = Level.COUNTRY.value, Level.MUNICIPALITY.value, Level.ZONE.value
LEVELS = frozenset({COUNTRY, MUNICIPALITY, ZONE})
INDICATORS = tuple(Indicator.values)
PERSISTENT = frozenset(str(i) for i in PERSISTENT_INDICATORS)
CROWDING = Indicator.CROWDING.value
GROUPS = frozenset(Group.values)
NATIONAL, MUNICIPAL = ThresholdScope.NATIONAL.value, ThresholdScope.MUNICIPAL.value
INCOME_SCOPES = frozenset({NATIONAL, MUNICIPAL})


@dataclass(frozen=True)
class IndicatorRow:
    period: str
    level: str
    area: str
    indicator: str
    group: str
    threshold_scope: str
    numerator: int | None
    denominator: int
    percent: Decimal | None
    suppressed: bool
    file: str
    line: int

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        return (self.period, self.level, self.area, self.indicator, self.group,
                self.threshold_scope)

    @property
    def figures(self) -> tuple:
        return (self.numerator, self.denominator, self.percent, self.suppressed)


@dataclass(frozen=True)
class ThresholdRow:
    year: int
    scope: str
    area: str
    persons: int
    median: float
    threshold_60: float
    threshold_50: float
    file: str
    line: int

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.year, self.scope, self.area)

    @property
    def figures(self) -> tuple:
        return (self.persons, self.median, self.threshold_60, self.threshold_50)


@dataclass
class Results:
    indicators: list[IndicatorRow]
    thresholds: list[ThresholdRow]
    folders: list[Path]


def period_years(period: str) -> tuple[int, int]:
    """``"2024"`` → (2024, 2024); ``"2022-2024"`` → (2022, 2024)."""
    m = PERIOD_RE.match(period)
    if m:
        return int(m.group(1)), int(m.group(2))
    return int(period), int(period)


def _header(found: list[str], required: list[str], problems: Problems) -> bool:
    missing = [c for c in required if c not in found]
    if not found:
        problems.add("Filen er tom; første linje skal være overskriftene "
                     f"{','.join(required)}.", line=1)
        return False
    for column in missing:
        close = [c for c in found if c.lower().replace(" ", "_") == column]
        hint = f" (fant «{close[0]}»)" if close else ""
        problems.add(f"Kolonnen mangler{hint}. Forventet kolonner: {', '.join(required)}.",
                     line=1, field=column)
    return not missing


def _int(value: str, problems: Problems, line: int, field: str, *, minimum: int = 0) -> int | None:
    try:
        number = int(value)
    except ValueError:
        problems.add(f"«{value}» er ikke et heltall.", line=line, field=field)
        return None
    if number < minimum:
        problems.add(f"{number} er mindre enn {minimum}.", line=line, field=field)
        return None
    return number


def _float(value: str, problems: Problems, line: int, field: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        problems.add(f"«{value}» er ikke et tall.", line=line, field=field)
        return None
    if number != number or number in (float("inf"), float("-inf")):
        problems.add(f"«{value}» er ikke et tall.", line=line, field=field)
        return None
    return number


def _open_csv(path: Path, problems: Problems):
    """The file's header and rows (``limits.csv_records``), or None with the problem
    noted: missing, unreadable, too big, binary."""
    try:
        limits.check_size(path.stat().st_size, limits.MAX_CSV_BYTES)
        text = tabular_read.decode_text(path.read_bytes())
        if text is None:
            problems.add(tabular_read.BINARY_MESSAGE)
            return None
        return limits.csv_records(text, delimiter=",")
    except FileNotFoundError:
        problems.add("Filen finnes ikke.")
    except OSError as exc:
        problems.add(f"Filen kan ikke leses: {exc.strerror}.")
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
    return None


def read_indicators(path: Path, *, rule: SuppressionRule = DEFAULT_RULE) -> list[IndicatorRow]:
    """Check and read one ``indicators.csv``; refuse it as a whole on any problem."""
    name = str(path)
    problems = Problems(name)
    table = _open_csv(path, problems)
    problems.raise_if_any()
    header, records = table
    rows: list[IndicatorRow] = []
    seen: dict[tuple, int] = {}
    ok = _header(header, INDICATOR_COLUMNS, problems)
    problems.raise_if_any()
    try:
        for line, raw in records:
            if problems.full:
                problems.stopped = True
                break
            row = _indicator_row(raw, name, line, problems, rule)
            if row is None:
                continue
            if row.key in seen:
                problems.add(f"Samme rad som linje {seen[row.key]} (periode, nivå, område, "
                             "indikator, gruppe og terskel er like).", line=line)
                continue
            seen[row.key] = line
            rows.append(row)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
    if ok and not rows and not problems:
        problems.add("Filen har ingen rader.", line=2)
    problems.raise_if_any()
    return rows


def _indicator_row(raw: dict, name: str, line: int, problems: Problems,
                   rule: SuppressionRule) -> IndicatorRow | None:
    before = len(problems.items) + problems.extra
    if None in raw:
        problems.add("Raden har flere felt enn overskriften.", line=line)
        return None
    v = {k: (raw.get(k) or "").strip() for k in INDICATOR_COLUMNS}

    period = v["period"]
    persistent_period = PERIOD_RE.match(period)
    if persistent_period:
        first, last = int(persistent_period.group(1)), int(persistent_period.group(2))
        if last - first != 2:
            problems.add(f"«{period}» er ikke en treårsperiode (f.eks. 2022-2024).",
                         line=line, field="period")
    elif not YEAR_RE.match(period):
        problems.add(f"«{period}» er verken et år (2024) eller en periode (2022-2024).",
                     line=line, field="period")

    level = v["level"]
    if level not in LEVELS:
        problems.add(f"«{level}» er ikke et nivå; bruk country, municipality eller zone.",
                     line=line, field="level")
    area = v["area"]
    if level == COUNTRY and area != COUNTRY_AREA:
        problems.add(f"Landet har områdekode 0, ikke «{area}».", line=line, field="area")
    elif level == MUNICIPALITY and not MUNICIPALITY_RE.match(area):
        problems.add(f"«{area}» er ikke et kommunenummer med fire sifre.", line=line,
                     field="area")
    elif level == ZONE and not (0 < len(area) <= 40):
        problems.add("Sonekoden mangler eller er lengre enn 40 tegn.", line=line, field="area")

    indicator = v["indicator"]
    if indicator not in INDICATORS:
        problems.add(f"«{indicator}» er ikke en kjent indikator ({', '.join(INDICATORS)}).",
                     line=line, field="indicator")
    elif (indicator in PERSISTENT) != bool(persistent_period) and (
            persistent_period or YEAR_RE.match(period)):
        wanted = "en treårsperiode" if indicator in PERSISTENT else "ett år"
        problems.add(f"Indikatoren {indicator} gjelder {wanted}, ikke «{period}».",
                     line=line, field="period")
    group = v["group"]
    if group not in GROUPS:
        problems.add(f"«{group}» er ikke en gruppe; bruk all eller children.", line=line,
                     field="group")
    scope = v["threshold_scope"]
    if indicator == CROWDING and scope:
        problems.add("Trangboddhet har ingen inntektsgrense; feltet skal være tomt.",
                     line=line, field="threshold_scope")
    elif indicator in INDICATORS and indicator != CROWDING \
            and scope not in INCOME_SCOPES:
        problems.add(f"«{scope}» er ikke en terskel; bruk national eller municipal.",
                     line=line, field="threshold_scope")

    denominator = _int(v["denominator"], problems, line, "denominator", minimum=1)
    flag = v["suppressed"].lower()
    suppressed = flag in TRUE
    if flag not in TRUE | FALSE:
        problems.add(f"«{v['suppressed']}» er verken true eller false.", line=line,
                     field="suppressed")
    numerator: int | None = None
    percent: Decimal | None = None
    if suppressed:
        for column in ("numerator", "percent"):
            if v[column]:
                problems.add("Skal være tom når raden er prikket (suppressed=true).",
                             line=line, field=column)
    elif flag in FALSE:
        numerator = _int(v["numerator"], problems, line, "numerator")
        try:
            percent = Decimal(v["percent"])
            if not percent.is_finite() or not (0 <= percent <= 100):
                raise InvalidOperation
        except InvalidOperation:
            problems.add(f"«{v['percent']}» er ikke en prosent mellom 0 og 100.", line=line,
                         field="percent")
            percent = None
        if numerator is not None and denominator is not None:
            if numerator > denominator:
                problems.add(f"Telleren ({numerator}) er større enn nevneren ({denominator}).",
                             line=line, field="numerator")
            elif rule.hides(numerator, denominator):
                problems.add(
                    f"Raden er ikke prikket, men {numerator} av {denominator} er så få at "
                    "prikkeregelen krever det (teller eller rest 3 eller mindre, eller nevner "
                    "under 10). Beregn på nytt med standard prikkegrenser.",
                    line=line, field="suppressed")
            elif percent is not None:
                exact = Decimal(100 * numerator) / Decimal(denominator)
                if abs(exact - percent) > Decimal("0.1"):
                    problems.add(f"Prosenten {percent} stemmer ikke med {numerator} av "
                                 f"{denominator} ({exact:.1f}).", line=line, field="percent")
        if percent is not None:
            percent = percent.quantize(Decimal("0.1"))
    if len(problems.items) + problems.extra > before:
        return None
    return IndicatorRow(period=period, level=level, area=area, indicator=indicator,
                        group=group, threshold_scope=scope, numerator=numerator,
                        denominator=denominator, percent=percent, suppressed=suppressed,
                        file=name, line=line)


def read_thresholds(path: Path) -> list[ThresholdRow]:
    """Check and read one ``thresholds.csv``."""
    name = str(path)
    problems = Problems(name)
    table = _open_csv(path, problems)
    problems.raise_if_any()
    header, records = table
    rows: list[ThresholdRow] = []
    seen: dict[tuple, int] = {}
    _header(header, THRESHOLD_COLUMNS, problems)
    problems.raise_if_any()
    try:
        for line, raw in records:
            if problems.full:
                problems.stopped = True
                break
            before = len(problems.items) + problems.extra
            v = {k: (raw.get(k) or "").strip() for k in THRESHOLD_COLUMNS}
            year = v["year"]
            if not YEAR_RE.match(year):
                problems.add(f"«{year}» er ikke et år.", line=line, field="year")
            scope = v["scope"]
            if scope not in INCOME_SCOPES:
                problems.add(f"«{scope}» er ikke national eller municipal.", line=line,
                             field="scope")
            area = v["area"]
            if scope == NATIONAL and area != COUNTRY_AREA:
                problems.add(f"Nasjonal terskel skal ha område 0, ikke «{area}».",
                             line=line, field="area")
            elif scope == MUNICIPAL and not MUNICIPALITY_RE.match(area):
                problems.add(f"«{area}» er ikke et kommunenummer.", line=line, field="area")
            persons = _int(v["persons"], problems, line, "persons")
            numbers = [_float(v[c], problems, line, c)
                       for c in ("median", "threshold_60", "threshold_50")]
            if len(problems.items) + problems.extra > before:
                continue
            row = ThresholdRow(int(year), scope, area, persons, *numbers, file=name,
                               line=line)
            if row.key in seen:
                problems.add(f"Samme år, terskel og område som linje {seen[row.key]}.",
                             line=line)
                continue
            seen[row.key] = line
            rows.append(row)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
    problems.raise_if_any()
    return rows


def result_folders(paths: list[Path]) -> list[Path]:
    """The result folders named by ``paths``: each path, or its sub-folders, in name order."""
    problems = Problems("")
    folders: list[Path] = []
    for path in paths:
        if not path.is_dir():
            problems.add("Mappen finnes ikke.", file=str(path))
        elif (path / INDICATORS_FILE).is_file():
            folders.append(path)
        else:
            subs = sorted(p for p in path.iterdir() if (p / INDICATORS_FILE).is_file())
            if not subs:
                problems.add(f"Mappen har verken {INDICATORS_FILE} eller undermapper med "
                             f"{INDICATORS_FILE} (resultatet av «levekar stats compute»).",
                             file=str(path))
            folders.extend(subs)
    problems.raise_if_any()
    return folders


def read_results(paths: list[Path], *, rule: SuppressionRule = DEFAULT_RULE) -> Results:
    """Read and merge every result folder of ``paths``; refuse all of them on any problem."""
    folders = result_folders(paths)
    indicators: dict[tuple, IndicatorRow] = {}
    thresholds: dict[tuple, ThresholdRow] = {}
    conflicts = Problems("")
    errors: list[Problem] = []
    for folder in folders:
        try:
            rows = read_indicators(folder / INDICATORS_FILE, rule=rule)
        except InvalidInput as exc:
            errors.extend(exc.problems)
            rows = []
        try:
            trows = read_thresholds(folder / THRESHOLDS_FILE)
        except InvalidInput as exc:
            errors.extend(exc.problems)
            trows = []
        for store, items in ((indicators, rows), (thresholds, trows)):
            for row in items:
                other = store.get(row.key)
                if other is None:
                    store[row.key] = row
                elif other.figures != row.figures:
                    conflicts.add(f"Tallene er ulike i {other.file}, linje {other.line}; "
                                  "overlappende beregninger må gi de samme årstallene.",
                                  file=row.file, line=row.line)
    errors.extend(conflicts.items)
    if errors:
        raise InvalidInput(errors[:60])
    return Results(indicators=list(indicators.values()), thresholds=list(thresholds.values()),
                   folders=folders)
