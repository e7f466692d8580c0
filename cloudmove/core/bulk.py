"""Fast bulk writes for imports: ids reserved up front, rows inserted with executemany (SQLite) or
COPY (PostgreSQL).

The ORM's bulk_create compiles every value through several layers (about 40 µs a row); large
imports insert hundreds of thousands of rows, so this path converts each column once-per-type
and hands plain tuples to the database driver. Callers record the audit trail themselves
(core.audit.record_many), exactly as for bulk_create.
"""

import gc
import os
import time
import uuid
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone

PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField,
         models.BigAutoField, models.AutoField)


def _converter(field):
    if isinstance(field, models.ForeignKey) or (isinstance(field, PLAIN) and not isinstance(
            field, models.GenericIPAddressField)):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


@contextmanager
def gc_paused():
    """Hold the cyclic garbage collector during a bulk operation (also usable as a decorator).

    An import allocates millions of rows, dicts and closures, and the allocations keep triggering
    collections that walk every container still alive: on a 50,000-VM RVTools export they were 40% of
    the import's time. Reference counting still frees everything as usual; the few cycles an import
    leaves are collected once it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reserve_ids(model, count):
    """`count` fresh primary keys for `model`; the caller is inside the transaction that uses them."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == 'postgresql':
            # The sequence is looked up once: as an argument of nextval() the lookup ran for every id
            # and took 85% of the time (0.8 s for a 50,000-VM workbook's 372,000 ids).
            cursor.execute('SELECT pg_get_serial_sequence(%s, %s)', [table, pk])
            sequence = cursor.fetchone()[0]
            cursor.execute('SELECT nextval(%s::regclass) FROM generate_series(1, %s)', [sequence, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so max(id) stays ours.
        cursor.execute(f'SELECT COALESCE(MAX({connection.ops.quote_name(pk)}), 0) FROM '
                       f'{connection.ops.quote_name(table)}')
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def insert(model, names, rows, batch=5000, raw=()):
    """INSERT rows (tuples in the order of `names`, attribute names) into the model's table.

    Auto-now timestamps missing from `names` are filled with the current time. Columns named in
    `raw` already hold database values (JSON text, an adapted timestamp) and are passed through.
    """
    meta = model._meta
    fields = [meta.get_field(n) if not n.endswith('_id') or n in {f.name for f in meta.fields}
              else next(f for f in meta.fields if f.attname == n) for n in names]
    extra_fields, extra_values = [], []
    now = timezone.now()
    for f in meta.concrete_fields:
        if (getattr(f, 'auto_now', False) or getattr(f, 'auto_now_add', False)) and f not in fields:
            extra_fields.append(f)
            extra_values.append(f.get_db_prep_save(now, connection))
    all_fields = fields + extra_fields
    converters = [None if n in raw else _converter(f) for n, f in zip(names, fields, strict=True)]
    columns = ', '.join(connection.ops.quote_name(f.column) for f in all_fields)
    marks = ', '.join(['%s'] * len(all_fields))
    sql = f'INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})'
    extra = tuple(extra_values)
    active = [(i, c) for i, c in enumerate(converters) if c is not None]
    if connection.vendor == 'postgresql':
        _copy(meta.db_table, columns, rows, active, extra)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = []
            for row in rows[start:start + batch]:
                if active:
                    row = list(row)
                    for i, convert in active:
                        if row[i] is not None:
                            row[i] = convert(row[i])
                chunk.append((*row, *extra))
            cursor.executemany(sql, chunk)


def _copy(table, columns, rows, active, extra):
    """The PostgreSQL path of insert(): one COPY streaming every row. An INSERT per row, even pipelined by
    executemany, costs the server a parse, plan and round of protocol messages each; COPY takes the rows
    as one stream (a 50,000-VM workbook import went from 24.6 s to 19.6 s). Values are the same ones
    executemany would get, dumped by the driver in COPY's text format."""
    if not rows:
        return
    sql = f'COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN'
    # The driver's own cursor (the Django wrapper has no copy()); its errors are wrapped as Django's
    # (IntegrityError, DataError, ...) as they are for executemany.
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            if active:
                row = list(row)
                for i, convert in active:
                    if row[i] is not None:
                        row[i] = convert(row[i])
            write((*row, *extra) if extra else row)


def update_column(model, name, pairs, batch=5000):
    """Set one column: pairs of (pk, value)."""
    meta = model._meta
    field = next(f for f in meta.concrete_fields if name in (f.name, f.attname))
    convert = _converter(field)
    sql = (f'UPDATE {connection.ops.quote_name(meta.db_table)} SET {connection.ops.quote_name(field.column)} = %s '
           f'WHERE {connection.ops.quote_name(meta.pk.column)} = %s')
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch):
            cursor.executemany(sql, [(convert(v) if convert and v is not None else v, pk)
                                     for pk, v in pairs[start:start + batch]])


def new_uids(count, keys=None):
    """Record keys for `count` new rows as the database column holds them (uuid on PostgreSQL, 32 hex
    digits on SQLite): keys[i] when the file gave one, else a time-ordered key (the UUIDv7 layout), so
    that new rows go into the key index in order, which is much cheaper than random keys when an import
    adds hundreds of thousands of rows."""
    ms = time.time_ns() // 1_000_000
    base = (ms << 80) | (0x7 << 76) | (0b10 << 62)
    start, mask = int.from_bytes(os.urandom(8), 'big') >> 3, (1 << 62) - 1
    native = connection.features.has_native_uuid_field
    if native:
        out = [uuid.UUID(int=base | ((start + i) & mask)) for i in range(count)]
    else:
        out = [f'{base | ((start + i) & mask):032x}' for i in range(count)]
    for i, key in enumerate(keys or ()):
        if key:
            out[i] = uuid.UUID(key) if native else uuid.UUID(key).hex
    return out
