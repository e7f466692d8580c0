"""Writing the shared workbook layout (core.imports.sheets): formats, the instructions sheet, data sheets
with two header rows and a dropdown or validation per column kind, the hidden lists and meta sheets."""

import datetime

from cloudmove.core.exports import neutralise
from cloudmove.core.imports import sheets as spec
from cloudmove.core.imports.parsing import column_letter

EXTRA_ROWS = 2000  # rows below the data that keep their dropdowns for new entries


def cell_value(col, value):
    if value is None or value == '' or value == []:
        return None
    if col.kind == 'choice':
        return col.choice_label(value)
    if col.kind == 'bool':
        return 'Có' if value else 'Không'
    if col.kind == 'refs':
        return '; '.join(value)
    if col.kind in ('decimal',):
        return float(value)
    return neutralise(value) if isinstance(value, str) else value


def add_formats(wb):
    """The cell formats of the workbook layout (headers in two languages, required columns, dates)."""
    return {
        'title': wb.add_format({'bold': True, 'font_size': 14}),
        'vi': wb.add_format({'bold': True, 'bg_color': '#DDEBF7', 'border': 1, 'text_wrap': True, 'valign': 'top'}),
        'en': wb.add_format({'italic': True, 'font_color': '#666666', 'bg_color': '#F2F2F2', 'border': 1,
                             'text_wrap': True, 'valign': 'top'}),
        'key': wb.add_format({'font_color': '#808080'}),
        'date': wb.add_format({'num_format': 'dd/mm/yyyy'}),
        'req': wb.add_format({'bold': True, 'bg_color': '#FCE4D6', 'border': 1, 'text_wrap': True, 'valign': 'top'}),
    }


def write_instructions(wb, fmt, lines, footer=()):
    info = wb.add_worksheet(spec.INSTRUCTIONS_SHEET)
    info.set_column(0, 0, 120)
    info.write(0, 0, lines[0], fmt['title'])
    for i, line in enumerate(lines[1:], start=1):
        info.write(i, 0, line)
    for i, line in enumerate(footer, start=len(lines) + 1):
        info.write(i, 0, line)
    return info


class ListSheet:
    """The hidden sheet holding dropdown lists too long for a data validation's inline source."""

    def __init__(self, wb):
        self.ws = wb.add_worksheet(spec.LISTS_SHEET)
        self.col = 0

    def add(self, values):
        for r, value in enumerate(values):
            self.ws.write_string(r, self.col, str(value))
        letter = column_letter(self.col)
        self.col += 1
        return f"='{spec.LISTS_SHEET}'!${letter}$1:${letter}${max(1, len(values))}"


def write_meta(wb, pairs):
    meta = wb.add_worksheet(spec.META_SHEET)
    for r, (k, v) in enumerate(pairs):
        meta.write_string(r, 0, k)
        meta.write_string(r, 1, str(v))
    meta.hide()
    return meta


def write_sheet(wb, fmt, sheet, sheet_rows, lists, natural_columns=None, unit_codes=(), shared_codes=()):
    """One data sheet: two header rows, dropdowns and validations per column kind, then the rows."""
    natural_columns = natural_columns or {}
    ws = wb.add_worksheet(sheet.title)
    last_row = spec.FIRST_DATA_ROW + len(sheet_rows) + EXTRA_ROWS
    ws.set_row(0, 30)
    for ci, col in enumerate(sheet.columns):
        ws.write_string(0, ci, col.label('vi') + (' *' if col.required else ''),
                        fmt['req'] if col.required else fmt['vi'])
        width = 38 if col.kind == 'key' else max(12, min(40, len(col.label('vi')) + 4))
        ws.set_column(ci, ci, width, fmt['key'] if col.kind == 'key' else
                      (fmt['date'] if col.kind in ('date', 'datetime') else None))
        first, last = spec.FIRST_DATA_ROW - 1, last_row
        if col.kind == 'choice':
            labels = col.choice_labels()
            source = labels if sum(len(x) + 1 for x in labels) < 250 else lists.add(labels)
            ws.data_validation(first, ci, last, ci, {'validate': 'list', 'source': source,
                                                     'error_title': col.label('vi'),
                                                     'error_message': 'Chọn một giá trị trong danh sách.'})
        elif col.kind == 'bool':
            ws.data_validation(first, ci, last, ci, {'validate': 'list', 'source': ['Có', 'Không']})
        elif col.kind in ('date', 'datetime'):
            ws.data_validation(first, ci, last, ci, {
                'validate': 'date', 'criteria': 'between', 'minimum': datetime.date(1990, 1, 1),
                'maximum': datetime.date(2100, 12, 31), 'input_title': 'dd/mm/yyyy',
                'input_message': 'Ngày theo dạng dd/mm/yyyy'})
        elif col.kind == 'int':
            ws.data_validation(first, ci, last, ci, {'validate': 'integer', 'criteria': '>=', 'value': 0,
                                                     'error_message': 'Nhập số nguyên.'})
        elif col.kind == 'ref':
            if col.ref == 'unit':
                source = lists.add(unit_codes)
            elif col.ref in natural_columns:
                title, index = natural_columns[col.ref]
                letter = column_letter(index)
                source = f"='{title}'!${letter}${spec.FIRST_DATA_ROW}:${letter}${last_row}"
            else:
                source = None
            if source:
                # Information only: a value typed by hand (a shared system of another unit) stays allowed.
                ws.data_validation(first, ci, last, ci, {'validate': 'list', 'source': source,
                                                         'error_type': 'information', 'ignore_blank': True})
        elif col.kind == 'refs' and col.ref == 'systems':
            ws.write_comment(0, ci, 'Mã hệ thống, cách nhau bằng ";". Hệ thống dùng chung của tỉnh: '
                             + ', '.join(shared_codes[:40]))
    # Row by row (the generator writes in constant-memory mode, which flushes finished rows).
    for ci, col in enumerate(sheet.columns):
        ws.write_string(1, ci, col.label('en'), fmt['en'])
    for ri, row in enumerate(sheet_rows, start=spec.FIRST_DATA_ROW - 1):
        for ci, col in enumerate(sheet.columns):
            value = cell_value(col, row.get(col.field))
            if value is None:
                continue
            if col.kind in ('date', 'datetime'):
                ws.write_datetime(ri, ci, datetime.datetime.combine(value, datetime.time()), fmt['date'])
            elif isinstance(value, bool):
                ws.write_string(ri, ci, 'Có' if value else 'Không')
            elif isinstance(value, int | float):
                ws.write_number(ri, ci, value)
            else:
                ws.write_string(ri, ci, value)
    ws.freeze_panes(spec.HEADER_ROWS, 2)
    ws.autofilter(1, 0, 1 + len(sheet_rows), len(sheet.columns) - 1)
    return ws
