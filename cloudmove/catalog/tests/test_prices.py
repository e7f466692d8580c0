"""Price books: import from CSV/XLSX all or nothing with every problem listed, versions kept as history,
export that re-imports unchanged, and the command line (acceptance A)."""

import csv
import json
from datetime import date

import pytest
from django.core.management import call_command

from cloudmove.catalog import models as m
from cloudmove.catalog.pricebook import spec
from cloudmove.catalog.services import prices
from cloudmove.core.models import AuditRecord
from cloudmove.inventory.tests.workbook_utils import column, read_all, set_cell, write_all

BOOK, FLAVOURS, TIERS, SERVICES = 'Bảng giá', 'Máy chủ ảo', 'Lưu trữ', 'Dịch vụ'
FLAVOUR_FIELDS = ['code', 'name', 'family', 'vcpus', 'memory_mib', 'local_disk_gib', 'gpu', 'monthly_vnd',
                  'hourly_vnd']
TIER_FIELDS = ['code', 'name', 'kind', 'gib_month_vnd', 'max_iops', 'max_throughput_mbps', 'max_disk_gib']
SERVICE_FIELDS = ['code', 'name', 'category', 'kind', 'spec', 'unit', 'price_vnd']


@pytest.fixture
def provider(db):
    return m.Provider.objects.create(code='NCC-X', name='Nhà cung cấp X', kind='domestic')


def headers(sheet_id, fields):
    sheet = spec.by_id(sheet_id)
    return ([sheet.column(f).label('vi') + (' *' if sheet.column(f).required else '') for f in fields],
            [sheet.column(f).label('en') for f in fields])


def write_csv(path, sheet_id, fields, rows):
    """A CSV as a person saves it from a spreadsheet: Vietnamese and English headers, UTF-8 with BOM."""
    vi, en = headers(sheet_id, fields)
    with open(path, 'w', newline='', encoding='utf-8-sig') as fh:
        writer = csv.writer(fh)
        writer.writerow(vi)
        writer.writerow(en)
        writer.writerows(rows)
    return path


