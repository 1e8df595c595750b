"""SSB's municipality classification (KLASS 131) as shipped in ``data/stats/``.

``klass131_kommuner.csv`` lists every municipality number valid from 2020 (the reform)
with its name and the years it was valid; ``klass131_endringer.csv`` lists the 2024
changes (Viken, Vestfold og Telemark and Troms og Finnmark split and renumbered; Ålesund
split into Ålesund and Haram). A number whose only successor is one new number is a
*renumbering*: its figures belong to the same municipality and are filed under the new
number, so the time series stays one. A split (one old number, several new) or a merger
(several old, one new) is a different area, and keeps its own number.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[4] / "data" / "stats"
MUNICIPALITIES_FILE = "klass131_kommuner.csv"
CHANGES_FILE = "klass131_endringer.csv"


@dataclass(frozen=True)
class Klass:
    names: dict[str, str]  # every number → its (latest) name
    current: dict[str, str]  # numbers valid today → name
    renumbered: dict[str, str]  # old number → the one new number it became

    def successor(self, code: str) -> str:
        """The number a municipality has today (``code`` itself when it was not renumbered)."""
        seen = set()
        while code in self.renumbered and code not in seen:
            seen.add(code)
            code = self.renumbered[code]
        return code

    def name(self, code: str) -> str:
        return self.names.get(code, "")


def read_klass(data_dir: Path = DATA_DIR) -> Klass:
    names: dict[str, str] = {}
    current: dict[str, str] = {}
    with open(data_dir / MUNICIPALITIES_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names[row["code"]] = row["name"]
            if not row["valid_to"]:
                current[row["code"]] = row["name"]
    successors: dict[str, set[str]] = {}
    predecessors: dict[str, set[str]] = {}
    with open(data_dir / CHANGES_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            successors.setdefault(row["old_code"], set()).add(row["new_code"])
            predecessors.setdefault(row["new_code"], set()).add(row["old_code"])
    renumbered = {old: next(iter(new)) for old, new in successors.items()
                  if len(new) == 1 and len(predecessors[next(iter(new))]) == 1}
    return Klass(names=names, current=current, renumbered=renumbered)


@lru_cache(maxsize=1)
def klass() -> Klass:
    """The shipped classification (read once per process)."""
    return read_klass()
