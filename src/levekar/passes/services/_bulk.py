"""Plain multi-row INSERT/UPDATE for imports of 100 000s of rows.

``bulk_create`` builds a model instance and prepares every value through its field for
every row, which is most of an import's time. Here rows are tuples of the columns
given; the other concrete columns get their defaults (computed once) and dates are
adapted by the database backend, so it works on SQLite and PostgreSQL alike. Nothing
here sends signals or validates: the caller has checked every value already.

On SQLite the rows of a batch go to the database as ONE JSON array and are inserted by
``INSERT ... SELECT ... FROM json_each(?)``: binding ten parameters per row through the
driver cost about as much as SQLite's own work of writing the row and its indexes, and
the JSON is read in C. PostgreSQL gets the plain ``executemany``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone

BATCH = 5000
# Rows per JSON array on SQLite (a few MB of text each).
JSON_BATCH = 50_000


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple],
           *, ids: list[int] | None = None) -> int:
    """INSERT ``rows`` (tuples in the order of the attnames ``columns``); return how many.
    On SQLite the new primary keys are appended to ``ids`` in the order of ``rows``
    (elsewhere ``ids`` is left alone: the caller reads them back by their keys)."""
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    now = timezone.now()
    rest, constants = [], []
    for field in meta.concrete_fields:
        if field.primary_key or field.attname in columns or field.name in columns:
            continue
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            value = now
        else:
            value = field.get_default()
        rest.append(field)
        constants.append(field.get_db_prep_save(value, connection))
    given_names, rest_names = [f.column for f in given], [f.column for f in rest]
    tail = tuple(constants)
    if connection.vendor == "sqlite":
        return _insert_json(meta, given_names, rest_names, tail, rows, ids)
    adapters = [(i, a) for i, a in enumerate(_adapter(f) for f in given) if a is not None]
    rows = _adapted(rows, adapters)
    names = given_names + rest_names
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(n) for n in names)}) "  # noqa: S608 (model names)
           f"VALUES ({', '.join(['%s'] * len(names))})")
    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(row) + tail)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _adapted(rows: Iterable[tuple], adapters) -> Iterable:
    """``rows`` with their date and datetime values adapted for the database."""
    if not adapters:
        return rows
    return (_adapt(row, adapters) for row in rows)


def _adapt(row: tuple, adapters) -> list:
    row = list(row)
    for i, adapt in adapters:
        if row[i] is not None:
            row[i] = adapt(row[i])
    return row


def _insert_json(meta, given: list[str], rest: list[str], constants: tuple,
                 rows: Iterable, ids: list[int] | None) -> int:
    """SQLite: INSERT the given columns of each batch from one JSON array of rows (each
    an array in the order of ``given``, dates and datetimes written by ``_json_values``
    as the backend adapts them); the other columns get ``constants``. With
    ``ids``, the statement returns the new keys: SQLite gives each row of one INSERT a
    key above every key before it, in the order the rows are inserted (``ORDER BY key``,
    the array's order), so the sorted keys are the rows' keys in order."""
    qn = connection.ops.quote_name
    values = [f"json_extract(value, '$[{i}]')" for i in range(len(given))]
    sql = (f"INSERT INTO {qn(meta.db_table)} "  # noqa: S608 (model names)
           f"({', '.join(qn(n) for n in given + rest)}) "
           f"SELECT {', '.join(values + ['%s'] * len(rest))} FROM json_each(%s) ORDER BY key")
    if ids is not None:
        sql += f" RETURNING {qn(meta.pk.column)}"
    rows = rows if isinstance(rows, list) else list(rows)
    json_value = _json_values(connection.ops)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), JSON_BATCH):
            batch = json.dumps(rows[start:start + JSON_BATCH], ensure_ascii=False,
                               default=json_value)
            cursor.execute(sql, (*constants, batch))
            if ids is not None:
                ids.extend(sorted(pk for (pk,) in cursor.fetchall()))
    return len(rows)


def _json_values(ops):
    """``json.dumps``'s ``default``: a date or datetime in a row as the backend's ``ops``
    writes it (``json.dumps`` asks only for the values JSON has no type for, so the other
    values cost nothing)."""
    adapt_date, adapt_datetime = ops.adapt_datefield_value, ops.adapt_datetimefield_value

    def value(value):
        if isinstance(value, dt.datetime):
            return adapt_datetime(value)
        if isinstance(value, dt.date):
            return adapt_date(value)
        raise TypeError(f"{type(value).__name__} is not a column value here")

    return value


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """UPDATE by primary key: each row is ``(pk, *values in the order of columns)``."""
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    adapters = [(i + 1, a) for i, a in enumerate(_adapter(f) for f in given) if a is not None]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(meta.db_table)} SET "  # noqa: S608 (model names)
           f"{', '.join(f'{qn(f.column)} = %s' for f in given)} WHERE {qn(meta.pk.column)} = %s")
    params = [(*row[1:], row[0]) for row in _adapted(rows, adapters)]
    if params:
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start:start + BATCH])
    return len(params)
