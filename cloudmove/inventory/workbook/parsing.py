"""Turning the rows of one sheet into clean values, collecting every problem with its place."""

import uuid
from dataclasses import dataclass

from django.core import validators as dj_validators
from django.db import models

from cloudmove.core.models.units import code_validator
from cloudmove.inventory.engine import cells
from cloudmove.inventory.workbook.messages import cell_message
from cloudmove.inventory.workbook.spec import HEADER_ROWS

FORMULA_PREFIXES = ("'=", "'+", "'-", "'@")


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    value: object
    message: str

    def as_dict(self):
        value = self.value
        if value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        return {'sheet': self.sheet, 'row': self.row, 'column': self.column, 'value': value, 'message': self.message}


def column_letter(index):
    letters = ''
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _limits(model_field):
    low = high = None
    for v in getattr(model_field, 'validators', []):
        if isinstance(v, dj_validators.MinValueValidator):
            low = v.limit_value
        elif isinstance(v, dj_validators.MaxValueValidator):
            high = v.limit_value
    if isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField |
                  models.PositiveBigIntegerField) and low is None:
        low = 0
    return low, high


def make_parser(col):
    """A function raw -> clean value (or raises CellError), chosen once per column."""
    kind, f = col.kind, col.model_field
    if kind == 'key':
        def parse_key(raw):
            try:
                return str(uuid.UUID(cells.text(raw)))
            except ValueError:
                raise cells.CellError('unknown_key')
        return parse_key
    if kind in ('int', 'decimal', 'float'):
        low, high = _limits(f)
        if kind == 'int':
            return lambda raw: cells.integer(raw, low, high)
        if kind == 'float':
            return lambda raw: float(cells.decimal(raw, 6, low, high))
        places = f.decimal_places
        max_whole = f.max_digits - places

        def parse_decimal(raw):
            value = cells.decimal(raw, places, low, high)
            if abs(value) >= 10 ** max_whole:
                raise cells.CellError('too_large', maximum=10 ** max_whole - 1)
            return value
        return parse_decimal
    if kind == 'bool':
        return cells.boolean
    if kind in ('date', 'datetime'):
        return cells.a_date
    if kind == 'choice':
        lookup = col.choice_lookup
        return lambda raw: cells.choice(raw, lookup)
    if kind == 'ip':
        return cells.ip
    if kind == 'cidr':
        return cells.cidr
    if kind == 'mac':
        return cells.mac
    if kind == 'refs':
        return lambda raw: sorted(set(cells.split_list(raw)))
    max_length = getattr(f, 'max_length', None)
    checks_code = f is not None and code_validator in getattr(f, 'validators', [])

    def parse_text(raw):
        value = cells.text(raw)
        if value.startswith(FORMULA_PREFIXES):
            value = value[1:]  # the export's guard against formula injection
        if max_length and len(value) > max_length:
            raise cells.CellError('too_long', max_length=max_length)
        if checks_code and value and not code_validator.regex.match(value):
            raise cells.CellError('bad_code')
        return value
    return parse_text


def blank_value(col):
    """What an empty cell means for the column: the value the database holds for 'nothing'."""
    if col.kind == 'refs':
        return []
    if col.kind == 'bool':
        return col.model_field.default
    f = col.model_field
    if isinstance(f, models.CharField | models.TextField) and not f.null:
        return ''
    if f is not None and not f.null and f.has_default():
        return f.get_default()
    return None


def header_map(sheet, header_rows):
    """Column index of each field, matched on the Vietnamese or English header or the field name."""
    wanted = {}
    for col in sheet.columns:
        for text in (col.label('vi'), col.label('en'), col.field):
            wanted[cells.fold(text)] = col.field
    found, extra = {}, []
    first = header_rows[0] if header_rows else []
    for index, raw in enumerate(first):
        name = wanted.get(cells.fold(cells.text(raw).rstrip(' *')))  # ' *' marks required columns
        if name and name not in found:
            found[name] = index
        elif not cells.is_blank(raw):
            extra.append(cells.text(raw))
    return found, extra


def second_row_is_header(sheet, row):
    english = {cells.fold(col.label('en')) for col in sheet.columns}
    values = [cells.fold(v) for v in row if not cells.is_blank(v)]
    return bool(values) and sum(v in english for v in values) >= max(1, len(values) // 2)


def parse_sheet(sheet, rows, problems, formulas, title=None):
    """[(excel row, {field: value})] for the non-blank data rows; problems appended in place."""
    title = title or sheet.title
    columns, _extra = header_map(sheet, rows[:1])
    start = HEADER_ROWS if len(rows) > 1 and second_row_is_header(sheet, rows[1]) else 1
    parsers = [(col, columns[col.field], make_parser(col)) for col in sheet.columns if col.field in columns]
    formula_cells = {(r, c) for s, r, c in formulas if s == title}
    out = []
    for offset, row in enumerate(rows[start:]):
        excel_row = start + offset + 1
        if all(cells.is_blank(v) for v in row):
            continue
        values = {}
        for col, index, parse in parsers:
            raw = row[index] if index < len(row) else None
            if formula_cells and (excel_row, column_letter(index)) in formula_cells:
                problems.append(Problem(title, excel_row, col.label('vi'), raw, cell_message('formula')))
                continue
            if cells.is_blank(raw):
                if col.required:
                    problems.append(Problem(title, excel_row, col.label('vi'), None, cell_message('required')))
                values[col.field] = blank_value(col)
                continue
            try:
                values[col.field] = parse(raw)
            except cells.CellError as exc:
                params = dict(exc.params)
                if exc.code == 'not_a_choice':
                    params['choices'] = ', '.join(col.choice_labels())
                problems.append(Problem(title, excel_row, col.label('vi'), cells.text(raw),
                                        cell_message(exc.code, **params)))
        out.append((excel_row, values))
    return out, columns


def missing_columns(sheet, columns):
    return [col for col in sheet.columns if col.required and col.field not in columns]

