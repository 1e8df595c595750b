"""Plain multi-row INSERT/UPDATE for imports of 100 000s of rows.

``bulk_create`` builds a model instance and prepares every value through its field for
every row, which is most of an import's time. Here rows are tuples of the columns
given; the other concrete columns get their defaults (computed once) and dates are
adapted by the database backend, so it works on SQLite and PostgreSQL alike. Nothing
here sends signals or validates: the caller has checked every value already.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """INSERT ``rows`` (tuples in the order of the attnames ``columns``); return how many."""
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
    adapters = [(i, a) for i, a in enumerate(_adapter(f) for f in given) if a is not None]
    names = [f.column for f in given] + [f.column for f in rest]
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(n) for n in names)}) "  # noqa: S608 (model names)
           f"VALUES ({', '.join(['%s'] * len(names))})")
    tail = tuple(constants)
    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            if adapters:
                row = list(row)
                for i, adapt in adapters:
                    if row[i] is not None:
                        row[i] = adapt(row[i])
            batch.append(tuple(row) + tail)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """UPDATE by primary key: each row is ``(pk, *values in the order of columns)``."""
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    adapters = [(i + 1, a) for i, a in enumerate(_adapter(f) for f in given) if a is not None]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(meta.db_table)} SET "  # noqa: S608 (model names)
           f"{', '.join(f'{qn(f.column)} = %s' for f in given)} WHERE {qn(meta.pk.column)} = %s")
    params = []
    for row in rows:
        row = list(row)
        for i, adapt in adapters:
            if row[i] is not None:
                row[i] = adapt(row[i])
        params.append((*row[1:], row[0]))
    if params:
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start:start + BATCH])
    return len(params)
