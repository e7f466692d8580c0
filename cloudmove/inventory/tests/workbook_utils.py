"""Helpers that edit a workbook the way a person would: read every sheet, change cells, save again."""

import datetime

import xlsxwriter
from python_calamine import CalamineWorkbook


def read_all(path):
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def write_all(path, sheets, formulas=()):
    """sheets: {name: rows}; formulas: [(sheet, row index, col index, formula)] written as real formulas."""
    wb = xlsxwriter.Workbook(str(path), {'strings_to_formulas': False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == '':
                    continue
                if isinstance(value, datetime.datetime | datetime.date):
                    ws.write_datetime(r, c, value if isinstance(value, datetime.datetime) else
                                      datetime.datetime.combine(value, datetime.time()),
                                      wb.add_format({'num_format': 'dd/mm/yyyy'}))
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
        for sheet, r, c, formula in formulas:
            if sheet == name:
                ws.write_formula(r, c, formula, None, 42)
    wb.close()


def column(rows, header):
    """The index of a column by its Vietnamese (row 1, '*' ignored) or English (row 2) header."""
    for i, (vi, en) in enumerate(zip(rows[0], rows[1], strict=False)):
        if header in (str(vi).rstrip(' *'), en):
            return i
    raise KeyError(header)


def set_cell(rows, match_col, match_value, header, value):
    """Set `header` of the row whose `match_col` equals `match_value`."""
    mc, hc = column(rows, match_col), column(rows, header)
    for row in rows[2:]:
        if row[mc] == match_value:
            while len(row) <= hc:
                row.append('')
            row[hc] = value
            return
    raise KeyError(match_value)
