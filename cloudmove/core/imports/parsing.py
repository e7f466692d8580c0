"""Turning the rows of one sheet into clean values, collecting every problem with its place."""

import uuid
from operator import itemgetter

from django.core import validators as dj_validators
from django.db import connection, models

from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.imports import reader
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.core.imports.problems import Problem
from cloudmove.core.imports.sheets import HEADER_ROWS, META_SHEET
from cloudmove.core.models.units import code_validator

FORMULA_PREFIXES = ("'=", "'+", "'-", "'@")


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
    if isinstance(model_field, models.IntegerField):
        # What the column can hold: a bigger number is a clear error, not a database failure.
        db_low, db_high = connection.ops.integer_field_range(model_field.get_internal_type())
        low = db_low if low is None else max(low, db_low if db_low is not None else low)
        high = db_high if high is None else min(high, db_high if db_high is not None else high)
    return low, high


def memoised(parse):
    """Columns with few distinct values (choices, yes/no, references, dates) parse each value once."""
    cache = {}

    def parse_cached(raw):
        try:
            return cache[raw]
        except KeyError:
            value = cache[raw] = parse(raw)
            return value
        except TypeError:  # an unhashable cell value
            return parse(raw)
    return parse_cached


def make_parser(col):
    """A function raw -> clean value (or raises CellError), chosen once per column."""
    parse = _make_parser(col)
    if col.kind in ('choice', 'bool', 'ref', 'date', 'datetime'):
        return memoised(parse)
    return parse


def _make_parser(col):
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
            def parse_int(raw):
                # The common case first: the spreadsheet already holds a whole number.
                if type(raw) is float and raw.is_integer() or type(raw) is int:
                    value = int(raw)
                    if (low is None or value >= low) and (high is None or value <= high):
                        return value
                return cells.integer(raw, low, high)
            return parse_int
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


def sheet_headers(sheet):
    """The declared headers of a sheet for the one header rule: each column's Vietnamese and English
    labels and its field name (cached on the sheet, which is built once)."""
    headers = sheet.__dict__.get('_headers')
    if headers is None:
        headers = sheet.__dict__['_headers'] = Headers({
            col.field: (col.label('vi'), col.label('en'), col.field) for col in sheet.columns})
    return headers


def header_map(sheet, header_rows):
    """Column index of each field, matched on the Vietnamese or English header or the field name by the one
    header rule (a trailing ' *' marks a required column); and the headers that matched nothing."""
    mapping = sheet_headers(sheet).match(header_rows[0] if header_rows else [])
    return mapping.fields, mapping.ignored


def second_row_is_header(sheet, row):
    english = {cells.fold(col.label('en')) for col in sheet.columns}
    values = [cells.fold(v) for v in row if not cells.is_blank(v)]
    return bool(values) and sum(v in english for v in values) >= max(1, len(values) // 2)


def parse_sheet(sheet, rows, problems, formulas, title=None, warnings=None):
    """[(excel row, {field: value})] for the non-blank data rows; problems appended in place."""
    title = title or sheet.title
    columns, _extra = header_map(sheet, rows[:1])
    start = HEADER_ROWS if len(rows) > 1 and second_row_is_header(sheet, rows[1]) else 1
    parsers = [(col, columns[col.field], make_parser(col)) for col in sheet.columns if col.field in columns]
    formula_cells = {(r, c) for s, r, c in formulas if s == title}
    # Column by column: one tight loop per column instead of a dispatch per cell.
    kept, excel_rows = [], []
    for offset, row in enumerate(rows[start:]):
        # A row counts when one cell holds something other than blanks; that is usually its first cell.
        for v in row:
            if v is not None and v != '' and not (type(v) is str and v.isspace()):
                kept.append(row)
                excel_rows.append(start + offset + 1)
                break
    fields, columns_out = [], []
    shortest = min(map(len, kept), default=0)
    for col, index, parse in parsers:
        # Sheets come rectangular from the reader (CSV rows may be short).
        raws = list(map(itemgetter(index), kept)) if index < shortest else [
            row[index] if index < len(row) else None for row in kept]
        blank = blank_value(col)
        label = col.label('vi')
        bad = set()
        if formula_cells:
            letter = column_letter(index)
            for i, excel_row in enumerate(excel_rows):
                if (excel_row, letter) in formula_cells:
                    problems.append(Problem(title, excel_row, label, raws[i], cell_message('formula')))
                    bad.add(i)
        try:
            if bad:
                raise cells.CellError('formula')
            parsed = [blank if r is None or r == '' or (type(r) is str and r.isspace()) else parse(r) for r in raws]
        except cells.CellError:
            parsed = []
            for i, r in enumerate(raws):
                if i in bad or r is None or r == '' or (type(r) is str and r.isspace()):
                    parsed.append(blank)
                else:
                    try:
                        parsed.append(parse(r))
                    except cells.CellError as exc:
                        params = dict(exc.params)
                        if exc.code == 'not_a_choice':
                            params['choices'] = ', '.join(col.choice_labels())
                        problems.append(Problem(title, excel_rows[i], label, cells.text(r),
                                                cell_message(exc.code, **params)))
                        parsed.append(blank)
        if col.measured and warnings is not None:
            for i, r in enumerate(raws):
                if i not in bad and (r is None or r == '' or (type(r) is str and r.isspace())):
                    warnings.append(Problem(title, excel_rows[i], label, None, cell_message('unknown')))
        if col.required:
            for i, r in enumerate(raws):
                if i not in bad and (r is None or r == '' or (type(r) is str and r.isspace())):
                    problems.append(Problem(title, excel_rows[i], label, None, cell_message('required')))
        fields.append(col.field)
        columns_out.append(parsed)
    data = [dict(zip(fields, values, strict=True)) for values in zip(*columns_out, strict=True)] if fields else \
        [{} for _ in kept]
    return list(zip(excel_rows, data, strict=True)), columns


def missing_columns(sheet, columns):
    """The columns a sheet must have: the required ones, and the measured ones (a blank cell is an unknown
    value, but a file without the column at all is not the sheet it claims to be)."""
    return [col for col in sheet.columns if (col.required or col.measured) and col.field not in columns]



def best_csv_sheet(candidates, rows):
    """Which declared sheet a CSV file is: the one whose required columns are all in its header row and
    that recognises the most columns (a sheet without required columns is never guessed); None when none fits."""
    best = None
    for sheet in candidates:
        found, _extra = header_map(sheet, rows[:1])
        required = [c.field for c in sheet.columns if c.required]
        if required and all(f in found for f in required) and (best is None or len(found) > best[0]):
            best = (len(found), sheet)
    return best and best[1]


def meta_value(book, key):
    """The value next to `key` on the workbook's metadata sheet (what the file was exported for), or None."""
    rows = book.rows(META_SHEET) if book.has(META_SHEET) else ()
    return next((row[1] for row in rows if row and row[0] == key and len(row) > 1), None)


def present_sheets(book, candidates, problem):
    """(sheet, name in the book) of each declared sheet the workbook has; each missing one is a problem."""
    present = []
    for sheet in candidates:
        name = reader.nfc(sheet.title)
        if book.has(name):
            present.append((sheet, name))
        else:
            problem(sheet.title, 0, '', None, file_message('missing_sheet', sheet=sheet.title))
    return present
