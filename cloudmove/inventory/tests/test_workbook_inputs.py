"""Inputs real users send, and inputs nobody should: every one ends in a clean import or a clear refusal."""

import contextlib
import csv
import io
import unicodedata
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudmove.core.engine import cells
from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.services import workbooks
from cloudmove.inventory.tests.test_workbook import SYSTEMS, VMS, export
from cloudmove.inventory.tests.workbook_utils import column, read_all, set_cell, write_all


def run(path, unit, dry_run=False, lang='en'):
    with translation.override(lang):
        return workbooks.import_file(str(path), unit, None, dry_run=dry_run).as_dict()


def changes(result):
    return {k: {s: n for s, n in result[k].items() if n} for k in ('created', 'updated', 'removed')}


def test_people_style_values_are_understood(inventory, tmp_path):
    sheets = read_all(export(tmp_path, inventory['a']))
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'contract end date', '31/12/2026')
    set_cell(sheets[SYSTEMS], 'code', 'A-PORTAL', 'contract end date', date(2027, 6, 30))
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'availability required (%)', '99,5')
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'annual operating cost (VND)', '1.234.567.000')
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'internet-facing', 'có')
    set_cell(sheets[SYSTEMS], 'code', 'A-PORTAL', 'category', 'Cổng / trang thông tin điện tử')  # the Vietnamese label
    nfd = unicodedata.normalize('NFD', 'Quản lý cán bộ')
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'name', nfd + '   ')                         # NFD, trailing spaces
    vms = sheets[VMS]
    vms.insert(3, [''] * len(vms[0]))                                                      # a blank row
    vms[0].append('Ghi chú riêng của đơn vị')                                               # an extra column
    edited = tmp_path / 'people.xlsx'
    write_all(edited, sheets)
    result = run(edited, inventory['a'])
    assert result['errors'] == [], result['errors']
    assert changes(result) == {'created': {}, 'updated': {SYSTEMS: 2}, 'removed': {}}
    hr = m.InformationSystem.objects.get(code='A-HR')
    assert hr.contract_end == date(2026, 12, 31) and hr.availability_pct == Decimal('99.500')
    assert hr.annual_cost_vnd == 1_234_567_000 and hr.internet_facing is True
    assert hr.name == 'Quản lý cán bộ'          # stored NFC, trimmed: no change was recorded for it
    portal = m.InformationSystem.objects.get(code='A-PORTAL')
    assert portal.contract_end == date(2027, 6, 30) and portal.category == 'portal'


@pytest.mark.parametrize('bom', [True, False])
def test_one_sheet_as_csv_utf8(inventory, tmp_path, bom):
    sheets = read_all(export(tmp_path, inventory['a']))
    set_cell(sheets[VMS], 'name', 'web0', 'vCPUs', 12)
    lines = []
    for row in sheets[VMS]:
        lines.append(','.join('"' + str(v).replace('"', '""') + '"' if v not in (None, '') else '' for v in row))
    path = tmp_path / 'may-ao.csv'
    path.write_bytes(('\ufeff' if bom else '').encode() + '\n'.join(lines).encode('utf-8'))
    result = run(path, inventory['a'])
    assert result['errors'] == [], result['errors']
    assert changes(result) == {'created': {}, 'updated': {VMS: 1}, 'removed': {}}
    assert m.VirtualMachine.objects.get(name='web0').vcpus == 12
    assert m.InformationSystem.objects.count() == 3  # other sheets untouched


def refused(result, fragment):
    assert not result['applied'] and result['errors']
    assert any(fragment in e['message'] for e in result['errors']), result['errors']


def test_refusals_with_clear_messages(inventory, tmp_path, settings):
    unit = inventory['a']
    trail = AuditRecord.objects.count()
    junk = tmp_path / 'junk.xlsx'
    junk.write_bytes(b'\x00\x01 not a spreadsheet at all' * 10)
    refused(run(junk, unit), 'not an Excel workbook')
    refused(run(junk, unit, lang='vi'), 'không phải tệp Excel')
    empty = tmp_path / 'empty.xlsx'
    empty.write_bytes(b'')
    refused(run(empty, unit), 'empty')
    truncated = tmp_path / 'truncated.xlsx'
    truncated.write_bytes(export(tmp_path, unit).read_bytes()[:3000])
    refused(run(truncated, unit), 'not an Excel workbook')

    sheets = read_all(export(tmp_path, unit))
    del sheets['Máy ảo']
    missing = tmp_path / 'missing-sheet.xlsx'
    write_all(missing, sheets)
    refused(run(missing, unit), 'Máy ảo')

    sheets = read_all(export(tmp_path, unit))
    vcpu = column(sheets[VMS], 'vCPUs')
    sheets[VMS] = [r[:vcpu] + r[vcpu + 1:] for r in sheets[VMS]]
    no_column = tmp_path / 'missing-column.xlsx'
    write_all(no_column, sheets)
    refused(run(no_column, unit), 'vCPU')

    sheets = read_all(export(tmp_path, unit))
    formula = tmp_path / 'formula.xlsx'
    write_all(formula, sheets, formulas=[(VMS, 2, vcpu, '=1+1')])
    result = run(formula, unit)
    refused(result, 'formula')
    assert result['errors'][0]['row'] == 3 and result['errors'][0]['sheet'] == VMS

    settings.CLOUDMOVE_MAX_UPLOAD_MIB = 0
    refused(run(export(tmp_path, unit), unit), 'limit')
    assert AuditRecord.objects.count() == trail