def flavour_rows(n=200):
    """n flavours, prices in the Vietnamese way ('1.234.000'), GPU as Có/Không."""
    rows = []
    for i in range(n):
        vcpus, ratio = 1 + i % 32, (2, 4, 8)[i % 3]
        monthly = 100_000 * vcpus + 50_000 * vcpus * ratio
        rows.append([f'f{i:03d}', f'Máy {i}', ('Đa dụng', 'Tính toán', 'Bộ nhớ')[i % 3], vcpus, vcpus * ratio * 1024,
                     40, 'Có' if i % 50 == 49 else 'Không', f'{monthly:,}'.replace(',', '.'), monthly // 720])
    return rows


def tier_rows(n=10):
    kinds = ['Block storage (SSD)', 'block_hdd', 'object', 'archive', 'file']
    return [[f't{i}', f'Lưu trữ {i}', kinds[i % 5], 500 + 100 * i, 1000 * i or '', 100 + i, 16384] for i in range(n)]


def run_cli(capsys, *args):
    """`catalog import-prices ... --json`: (exit status, parsed JSON)."""
    status = 0
    capsys.readouterr()  # what earlier commands printed
    try:
        call_command('catalog', 'import-prices', *[str(a) for a in args], '--json')
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(capsys.readouterr().out)


def nonzero(counts):
    return {k: v for k, v in counts.items() if v}


def test_acceptance_a_csv_import_of_200_flavours_and_10_tiers(provider, tmp_path, capsys):
    flavours = write_csv(tmp_path / 'flavours.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows())
    tiers = write_csv(tmp_path / 'tiers.csv', 'storage_tiers', TIER_FIELDS, tier_rows())

    status, result = run_cli(capsys, flavours, '--provider', 'NCC-X', '--version', '2026.1',
                             '--valid-from', '01/01/2026')
    assert status == 0 and result['errors'] == []
    assert nonzero(result['created']) == {BOOK: 1, FLAVOURS: 200}
    assert result['price_book'] == {'provider': 'NCC-X', 'version': '2026.1', 'id': result['price_book']['id'],
                                    'new': True, 'ends': []}
    status, result = run_cli(capsys, tiers, '--provider', 'NCC-X', '--version', '2026.1')
    assert status == 0 and nonzero(result['created']) == {TIERS: 10} and result['unchanged'] == {BOOK: 1, TIERS: 0}

    book = m.PriceBook.objects.get(provider=provider)
    assert (book.version, book.valid_from, book.valid_to) == ('2026.1', date(2026, 1, 1), None)
    assert book.flavours.count() == 200 and book.storagetiers.count() == 10
    f = book.flavours.get(code='f049')
    assert (f.vcpus, f.memory_mib, f.gpu, f.monthly_vnd) == (18, 18 * 4 * 1024, True, 100_000 * 18 + 50_000 * 72)
    t = book.storagetiers.get(code='t0')
    assert (t.kind, t.gib_month_vnd, t.max_iops) == ('block_ssd', 500, None)
    created = AuditRecord.objects.filter(object_type='catalog.flavour', action='create', source='import')
    assert set(created.values_list('object_id', flat=True)) == {str(pk) for pk in book.flavours.values_list(
        'pk', flat=True)}


def whole_csv(path, flavours, tiers):
    """One CSV for the whole price book: an item-type column, then the columns of every kind."""
    fields = list(dict.fromkeys(FLAVOUR_FIELDS + TIER_FIELDS))
    label = {}
    for sheet_id, own in (('flavours', FLAVOUR_FIELDS), ('storage_tiers', TIER_FIELDS)):
        for f in own:
            label.setdefault(f, spec.by_id(sheet_id).column(f))
    with open(path, 'w', newline='', encoding='utf-8-sig') as fh:
        writer = csv.writer(fh)
        writer.writerow(['Nhóm mục'] + [label[f].label('vi') for f in fields])
        writer.writerow(['Item type'] + [label[f].label('en') for f in fields])
        for kind, own, rows in ((FLAVOURS, FLAVOUR_FIELDS, flavours), ('storage_tiers', TIER_FIELDS, tiers)):
            for row in rows:
                values = dict(zip(own, row, strict=True))
                writer.writerow([kind] + [values.get(f, '') for f in fields])
    return path


def test_acceptance_a_one_csv_with_200_flavours_and_10_tiers(provider, tmp_path, capsys):
    path = whole_csv(tmp_path / 'bang-gia.csv', flavour_rows(), tier_rows())
    status, result = run_cli(capsys, path, '--provider', 'NCC-X', '--version', '2026.1', '--valid-from', '01/01/2026')
    assert status == 0, result['errors']
    assert nonzero(result['created']) == {BOOK: 1, FLAVOURS: 200, TIERS: 10}
    book = m.PriceBook.objects.get(provider=provider)
    assert book.flavours.count() == 200 and book.storagetiers.count() == 10
    assert book.flavours.get(code='f049').gpu and book.storagetiers.get(code='t0').kind == 'block_ssd'

    # Bad rows in both kinds and an unknown item type: all reported at their CSV rows, nothing written.
    flavours, tiers = flavour_rows(), tier_rows()
    flavours[0][3] = 'hai'        # row 3
    tiers[1][3] = '-1'            # row 204: a negative price
    bad = whole_csv(tmp_path / 'bad.csv', flavours, tiers)
    lines = bad.read_text(encoding='utf-8-sig').splitlines()
    lines[9] = lines[9].replace('Máy chủ ảo', 'Máy ảo', 1)   # row 10
    bad.write_text('\n'.join(lines) + '\n', encoding='utf-8-sig')
    status, result = run_cli(capsys, bad, '--provider', 'NCC-X', '--version', '2026.2', '--valid-from', '01/06/2026')
    assert status == 1
    assert sorted((e['row'], e['value']) for e in result['errors']) == [(3, 'hai'), (10, 'Máy ảo'), (204, -1)]
    assert m.PriceBook.objects.filter(provider=provider).count() == 1

    # The export as one CSV (a -o ending in .csv) re-imports with no change.
    out = tmp_path / 'out.csv'
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(out))
    assert out.read_text(encoding='utf-8-sig').startswith('"Nhóm mục *"')
    status, result = run_cli(capsys, out, '--provider', 'NCC-X', '--version', '2026.1')
    assert status == 0 and nonzero(result['created']) == nonzero(result['updated']) == nonzero(result['removed']) == {}
    assert result['unchanged'][FLAVOURS] == 200 and result['unchanged'][TIERS] == 10


def test_invalid_csv_is_refused_with_every_error_listed(provider, tmp_path, capsys):
    rows = flavour_rows(40)
    rows[2][3] = 'bốn'            # row 5: vCPU not a number
    rows[5][4] = ''               # row 8: memory missing
    rows[9][7] = '-5'             # row 12: a negative price
    rows[17][0] = 'f001'          # row 20: the code of row 4 again
    rows[27][6] = 'có lẽ'         # row 30: not yes/no
    path = write_csv(tmp_path / 'bad.csv', 'flavours', FLAVOUR_FIELDS, rows)
    trail = AuditRecord.objects.count()

    status, result = run_cli(capsys, path, '--provider', 'NCC-X', '--version', '2026.1', '--valid-from', '2026-01-01')
    assert status == 1
    sheet = spec.by_id('flavours')
    label = {f: sheet.column(f).label('vi') for f in FLAVOUR_FIELDS}
    found = sorted((e['row'], e['column'], e['value']) for e in result['errors'])
    assert found == [(5, label['vcpus'], 'bốn'), (8, label['memory_mib'], None), (12, label['monthly_vnd'], -5),
                     (20, label['code'], 'f001'), (30, label['gpu'], 'có lẽ')]
    assert all(e['sheet'] == FLAVOURS and e['message'] for e in result['errors'])
    assert set(result['errors'][0]) == {'sheet', 'row', 'column', 'value', 'message'}
    assert not m.PriceBook.objects.exists() and not m.Flavour.objects.exists()
    assert AuditRecord.objects.count() == trail


def test_refused_import_into_an_existing_version_changes_nothing(provider, tmp_path, capsys):
    good = write_csv(tmp_path / 'good.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(5))
    assert run_cli(capsys, good, '--provider', 'NCC-X', '--version', 'v1', '--valid-from', '01/01/2026')[0] == 0
    before = list(m.Flavour.objects.values_list('code', 'monthly_vnd').order_by('code'))
    rows = flavour_rows(5)
    rows[0][7] = 999
    rows[1][3] = 'x'
    status, result = run_cli(capsys, write_csv(tmp_path / 'bad.csv', 'flavours', FLAVOUR_FIELDS, rows),
                             '--provider', 'NCC-X', '--version', 'v1')
    assert status == 1 and [e['row'] for e in result['errors']] == [4]
    assert list(m.Flavour.objects.values_list('code', 'monthly_vnd').order_by('code')) == before


def test_export_reimports_identically(provider, tmp_path, capsys):
    write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows())
    write_csv(tmp_path / 't.csv', 'storage_tiers', TIER_FIELDS, tier_rows())
    write_csv(tmp_path / 's.csv', 'services', SERVICE_FIELDS, [
        ['egress', 'Lưu lượng ra', 'network', 'egress', '', 'per GiB', '1.000'],
        ['=cmd', 'Công thức?', 'licence', 'windows_server', '+core', 'core_month', 95000]])
    for name in ('f.csv', 't.csv', 's.csv'):
        status, _result = run_cli(capsys, tmp_path / name, '--provider', 'NCC-X', '--version', '2026.1',
                                  '--valid-from', '01/01/2026', '--valid-to', '31/12/2026')
        assert status == 0, _result
    trail = AuditRecord.objects.count()

    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(tmp_path / 'out.xlsx'))
    status, result = run_cli(capsys, tmp_path / 'out.xlsx', '--provider', 'NCC-X')
    assert status == 0, result['errors']
    assert nonzero(result['created']) == nonzero(result['updated']) == nonzero(result['removed']) == {}
    assert result['unchanged'] == {BOOK: 1, FLAVOURS: 200, TIERS: 10, SERVICES: 2}
    for kind, sheet_id in spec.KINDS.items():
        call_command('catalog', 'export-prices', '--provider', 'NCC-X', '--kind', kind, '-o',
                     str(tmp_path / f'{kind}.csv'))
        status, result = run_cli(capsys, tmp_path / f'{kind}.csv', '--provider', 'NCC-X', '--version', '2026.1')
        assert result['errors'] == []
        titles = [spec.by_id(sheet_id).title] if sheet_id else [FLAVOURS, TIERS, SERVICES]
        assert status == 0 and nonzero(result['created']) == nonzero(result['updated']) == {}
        assert nonzero(result['removed']) == {} and all(result['unchanged'][title] > 0 for title in titles)
    assert AuditRecord.objects.count() == trail
    assert m.ServicePrice.objects.get(code='=cmd').spec == '+core'   # kept as text, never run as a formula


def test_workbook_has_the_version_sheet_headers_and_dropdowns(provider, tmp_path, capsys):
    run_cli(capsys, write_csv(tmp_path / 't.csv', 'storage_tiers', TIER_FIELDS, tier_rows(3)), '--provider',
            'NCC-X', '--version', '2026.1', '--valid-from', '01/01/2026')
    path = tmp_path / 'book.xlsx'
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(path))
    sheets = read_all(path)
    assert [s for s in sheets if not s.startswith('_')] == ['Hướng dẫn', BOOK, FLAVOURS, TIERS, SERVICES]
    assert sheets[BOOK][2][0] == '2026.1' and sheets[BOOK][1][0] == 'version'
    tiers = sheets[TIERS]
    kind = column(tiers, 'kind')
    assert tiers[2][kind] == spec.by_id('storage_tiers').column('kind').choice_label('block_ssd')
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read('xl/worksheets/sheet5.xml').decode()   # Lưu trữ (after instructions, lists, book, flavours)
    assert '<dataValidation' in xml and 'type="list"' in xml


