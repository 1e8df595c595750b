"""The input columns of ``spec/statistics.md`` and the SQL that checks and converts them.

Each column is checked by one SQL ``CASE`` that gives a problem code (or NULL) for a
row, and converted by one SQL expression to its engine type. A CSV column arrives as
text; a Parquet column arrives in its own type and is used as it is when that type
fits (an integer for an integer, text for text …), otherwise it is turned into text
and checked like a CSV value, so ``12.5`` in an integer column is refused either way.
"""

from dataclasses import dataclass

import duckdb

INTEGER_TYPES = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                           "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"})
FLOAT_TYPES = frozenset({"FLOAT", "DOUBLE", "REAL"})


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # int | id | bool | code4 | text | num
    required: bool
    sql_type: str
    digits: int = 18  # most digits an integer may have (so the cast cannot overflow)


COLUMNS = (
    Column("year", "int", True, "INTEGER", 9),
    Column("person_id", "id", True, "VARCHAR"),
    Column("household_id", "id", True, "VARCHAR"),
    Column("birth_year", "int", True, "INTEGER", 9),
    Column("income_after_tax", "int", True, "BIGINT", 18),
    Column("student", "bool", True, "BOOLEAN"),
    Column("municipality", "code4", True, "VARCHAR"),
    Column("zone", "text", False, "VARCHAR"),
    Column("rooms", "int", False, "INTEGER", 9),
    Column("area_m2", "num", False, "DOUBLE"),
)
NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}

