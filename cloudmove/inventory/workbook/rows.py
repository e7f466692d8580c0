"""A unit's records as workbook rows: {field: value} with references as natural keys.

Export writes these rows; import compares the parsed workbook with them, so both sides speak the
same normalised values (codes for choices, 'SITE/RACK' for references, sorted lists for many-to-many).
"""

from decimal import Decimal

from django.db import models

from cloudmove.inventory.workbook.spec import KEY

# How each kind of reference is named: lookups on the referenced model, joined with '/'.
NATURAL = {
    'unit': ('code',),
    'systems': ('code',),
    'sites': ('code',),
    'racks': ('site__code', 'name'),
    'clusters': ('name',),
    'servers': ('hostname',),
    'vms': ('name',),
    'nics': ('vm__name', 'label'),
    'devices': ('name',),
    'vlans': ('vid',),
}


def join_key(parts):
    return '/'.join(str(p) for p in parts)


def unit_filter(sheet, unit):
    prefix = f'{sheet.parent}__' if sheet.parent else ''
    flt = {f'{prefix}unit': unit}
    if sheet.category:
        flt['category'] = sheet.category
    return flt


def queryset(sheet, unit):
    return sheet.base_model._default_manager.filter(**unit_filter(sheet, unit))


def _normalise(col, value):
    if value is None:
        return None
    if isinstance(col.model_field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-col.model_field.decimal_places))
    if col.kind == 'key':
        return str(value)
    if col.kind == 'datetime' and value is not None:
        return value.date()
    return value


def existing_rows(sheet, unit):
    """Every record of the sheet that the unit owns, as rows; with the pk under '_pk'."""
    lookups, ref_cols = ['pk'], []
    for col in sheet.columns:
        if col.kind == 'refs':
            continue
        if col.kind == 'ref':
            parts = [f'{col.field}__{lk}' for lk in NATURAL[col.ref]]
            lookups += parts
            ref_cols.append((col, parts))
        else:
            lookups.append(col.field)
    rows = {}
    for values in queryset(sheet, unit).values(*lookups).iterator(chunk_size=5000):
        row = {'_pk': values['pk']}
        for col in sheet.columns:
            if col.kind not in ('ref', 'refs'):
                row[col.field] = _normalise(col, values[col.field])
        for col, parts in ref_cols:
            vals = [values[p] for p in parts]
            row[col.field] = None if any(v is None for v in vals) else join_key(vals)
        rows[row['_pk']] = row
    for col in sheet.columns:
        if col.kind == 'refs':
            _attach_many(sheet, col, rows, unit)
    return list(rows.values())


def _attach_many(sheet, col, rows, unit):
    through = sheet.base_model._meta.get_field(col.field).remote_field.through
    owner = next(f for f in through._meta.fields if f.is_relation and f.related_model is sheet.base_model)
    target = next(f for f in through._meta.fields if f.is_relation and f.related_model is not sheet.base_model)
    for row in rows.values():
        row[col.field] = []
    # Filtered by the owner's unit, not by a list of ids: a unit may have tens of thousands of rows.
    flt = {f'{owner.name}__{k}': v for k, v in unit_filter(sheet, unit).items()}
    pairs = through.objects.filter(**flt).values_list(owner.attname, f'{target.name}__{NATURAL[col.ref][0]}')
    for owner, name in pairs.iterator(chunk_size=5000):
        rows[owner][col.field].append(name)
    for row in rows.values():
        row[col.field].sort()


def key_of(row):
    return row.get(KEY)
