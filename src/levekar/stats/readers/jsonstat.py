"""A reader of JSON-stat 2.0 datasets, as SSB's PxWebApi v2 returns them (``json-stat2``).

Handles what the format allows and SSB uses: a category ``index`` as an object
(id → position) or an array of ids (or absent, for a single category), ``value`` as an
array or a sparse object, ``status`` as one string, an array or an object, and the
``role`` of the dimensions. Bad files are refused with the JSON path of each problem.
"""

import itertools
import json
import math
import re
from dataclasses import dataclass, field

from levekar.core.lib import limits
from levekar.stats.readers import Problems

TABLE_ID_IN_LABEL = re.compile(r"^\s*(\d{5})\s*:")


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    unit: str = ""  # the label of the category's unit (metric dimensions), if given


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    categories: tuple[Category, ...]

    def category(self, code: str) -> Category:
        return next(c for c in self.categories if c.code == code)


@dataclass(frozen=True)
class Cell:
    coords: dict[str, str]  # dimension id → category code
    value: float | None
    status: str  # the status mark, "" when none (SSB: ".." missing, ":" suppressed, "." n/a)


@dataclass
class Dataset:
    label: str
    source: str
    updated: str
    table_id: str
    note: str
    dimensions: list[Dimension]
    roles: dict[str, list[str]] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_jsonstat(data: bytes | str, *, file_name: str) -> Dataset:
    """Parse one JSON-stat 2.0 dataset; raise ``InvalidInput`` naming every problem."""
    problems = Problems(file_name)
    try:
        doc = limits.json_loads(data)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
        problems.raise_if_any()
    except UnicodeDecodeError:
        problems.add("Filen er ikke UTF-8-kodet tekst.")
        problems.raise_if_any()
    except json.JSONDecodeError as exc:
        problems.add(f"Ikke gyldig JSON: {exc.msg} (kolonne {exc.colno}).", line=exc.lineno)
        problems.raise_if_any()
    if not isinstance(doc, dict):
        problems.add("Filen skal være et JSON-stat-objekt, ikke en liste eller en verdi.")
        problems.raise_if_any()
    if "class" not in doc and any(isinstance(v, dict) and "dimension" in v for v in doc.values()):
        problems.add("Dette er JSON-stat 1.0. Hent tabellen som JSON-stat 2.0 "
                     "(PxWebApi v2: outputFormat=json-stat2).", field="version")
        problems.raise_if_any()
    if doc.get("class") != "dataset":
        problems.add(f"«class» skal være «dataset», ikke «{doc.get('class')}».", field="class")
    version = str(doc.get("version", ""))
    if not version.startswith("2"):
        problems.add(f"Versjon «{version}» støttes ikke; bare JSON-stat 2.0.", field="version")
    ids, sizes, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not (isinstance(ids, list) and ids and all(isinstance(i, str) for i in ids)):
        problems.add("«id» skal være en liste med dimensjonsnavn.", field="id")
    if not (isinstance(sizes, list) and all(isinstance(s, int) and not isinstance(s, bool)
                                            and s > 0 for s in sizes)):
        problems.add("«size» skal være en liste med positive heltall.", field="size")
    if not isinstance(dims, dict):
        problems.add("«dimension» mangler eller er ikke et objekt.", field="dimension")
    problems.raise_if_any()
    if len(ids) != len(sizes):
        problems.add(f"«id» har {len(ids)} dimensjoner, men «size» har {len(sizes)}.",
                     field="size")
    if len(set(ids)) != len(ids):
        problems.add("«id» nevner samme dimensjon to ganger.", field="id")
    problems.raise_if_any()

    dimensions = [_dimension(dim_id, size, dims.get(dim_id), problems)
                  for dim_id, size in zip(ids, sizes, strict=True)]
    problems.raise_if_any()

    total = math.prod(sizes)
    values = _values(doc.get("value"), total, problems)
    statuses = _statuses(doc.get("status"), total, problems)
    problems.raise_if_any()

    roles = {}
    raw_roles = doc.get("role") or {}
    if isinstance(raw_roles, dict):
        for role, members in raw_roles.items():
            if isinstance(members, list):
                roles[str(role)] = [m for m in members if m in ids]

    cells = []
    codes = [[c.code for c in d.categories] for d in dimensions]
    for position, combo in enumerate(itertools.product(*codes)):
        cells.append(Cell(coords=dict(zip(ids, combo, strict=True)), value=values[position],
                          status=statuses[position]))

    extension = doc.get("extension") if isinstance(doc.get("extension"), dict) else {}
    px = extension.get("px") if isinstance(extension.get("px"), dict) else {}
    label = str(doc.get("label") or "")
    table_id = str(px.get("tableid") or px.get("tableId") or "")
    if not table_id:
        m = TABLE_ID_IN_LABEL.match(label)
        table_id = m.group(1) if m else ""
    note = doc.get("note")
    if isinstance(note, list):
        note = "\n".join(str(n) for n in note)
    return Dataset(label=label, source=str(doc.get("source") or ""),
                   updated=str(doc.get("updated") or ""), table_id=table_id,
                   note=str(note or ""), dimensions=dimensions, roles=roles, cells=cells)