def test_zip_bomb_is_refused_before_parsing(inventory, tmp_path):
    bomb = tmp_path / 'bomb.xlsx'
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', '<workbook/>')
        z.writestr('xl/worksheets/sheet1.xml', b'<' + b'a' * (200 * 1024 * 1024) + b'>')
    assert bomb.stat().st_size < 1024 * 1024
    refused(run(bomb, inventory['a']), 'unsafe')


def test_export_neutralises_formula_injection(inventory, tmp_path):
    system = m.InformationSystem.objects.get(code='A-HR')
    system.description = '=HYPERLINK("http://evil.example","click")'
    system.vendor = '+cmd|calc'
    system.save()
    path = export(tmp_path, inventory['a'])
    with zipfile.ZipFile(path) as z:
        xml = ''.join(z.read(n).decode() for n in z.namelist() if n.startswith('xl/'))
    assert '<f>' not in xml
    rows = read_all(path)[SYSTEMS]
    values = {v for r in rows for v in r}
    assert '\'=HYPERLINK("http://evil.example","click")' in values and "'+cmd|calc" in values
    result = run(path, inventory['a'])
    assert result['errors'] == [] and changes(result)['updated'] == {}  # the guard is stripped on the way in


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.floats(allow_nan=True), st.integers(), st.booleans(), st.dates(), st.none()))
def test_cell_parsers_only_return_or_refuse(value):
    for parse in (cells.number, cells.boolean, cells.a_date, cells.ip, cells.cidr, cells.mac, cells.text,
                  lambda v: cells.integer(v, 0, 100), lambda v: cells.choice(v, {'a': 'a'}), cells.split_list):
        with contextlib.suppress(cells.CellError):
            parse(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=0, max_size=4000))
def test_random_bytes_are_refused_cleanly(tree, tmp_path_factory, data):
    path = tmp_path_factory.mktemp('fuzz') / 'upload.xlsx'
    path.write_bytes(data)
    result = workbooks.import_file(str(path), tree['a'], None).as_dict()
    assert result['errors'] and not result['applied']


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=100, max_value=20000), flips=st.lists(st.integers(0, 20000), max_size=5))
def test_damaged_workbooks_are_refused_or_imported_never_crash(inventory, tmp_path_factory, cut, flips):
    folder = tmp_path_factory.mktemp('damaged')
    original = export(folder, inventory['a']).read_bytes()
    data = bytearray(original[:cut] if cut < len(original) else original)
    for i in flips:
        if i < len(data):
            data[i] ^= 0xFF
    path = folder / 'damaged.xlsx'
    path.write_bytes(bytes(data))
    before = m.VirtualMachine.objects.count()
    result = workbooks.import_file(str(path), inventory['a'], None).as_dict()
    assert isinstance(result['errors'], list)
    if result['errors']:
        assert m.VirtualMachine.objects.count() == before


def test_csv_with_wrong_encoding_is_refused(inventory, tmp_path):
    path = tmp_path / 'latin.csv'
    path.write_bytes('tên,vCPU\nmáy,2\n'.encode('cp1258', errors='replace') + b'\xff\xfe')
    refused(run(path, inventory['a']), 'UTF-8')
    unknown = tmp_path / 'unknown.csv'
    unknown.write_text('a,b,c\n1,2,3\n', encoding='utf-8')
    refused(run(unknown, inventory['a']), 'CSV')


def test_csv_sniffing_handles_semicolons(inventory, tmp_path):
    sheets = read_all(export(tmp_path, inventory['a']))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=';')
    for row in sheets[VMS]:
        writer.writerow(['' if v in (None, '') else v for v in row])
    path = tmp_path / 'semicolon.csv'
    path.write_text(buf.getvalue(), encoding='utf-8')
    result = run(path, inventory['a'])
    assert result['errors'] == [] and changes(result)['updated'] == {}


def test_sheets_decoded_ahead_read_the_same_in_any_order(inventory, tmp_path):
    from cloudmove.core.imports import reader

    path = export(tmp_path, inventory['a'])
    plain = reader.read(path)
    names = list(plain.sheets)
    expected = {name: plain.rows(name) for name in names}
    ahead = reader.read(path)
    ahead.expect(names)
    assert [ahead.rows(name) for name in names] == [expected[name] for name in names]
    # Asked out of order (or twice), a sheet is still the right one.
    ahead.expect(names)
    assert ahead.rows(names[2]) == expected[names[2]]
    assert ahead.rows(names[0]) == expected[names[0]] and ahead.rows(names[0]) == expected[names[0]]
    assert ahead.rows(names[3]) == expected[names[3]]


def test_an_import_leaves_the_garbage_collector_as_it_found_it(inventory, tmp_path):
    import gc

    path = export(tmp_path, inventory['a'])
    assert gc.isenabled()
    run(path, inventory['a'])
    assert gc.isenabled()
    with pytest.raises(FileNotFoundError):
        run(tmp_path / 'missing.xlsx', inventory['a'])
    assert gc.isenabled()
