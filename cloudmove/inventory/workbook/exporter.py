"""Export of a unit's workbook: the instructions, one sheet per inventory type with the unit's rows,
Vietnamese and English headers, dropdowns for every choice and reference, and a hidden meta sheet."""

import xlsxwriter
from django.utils import timezone

from cloudmove.core.imports.writer import ListSheet, add_formats, write_instructions, write_meta, write_sheet
from cloudmove.core.models import Unit
from cloudmove.inventory import models as m
from cloudmove.inventory.workbook import rows, spec

INSTRUCTIONS = [
    'PHIẾU KHẢO SÁT HIỆN TRẠNG HẠ TẦNG VÀ HỆ THỐNG THÔNG TIN',
    '',
    'Cách điền:',
    '1. Mỗi trang tính là một loại đối tượng (hệ thống thông tin, máy chủ, máy ảo, thiết bị...).',
    '   Mỗi dòng là một đối tượng.',
    '2. Dòng 1 là tên cột tiếng Việt, dòng 2 là tên cột tiếng Anh; dữ liệu bắt đầu từ dòng 3.',
    '3. Cột A "Khóa" do hệ thống sinh ra: KHÔNG sửa. Dòng mới thì để trống cột A.',
    '4. Muốn xóa một đối tượng: xóa cả dòng của nó. Đối tượng không còn trong phiếu sẽ bị xóa khỏi hệ thống khi nhập.',
    '5. Cột có danh sách chọn: chọn giá trị trong danh sách. Cột ngày: ghi theo dạng dd/mm/yyyy.',
    '6. Số có thể ghi theo kiểu Việt Nam (1.234,5). Không dùng công thức: ghi trực tiếp giá trị.',
    '7. Tham chiếu giữa các trang: ghi mã hệ thống, tên máy ảo, mã phòng máy... đúng như ở trang tương ứng;',
    '   tủ rack ghi dạng MÃ-PHÒNG/TÊN-TỦ, card mạng ảo ghi dạng TÊN-MÁY-ẢO/TÊN-CARD;',
    '   nhiều hệ thống thông tin ghi cách nhau bằng dấu chấm phẩy (;).',
    '8. Nhập phiếu: trang "Khảo sát → Phiếu khảo sát" hoặc lệnh cloudmove survey import.',
    '   Hệ thống kiểm tra toàn bộ phiếu trước; nếu có lỗi, không ghi gì và báo từng lỗi theo trang, dòng, cột.',
    '',
    'INSTRUCTIONS (English): one sheet per inventory type, one row per item. Row 1: Vietnamese headers, row 2:',
    'English headers, data from row 3. Do not edit column A (key); leave it empty for new rows. Deleting a row',
    'removes the item on import. Dates as dd/mm/yyyy; no formulas. The import checks everything first and writes',
    'nothing if any cell is wrong.',
]


def export_unit(unit, target):
    """Write the unit's workbook to `target` (path or file object); returns {sheet title: rows}."""
    data = {}
    for sheet in spec.sheets():
        found = rows.existing_rows(sheet, unit)
        data[sheet.id] = sorted(found, key=lambda r, sheet=sheet: rows.join_key(
            [r.get(f) or '' for f in sheet.natural]) if sheet.natural else r['_pk'])
    shared = list(m.InformationSystem.objects.filter(is_shared=True).exclude(unit=unit).order_by(
        'code').values_list('code', flat=True))
    unit_codes = list(Unit.objects.filter(is_active=True).order_by('code').values_list('code', flat=True))
    return write_workbook(target, unit.code, unit.name_vi, data, shared_codes=shared, unit_codes=unit_codes)


def write_workbook(target, unit_code, unit_name, data, shared_codes=(), unit_codes=(), constant_memory=False):
    """The workbook layout for any rows: {sheet id: [row dicts]}. Used by export and the generator."""
    wb = xlsxwriter.Workbook(target, {'strings_to_formulas': False, 'strings_to_urls': False,
                                      'remove_timezone': True, 'constant_memory': constant_memory})
    fmt = add_formats(wb)
    info = write_instructions(wb, fmt, INSTRUCTIONS, [
        f'Đơn vị: {unit_code} – {unit_name}', f'Ngày lập phiếu: {timezone.localtime():%d/%m/%Y %H:%M}'])
    lists = ListSheet(wb)
    counts = {}
    unit_codes = list(unit_codes) or [unit_code]
    natural_columns = {}
    for sheet in spec.sheets():
        if len(sheet.natural) == 1:
            natural_columns[sheet.id] = (sheet.title, next(i for i, c in enumerate(sheet.columns)
                                                           if c.field == sheet.natural[0]))
    for sheet in spec.sheets():
        sheet_rows = data.get(sheet.id, [])
        counts[sheet.title] = len(sheet_rows)
        write_sheet(wb, fmt, sheet, sheet_rows, lists, natural_columns, unit_codes, shared_codes)
    write_meta(wb, [('unit', unit_code), ('unit_name', unit_name), ('format', spec.FORMAT_VERSION),
                    ('generated', timezone.localtime().strftime('%d/%m/%Y %H:%M'))])
    lists.ws.hide()
    info.activate()
    wb.close()
    return counts