def test_a_new_version_keeps_the_old_one(provider, tmp_path, capsys):
    run_cli(capsys, write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(10)), '--provider',
            'NCC-X', '--version', '2025', '--valid-from', '01/01/2025', '--valid-to', '31/12/2025')
    path = tmp_path / 'book.xlsx'
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '--version', '2025', '-o', str(path))
    sheets = read_all(path)
    book = sheets[BOOK]
    book[2][column(book, 'version')] = '2026'
    book[2][column(book, 'valid from')] = date(2026, 1, 1)
    book[2][column(book, 'valid to')] = ''
    set_cell(sheets[FLAVOURS], 'code', 'f003', 'monthly price (VND)', 1_234_000)
    sheets[FLAVOURS] = [r for r in sheets[FLAVOURS] if r[0] != 'f009']
    write_all(path, {k: v for k, v in sheets.items() if not k.startswith('_')})

    status, result = run_cli(capsys, path, '--provider', 'NCC-X')
    assert status == 0, result['errors']
    assert nonzero(result['created']) == {BOOK: 1, FLAVOURS: 9}
    old, new = m.PriceBook.objects.get(version='2025'), m.PriceBook.objects.get(version='2026')
    assert old.flavours.count() == 10 and new.flavours.count() == 9
    assert old.flavours.get(code='f003').monthly_vnd != 1_234_000
    assert new.flavours.get(code='f003').monthly_vnd == 1_234_000
    assert prices.in_force(provider, date(2025, 6, 1)) == old
    assert prices.in_force(provider, date(2026, 6, 1)) == new

    # Into the existing version: matched by code.
    set_cell(sheets[FLAVOURS], 'code', 'f004', 'vCPU', 64)
    sheets[FLAVOURS] = [r for r in sheets[FLAVOURS] if r[0] != 'f005']
    sheets[FLAVOURS].append(['f100', 'Mới', '', 2, 4096, 0, 'Không', 500000, ''])
    write_all(path, {k: v for k, v in sheets.items() if not k.startswith('_')})
    status, result = run_cli(capsys, path, '--provider', 'NCC-X')
    assert status == 0, result['errors']
    assert (nonzero(result['created']), nonzero(result['updated']), nonzero(result['removed'])) == (
        {FLAVOURS: 1}, {FLAVOURS: 1}, {FLAVOURS: 1})
    assert result['unchanged'][FLAVOURS] == 7 and result['unchanged'][BOOK] == 1
    assert set(new.flavours.values_list('code', flat=True)) == {f'f00{i}' for i in (0, 1, 2, 3, 4, 6, 7, 8)} | {'f100'}
    update = AuditRecord.objects.get(object_type='catalog.flavour', action='update')
    assert (update.before, update.after, update.source) == ({'vcpus': 5}, {'vcpus': 64}, 'import')
    assert AuditRecord.objects.filter(object_type='catalog.flavour', action='delete').count() == 1
    assert old.flavours.count() == 10