def _dimension(dim_id: str, size: int, raw, problems: Problems) -> Dimension | None:
    where = f"dimension.{dim_id}"
    if not isinstance(raw, dict):
        problems.add("Dimensjonen er nevnt i «id», men mangler i «dimension».", field=where)
        return None
    category = raw.get("category")
    if not isinstance(category, dict):
        problems.add("«category» mangler.", field=f"{where}.category")
        return None
    labels = category.get("label") if isinstance(category.get("label"), dict) else {}
    index = category.get("index")
    if index is None:
        if len(labels) != 1:
            problems.add("«index» mangler; det er bare lov når dimensjonen har én kategori.",
                         field=f"{where}.category.index")
            return None
        order = list(labels)
    elif isinstance(index, list):
        if not all(isinstance(c, str) for c in index) or len(set(index)) != len(index):
            problems.add("«index» skal være en liste med ulike kategorikoder.",
                         field=f"{where}.category.index")
            return None
        order = list(index)
    elif isinstance(index, dict):
        positions = list(index.values())
        if sorted(p for p in positions if isinstance(p, int)) != list(range(len(index))):
            problems.add("Posisjonene i «index» skal være 0, 1, 2 … uten hull eller "
                         "dubletter.", field=f"{where}.category.index")
            return None
        order = sorted(index, key=index.__getitem__)
    else:
        problems.add("«index» skal være et objekt eller en liste.",
                     field=f"{where}.category.index")
        return None
    if len(order) != size:
        problems.add(f"Dimensjonen har {len(order)} kategorier, men «size» sier {size}.",
                     field=f"{where}.category.index")
        return None
    units = category.get("unit") if isinstance(category.get("unit"), dict) else {}

    def unit_label(code: str) -> str:
        unit = units.get(code)
        if isinstance(unit, dict):
            return str(unit.get("label") or unit.get("base") or "")
        return ""

    return Dimension(
        id=dim_id, label=str(raw.get("label") or dim_id),
        categories=tuple(Category(code=c, label=str(labels.get(c, c)), unit=unit_label(c))
                         for c in order))


def _values(raw, total: int, problems: Problems) -> list[float | None]:
    if isinstance(raw, list):
        if len(raw) != total:
            problems.add(f"«value» har {len(raw)} tall, men dimensjonene gir {total} celler.",
                         field="value")
            return []
        out = []
        for i, v in enumerate(raw):
            if v is not None and not _number(v):
                problems.add(f"«{v}» er ikke et tall.", field=f"value[{i}]")
            out.append(float(v) if _number(v) else None)
        return out
    if isinstance(raw, dict):
        out: list[float | None] = [None] * total
        for key, v in raw.items():
            if not (isinstance(key, str) and key.isdigit() and int(key) < total):
                problems.add(f"Posisjonen «{key}» finnes ikke (0–{total - 1}).",
                             field="value")
                continue
            if v is not None and not _number(v):
                problems.add(f"«{v}» er ikke et tall.", field=f"value.{key}")
                continue
            out[int(key)] = float(v) if v is not None else None
        return out
    problems.add("«value» mangler eller er verken en liste eller et objekt.", field="value")
    return []


def _statuses(raw, total: int, problems: Problems) -> list[str]:
    if raw is None:
        return [""] * total
    if isinstance(raw, str):
        return [raw] * total
    if isinstance(raw, list):
        if len(raw) == 1:
            return [str(raw[0] or "")] * total
        if len(raw) != total:
            problems.add(f"«status» har {len(raw)} merker, men dimensjonene gir {total} celler.",
                         field="status")
            return [""] * total
        return [str(s) if s is not None else "" for s in raw]
    if isinstance(raw, dict):
        out = [""] * total
        for key, mark in raw.items():
            if not (isinstance(key, str) and key.isdigit() and int(key) < total):
                problems.add(f"Posisjonen «{key}» finnes ikke (0–{total - 1}).",
                             field="status")
                continue
            out[int(key)] = str(mark) if mark is not None else ""
        return out
    problems.add("«status» skal være tekst, en liste eller et objekt.", field="status")
    return [""] * total