MESSAGES = {
    "missing": "mangler verdi",
    "int": "«{v}» er ikke et heltall",
    "num": "«{v}» er ikke et tall (bruk punktum som desimaltegn)",
    "bool": "«{v}» er ikke en sannhetsverdi (true/false/1/0)",
    "code4": "«{v}» er ikke et kommunenummer med fire sifre",
    "rooms": "antall rom må være minst 1 (fant «{v}»)",
    "area": "arealet må være større enn 0 (fant «{v}»)",
    "birth": "fødselsåret «{v}» er etter året i kolonnen year",
}


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """Insert ``rows`` (values in the table's column order) in one statement: each
    column is one list parameter, so floats arrive bit for bit (a statement per row, or
    the values written out as SQL text, cost far more)."""
    if not rows:
        return
    types = [r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    unnests = ", ".join(f"unnest(${i + 1}::{t}[])" for i, t in enumerate(types))
    con.execute(f"INSERT INTO {table} SELECT {unnests}",
                [[row[i] for row in rows] for i in range(len(types))])


def native_fits(column: Column, source_type: str) -> bool:
    """Whether a Parquet column of ``source_type`` can be used without going via text."""
    t = source_type.upper()
    if column.kind == "int":  # whole numbers stored as floats are accepted, see _native
        return t in INTEGER_TYPES or t in FLOAT_TYPES or t.startswith("DECIMAL")
    if column.kind == "num":
        return t in INTEGER_TYPES or t in FLOAT_TYPES or t.startswith("DECIMAL")
    if column.kind == "bool":
        return t == "BOOLEAN" or t in INTEGER_TYPES
    return t == "VARCHAR"


@dataclass(frozen=True)
class ColumnSql:
    """How one source column is checked, converted and shown.

    ``problem`` gives a problem code or NULL (for messages); ``bad`` is a cheaper test
    that is true exactly when ``problem`` is not NULL (for the happy path's check);
    ``value`` gives the typed value; ``shown`` the value as text.
    """

    problem: str
    bad: str
    value: str
    shown: str


CODE4 = "'[0-9][0-9][0-9][0-9]'"


def column_sql(column: Column, source_type: str) -> ColumnSql:
    c = q(column.name)
    if source_type.upper() != "VARCHAR" and native_fits(column, source_type):
        return _native(column, c, source_type.upper())
    if source_type.upper() != "VARCHAR":
        c = f"CAST({c} AS VARCHAR)"
    t = f"trim({c})"
    blank = f"({c} IS NULL OR {t} = '')"
    if column.kind in ("id", "code4"):
        blank = f"({c} IS NULL OR {c} = '')"
    missing = "'missing'" if column.required else "NULL"
    if column.kind == "int":
        pattern = lit(f"[+-]?[0-9]{{1,{column.digits}}}")
        problem = f"WHEN NOT regexp_full_match({t}, {pattern}) THEN 'int'"
        if column.name == "rooms":
            problem += f" WHEN TRY_CAST({t} AS BIGINT) < 1 THEN 'rooms'"
        value = f"TRY_CAST({t} AS {column.sql_type})"
    elif column.kind == "num":
        d = f"TRY_CAST({t} AS DOUBLE)"
        problem = (f"WHEN {d} IS NULL OR NOT isfinite({d}) THEN 'num' "
                   f"WHEN {d} <= 0 THEN 'area'")
        value = d
    elif column.kind == "bool":
        problem = f"WHEN lower({t}) NOT IN ('true', 'false', '1', '0') THEN 'bool'"
        value = f"(lower({t}) IN ('true', '1'))"
    elif column.kind == "code4":
        problem = f"WHEN NOT ({c} GLOB {CODE4}) THEN 'code4'"
        value = c
    elif column.kind == "id":
        problem = ""
        value = c
    else:  # text: empty means none
        problem = ""
        value = f"(CASE WHEN {blank} THEN NULL ELSE {c} END)"
    case = f"(CASE WHEN {blank} THEN {missing} {problem} END)"
    return ColumnSql(case, f"({case} IS NOT NULL)", value, c)


def _native(column: Column, c: str, source_type: str) -> ColumnSql:
    """A Parquet column whose type fits: only nulls and ranges can be wrong."""
    missing = "'missing'" if column.required else "NULL"
    shown = f"CAST({c} AS VARCHAR)"
    blank = f"({c} IS NULL)"
    bads = [blank] if column.required else []
    if column.kind == "int" and source_type not in INTEGER_TYPES:
        # A float or decimal column (pandas writes integers with gaps as floats): each
        # value must be a whole number.
        value = f"TRY_CAST({c} AS {column.sql_type})"
        d = f"CAST({c} AS DOUBLE)"
        wrong = f"(NOT isfinite({d}) OR {d} <> trunc({d}) OR {value} IS NULL)"
        problem = f"WHEN {wrong} THEN 'int'"
        bads.append(f"({c} IS NOT NULL AND {wrong})")
        if column.name == "rooms":
            problem += f" WHEN {c} < 1 THEN 'rooms'"
            bads.append(f"({c} < 1)")
    elif column.kind == "int":
        value = c if source_type == column.sql_type else f"TRY_CAST({c} AS {column.sql_type})"
        problem = "" if value == c else f"WHEN {value} IS NULL THEN 'int'"
        if value != c:
            bads.append(f"({c} IS NOT NULL AND {value} IS NULL)")
        if column.name == "rooms":
            problem += f" WHEN {c} < 1 THEN 'rooms'"
            bads.append(f"({c} < 1)")
    elif column.kind == "num":
        value = f"CAST({c} AS DOUBLE)"
        problem = f"WHEN NOT isfinite({value}) THEN 'num' WHEN {value} <= 0 THEN 'area'"
        bads += [f"(NOT isfinite({value}))", f"({value} <= 0)"]
    elif column.kind == "bool" and source_type == "BOOLEAN":
        value, problem = c, ""
    elif column.kind == "bool":  # stored as an integer 0/1
        value = f"({c} = 1)"
        problem = f"WHEN {c} NOT IN (0, 1) THEN 'bool'"
        bads.append(f"({c} NOT IN (0, 1))")
    elif column.kind == "code4":
        value = c
        blank = f"({c} IS NULL OR {c} = '')"
        problem = f"WHEN NOT ({c} GLOB {CODE4}) THEN 'code4'"
        bads = [blank, f"(NOT ({c} GLOB {CODE4}))"]
    elif column.kind == "id":
        value = c
        blank = f"({c} IS NULL OR {c} = '')"
        problem = ""
        bads = [blank]
    else:  # text
        value = f"(CASE WHEN {c} = '' THEN NULL ELSE {c} END)"
        problem = ""
    case = f"(CASE WHEN {blank} THEN {missing} {problem} END)"
    return ColumnSql(case, "(" + " OR ".join(bads) + ")" if bads else "FALSE", value, shown)


def birth_problem(year: ColumnSql, birth: ColumnSql) -> str:
    """Born after the income year (age below zero): checked once both are integers."""
    return f"(CASE WHEN {birth.value} > {year.value} THEN 'birth' END)"