def test_workbook_problems_across_sheets(provider, tmp_path, capsys):
    run_cli(capsys, write_csv(tmp_path / 's.csv', 'services', SERVICE_FIELDS, [
        ['ip', 'IP', 'network', 'public_ip', '', 'month', 100000]]), '--provider', 'NCC-X', '--version', 'v1',
        '--valid-from', '01/01/2026')
    path = tmp_path / 'book.xlsx'
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(path))
    sheets = read_all(path)
    book = sheets[BOOK]
    book[2][column(book, 'valid to')] = date(2025, 1, 1)
    sheets[SERVICES].append(['lic', 'Windows', 'Network', 'Windows Server', '', 'core_month', 95000])
    sheets[TIERS].append(['t1', '', 'ổ mềm', 100])
    write_all(path, {k: v for k, v in sheets.items() if not k.startswith('_')})
    status, result = run_cli(capsys, path, '--provider', 'NCC-X')
    assert status == 1
    where = sorted((e['sheet'], e['row']) for e in result['errors'])
    assert where == [(BOOK, 3), (SERVICES, 4), (TIERS, 3)]
    assert m.PriceBook.objects.get().valid_to is None

    other = m.Provider.objects.create(code='NCC-Y', name='Y', kind='domestic')
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(path))
    status, result = run_cli(capsys, path, '--provider', other.code)
    assert status == 1 and 'NCC-X' in result['errors'][0]['message']
    assert not other.price_books.exists()


