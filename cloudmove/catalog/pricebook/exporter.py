"""Export of one price-book version: an .xlsx in the import's layout, or items as CSV (one kind, or all).

What the export writes, the import reads back as 'unchanged': the same headers, choice labels,
Có/Không and dd/mm/yyyy dates as the unit workbook.
"""

import csv
import datetime
import io

import xlsxwriter
from django.utils import timezone

from cloudmove.catalog.pricebook import spec
from cloudmove.core.imports.writer import (
    ListSheet,
    add_formats,
    cell_value,
    write_instructions,
    write_meta,
    write_sheet,
)

INSTRUCTIONS = [
    'BẢNG GIÁ DỊCH VỤ ĐIỆN TOÁN ĐÁM MÂY',
    '',
    'Cách điền:',
    '1. Trang "Bảng giá": một dòng duy nhất gồm phiên bản, ngày bắt đầu và ngày hết hiệu lực (dd/mm/yyyy).',
    '   Nhập với một phiên bản mới sẽ tạo phiên bản mới; các phiên bản cũ được giữ nguyên để tra cứu lịch sử.',
    '2. Trang "Máy chủ ảo", "Lưu trữ", "Dịch vụ": mỗi dòng là một mục giá, nhận diện bằng cột "Mã".',
    '   Nhập lại vào cùng phiên bản: mục có mã mới được thêm, mục đổi giá được cập nhật,',
    '   mục không còn trong trang sẽ bị xóa khỏi phiên bản đó.',
    '3. Dòng 1 là tên cột tiếng Việt, dòng 2 là tên cột tiếng Anh; dữ liệu bắt đầu từ dòng 3.',
    '4. Giá ghi bằng đồng Việt Nam, số nguyên (có thể ghi 1.234.000). Không dùng công thức.',
    '5. Cột có danh sách chọn: chọn giá trị trong danh sách.',
    '6. Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi, không ghi gì và báo từng lỗi theo trang, dòng, cột.',
    '',
    'INSTRUCTIONS (English): the "Bảng giá" sheet holds one row (version, valid from, valid to). One sheet per',
    'kind of priced item, matched by code. Row 1: Vietnamese headers, row 2: English headers, data from row 3.',
    'Prices in whole VND; no formulas. Importing a new version keeps the older versions unchanged.',
]


def book_rows(book):
    """{sheet id: [row dicts]} of one PriceBook version, items ordered by code."""
    data = {'book': [{'version': book.version, 'valid_from': book.valid_from, 'valid_to': book.valid_to,
                      'notes': book.notes}]}
    for sheet in spec.item_sheets():
        fields = [c.field for c in sheet.columns]
        data[sheet.id] = list(sheet.model.objects.filter(price_book=book).order_by('code').values(*fields))
    return data


def export_xlsx(book, target):
    """Write the version's workbook to `target` (path or file object); returns {sheet title: rows}."""
    data = book_rows(book)
    wb = xlsxwriter.Workbook(target, {'strings_to_formulas': False, 'strings_to_urls': False,
                                      'remove_timezone': True})
    fmt = add_formats(wb)
    provider = book.provider
    lines = INSTRUCTIONS + (['', 'DỮ LIỆU MINH HỌA – không phải báo giá thực tế.'] if provider.illustrative else [])
    info = write_instructions(wb, fmt, lines, [
        f'Nhà cung cấp: {provider.code} – {provider.name}',
        f'Ngày xuất: {timezone.localtime():%d/%m/%Y %H:%M}'])
    lists = ListSheet(wb)
    counts = {}
    for sheet in spec.sheets():
        rows = data[sheet.id]
        counts[sheet.title] = len(rows)
        write_sheet(wb, fmt, sheet, rows, lists)
    write_meta(wb, [('provider', provider.code), ('version', book.version), ('format', spec.FORMAT_VERSION),
                    ('generated', timezone.localtime().strftime('%d/%m/%Y %H:%M'))])
    lists.ws.hide()
    info.activate()
    wb.close()
    return counts


def _csv_cell(col, value):
    value = cell_value(col, value)
    if isinstance(value, datetime.date):
        return value.strftime('%d/%m/%Y')
    if isinstance(value, bool):
        return 'Có' if value else 'Không'
    return '' if value is None else value


def export_csv(book, sheet_id, target):
    """Items as CSV UTF-8 (with BOM, so spreadsheet programs read the accents): one kind (`sheet_id`), or
    with `sheet_id` None the whole version, an item-type column first and the columns of every kind."""
    data = book_rows(book)
    sheets = [spec.by_id(sheet_id)] if sheet_id else spec.item_sheets()
    columns = {}  # label -> column: the kinds share code, name and kind
    for sheet in sheets:
        for col in sheet.columns:
            columns.setdefault(col.label('vi'), col)
    whole = sheet_id is None
    out = io.StringIO()
    # Every cell quoted: the reader sniffs the dialect, and an apostrophe-guarded cell must not look like a quote.
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    required = {col.label('vi') for col in sheets[0].columns if col.required} if not whole else set()
    writer.writerow(([spec.ITEM_TYPE[0] + ' *'] if whole else [])
                    + [label + (' *' if label in required else '') for label in columns])
    writer.writerow(([spec.ITEM_TYPE[1]] if whole else []) + [col.label('en') for col in columns.values()])
    counts = {}
    for sheet in sheets:
        own = {col.label('vi'): col for col in sheet.columns}
        counts[sheet.title] = len(data[sheet.id])
        for row in data[sheet.id]:
            writer.writerow(([sheet.title] if whole else [])
                            + [_csv_cell(own[label], row.get(own[label].field)) if label in own else ''
                               for label in columns])
    payload = out.getvalue().encode('utf-8-sig')
    if hasattr(target, 'write'):
        target.write(payload)
    else:
        with open(target, 'wb') as fh:
            fh.write(payload)
    return counts
