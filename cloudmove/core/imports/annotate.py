"""The refused workbook handed back with every bad cell highlighted and commented."""

import datetime

import xlsxwriter
from python_calamine import CalamineWorkbook

from cloudmove.core.imports import reader
from cloudmove.core.imports import sheets as spec
from cloudmove.core.imports.parsing import column_letter


def annotate(source_path, target, problems):
    """Copy the workbook's values into `target`, marking each problem's cell (or its row) in red."""
    book = CalamineWorkbook.from_path(str(source_path))
    wb = xlsxwriter.Workbook(target, {'strings_to_formulas': False, 'strings_to_urls': False,
                                      'remove_timezone': True})
    bad = wb.add_format({'bg_color': '#FFC7CE', 'font_color': '#9C0006', 'border': 1, 'border_color': '#9C0006'})
    date_fmt = wb.add_format({'num_format': 'dd/mm/yyyy'})
    header = wb.add_format({'bold': True, 'bg_color': '#DDEBF7'})
    by_sheet = {}
    for p in problems:
        by_sheet.setdefault(reader.nfc(p.sheet), []).append(p)
    for raw_name in book.sheet_names:
        name = reader.nfc(raw_name)
        rows = book.get_sheet_by_name(raw_name).to_python(skip_empty_area=False)
        ws = wb.add_worksheet(raw_name[:31])
        marks = {}
        headers = [str(h).rstrip(' *') for h in (rows[0] if rows else [])]
        for p in by_sheet.get(name, []):
            col = headers.index(p.column) if p.column in headers else 0
            marks.setdefault((max(p.row, 1) - 1, col), []).append(p.message)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                fmt = bad if (r, c) in marks else (header if r < spec.HEADER_ROWS else None)
                if value is None or value == '':
                    if fmt is bad:
                        ws.write_blank(r, c, None, bad)
                    continue
                if isinstance(value, datetime.datetime | datetime.date):
                    if not isinstance(value, datetime.datetime):
                        value = datetime.datetime.combine(value, datetime.time())
                    ws.write_datetime(r, c, value, fmt or date_fmt)
                elif isinstance(value, bool):
                    ws.write_string(r, c, 'Có' if value else 'Không', fmt)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value, fmt)
                else:
                    ws.write_string(r, c, str(value), fmt)
        for (r, c), messages in marks.items():
            if (r < len(rows) and c < len(rows[r]) and rows[r][c] not in (None, '')) is False:
                ws.write_blank(r, c, None, bad)
            ws.write_comment(r, c, '\n'.join(messages), {'author': 'CloudMove', 'x_scale': 2, 'y_scale': 1.5})
        if name in (spec.META_SHEET, spec.LISTS_SHEET):
            ws.hide()
        elif name in by_sheet:
            ws.set_tab_color('#C00000')
        if rows:
            ws.freeze_panes(min(len(rows), spec.HEADER_ROWS), 0)
    wb.close()


def cell_reference(problem, headers):
    col = headers.index(problem.column) if problem.column in headers else 0
    return f'{column_letter(col)}{problem.row}'