def test_csv_needs_a_version_and_a_new_version_its_start(provider, tmp_path, capsys):
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(2))
    status, result = run_cli(capsys, path, '--provider', 'NCC-X')
    assert status == 1 and len(result['errors']) == 1
    status, result = run_cli(capsys, path, '--provider', 'NCC-X', '--version', 'v9')
    assert status == 1 and [(e['sheet'], e['column']) for e in result['errors']] == [
        (BOOK, spec.by_id('book').column('valid_from').label('vi'))]
    unknown = tmp_path / 'other.csv'
    unknown.write_text('a,b\n1,2\n', encoding='utf-8')
    status, result = run_cli(capsys, unknown, '--provider', 'NCC-X', '--version', 'v9')
    assert status == 1 and result['errors'][0]['row'] == 1
    assert not m.PriceBook.objects.exists()


def test_dry_run_and_text_output(provider, tmp_path, capsys):
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(3))
    call_command('catalog', 'import-prices', str(path), '--provider', 'NCC-X', '--version', 'v1',
                 '--valid-from', '01/01/2026', '--dry-run')
    out = capsys.readouterr().out
    assert f'{FLAVOURS}: 3 mới' in out and 'Chạy thử: không ghi dữ liệu nào.' in out
    assert not m.PriceBook.objects.exists()


def test_workbook_imported_as_another_version_and_only_by_admins(provider, tmp_path, capsys, users):
    run_cli(capsys, write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(4)), '--provider',
            'NCC-X', '--version', '2025', '--valid-from', '01/01/2025')
    path = tmp_path / 'book.xlsx'
    call_command('catalog', 'export-prices', '--provider', 'NCC-X', '-o', str(path))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command('catalog', 'import-prices', str(path), '--provider', 'NCC-X', '--version', '2026',
                     '--valid-from', '01/01/2026', '--user', 'officer_a')
    status, result = run_cli(capsys, path, '--provider', 'NCC-X', '--version', '2026', '--valid-from', '01/01/2026',
                             '--user', 'admin')
    assert status == 0 and nonzero(result['created']) == {BOOK: 1, FLAVOURS: 4}
    assert sorted(m.PriceBook.objects.values_list('version', 'valid_from')) == [
        ('2025', date(2025, 1, 1)), ('2026', date(2026, 1, 1))]
    assert AuditRecord.objects.filter(object_type='catalog.pricebook', action='create', username='admin').count() == 1


def test_a_new_version_ends_the_one_still_running(provider, tmp_path, capsys):
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(3))
    assert run_cli(capsys, path, '--provider', 'NCC-X', '--version', 'v1', '--valid-from', '01/01/2026')[0] == 0
    # The preview says which running version the new one will end, and on which day; nothing is written.
    status, dry = run_cli(capsys, path, '--provider', 'NCC-X', '--version', 'v2', '--valid-from', '01/07/2026',
                          '--dry-run')
    assert status == 0 and dry['price_book']['ends'] == [{'version': 'v1', 'valid_to': '2026-06-30'}]
    assert m.PriceBook.objects.get(version='v1').valid_to is None
    call_command('catalog', 'import-prices', str(path), '--provider', 'NCC-X', '--version', 'v2',
                 '--valid-from', '01/07/2026', '--dry-run')
    assert 'v1 kết thúc ngày 30/06/2026' in capsys.readouterr().out
    status, applied = run_cli(capsys, path, '--provider', 'NCC-X', '--version', 'v2', '--valid-from', '01/07/2026')
    assert status == 0 and applied['price_book']['ends'] == [{'version': 'v1', 'valid_to': '2026-06-30'}]
    v1, v2 = m.PriceBook.objects.get(version='v1'), m.PriceBook.objects.get(version='v2')
    assert (v1.valid_to, v2.valid_to) == (date(2026, 6, 30), None) and v1.flavours.count() == 3
    ended = AuditRecord.objects.get(object_type='catalog.pricebook', object_id=str(v1.pk), action='update')
    assert ended.after == {'valid_to': '2026-06-30'} and ended.source == 'import'
    assert prices.in_force(provider, date(2026, 6, 30)) == v1 and prices.in_force(provider, date(2026, 7, 1)) == v2
