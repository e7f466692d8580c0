"""The periodic programme report: drafted from the data of a period, edited, and made into a .docx in the
Decree 30/2020 layout (A4, Times New Roman 13, margins within the decree's ranges, the mandatory
components in their places, "./." after the content, page numbers from page 2) that LibreOffice opens,
with an .xlsx annex; from the pages, the API and `cloudmove report progress`."""

import io
from datetime import date

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from cloudmove.conftest import api_client
from cloudmove.core.models import AuditRecord
from cloudmove.planning.tests.test_designs import soffice
from cloudmove.reporting.models import ProgressReport
from cloudmove.reporting.services import progress
from cloudmove.reporting.tests.test_dashboard import programme

API = '/api/reporting/progress-reports/'


def this_quarter():
    today = timezone.localdate()
    return f'{today.year}-Q{(today.month - 1) // 3 + 1}'


def test_periods():
    assert progress.bounds('2026-Q1') == (date(2026, 1, 1), date(2026, 3, 31))
    assert progress.bounds('2024-02') == (date(2024, 2, 1), date(2024, 2, 29))
    for bad in ('2026-Q5', '2026-13', '26-Q1', '', 'Q1-2026'):
        with pytest.raises(ValidationError):
            progress.bounds(bad)


def test_a_report_is_drafted_from_the_period_and_audited(tree, users):
    programme(tree)
    tree['root'].is_programme_office = True
    tree['root'].save()
    with translation.override('en'):
        report = progress.draft(users['admin'], {'period': this_quarter(), 'number': '25/BC-SKHCN'})
    assert report.issuer == tree['root'] and report.number == '25/BC-SKHCN'
    assert 'Migration: 5 systems in waves; 2 live or later, 1 closed' in report.results
    assert 'Survey “Khảo sát 0”: 1 of 2 units approved, 70 % complete on average.' in report.results
    assert 'DEP-A-S0-3 (DEP-A): Thiếu đường truyền 0' in report.difficulties
    assert AuditRecord.objects.filter(object_type='reporting.progressreport', action='create').count() == 1
    # a unit's officer drafts for its own unit only
    with pytest.raises(PermissionDenied):
        progress.draft(users['officer_b'], {'period': this_quarter(), 'issuer': tree['a']})


def read(data):
    return docx.Document(io.BytesIO(data))


def test_the_docx_follows_decree_30_and_libreoffice_opens_it(tree, users, tmp_path):
    programme(tree)
    report = progress.draft(users['admin'], {'period': '2026-Q4', 'issuer': tree['a'], 'number': '7/BC-SA',
                                             'place': 'Thanh Hóa', 'report_date': date(2026, 1, 5),
                                             'signer_name': 'Nguyễn Văn A', 'signer_position': 'Giám đốc'})
    with translation.override('vi'):
        data = progress.build(report, users['admin'])
    document = read(data)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles['Normal']
    assert normal.font.name == 'Times New Roman' and normal.font.size.pt == 13
    # the first block: issuing body beside the national motto and slogan, number, place and date
    header = document.tables[0]
    left, right = (c.text for c in header.rows[0].cells)
    assert 'UBND TỈNH' in left and 'SỞ A' in left and 'Số: 7/BC-SA' in left
    assert 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' in right and 'Độc lập - Tự do - Hạnh phúc' in right
    assert 'Thanh Hóa, ngày 05 tháng 01 năm 2026' in right     # leading zeros for the day and January
    slogan = next(p for p in header.rows[0].cells[1].paragraphs if 'Độc lập' in p.text)
    assert slogan.runs[0].bold and slogan.runs[0].underline
    body = [p.text for p in document.paragraphs]
    assert body[0] == 'BÁO CÁO' and body[1] == report.subject
    assert body[-1].endswith('./.')                            # the content's end mark
    signer = document.tables[-1]
    left, right = (c.text for c in signer.rows[0].cells)
    assert 'Nơi nhận:' in left and 'GIÁM ĐỐC' in right and 'Nguyễn Văn A' in right
    # page numbers in the header, not on the first page
    assert section.different_first_page_header_footer
    assert 'PAGE' in section.header._element.xml and 'PAGE' not in section.first_page_header._element.xml
    tables = document.tables[1:-1]
    assert any('Thiếu đường truyền 0' in p.text for p in document.paragraphs)
    assert any(row.cells[0].text.strip() == 'Sở A' for t in tables for row in t.rows)   # migrations by unit

    path = tmp_path / 'report.docx'
    path.write_bytes(data)
    pdf = soffice(path, 'pdf', tmp_path)
    assert pdf.read_bytes()[:5] == b'%PDF-' and pdf.read_bytes().count(b'/Type /Page\n') + pdf.read_bytes().count(
        b'/Type/Page') >= 1
    text = soffice(path, 'txt:Text (encoded):UTF8', tmp_path).read_text(encoding='utf-8-sig')
    first = text[:400]   # what opens the document, on its first page
    for words in ('SỞ A', 'Số: 7/BC-SA', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
                  'ngày 05 tháng 01 năm 2026'):
        assert words in first, words
    assert text.index('BÁO CÁO') > text.index('Hạnh phúc') and './.' in text


def test_the_annex_the_api_the_pages_and_the_command(tree, users, web, tmp_path, capsys):
    programme(tree)
    officer = api_client(users['officer_a'])
    response = officer.post(API, {'issuer': tree['a'].pk, 'period': this_quarter(), 'report_date': '2026-10-05'},
                            format='json')
    assert response.status_code == 201, response.content
    pk = response.json()['id']
    assert 'DEP-A-S0-3' in ProgressReport.objects.get(pk=pk).difficulties        # drafted from the data
    got = officer.get(f'{API}{pk}/docx/')
    assert got.status_code == 200 and read(got.content).paragraphs[0].text
    annex = CalamineWorkbook.from_filelike(io.BytesIO(officer.get(f'{API}{pk}/annex/').content))
    assert len(annex.sheet_names) == 5
    blocked = annex.get_sheet_by_index(3).to_python()
    assert blocked[1][:2] == ['DEP-A-S0-3', 'DEP-A']
    assert api_client(users['officer_b']).get(f'{API}{pk}/docx/').status_code == 404

    client = web('officer_a')
    page = client.get(f'/reporting/progress-reports/{pk}/').content.decode()
    assert 'data-report-docx' in page
    assert client.get(f'/reporting/progress-reports/{pk}/report.docx').status_code == 200
    assert web('officer_b').get(f'/reporting/progress-reports/{pk}/report.docx').status_code == 404

    out, annex_path = tmp_path / 'r.docx', tmp_path / 'r.xlsx'
    call_command('report', 'progress', '--period', this_quarter(), '-o', str(out), '--annex', str(annex_path))
    assert read(out.read_bytes()).paragraphs[-1].text.endswith('./.') and annex_path.stat().st_size > 1000
    with pytest.raises(CommandError):
        call_command('report', 'progress', '--period', '2026-Q9', '-o', str(out))


def test_the_annex_pack_holds_the_annex_and_the_lists_each_in_the_users_scope(tree, users, web):
    import zipfile

    from cloudmove.inventory.services.generate import sample_system

    programme(tree)
    sample_system(tree['b'], 'KHAC')   # another unit's system: not in DEP-A's pack
    officer = api_client(users['officer_a'])
    pk = officer.post(API, {'issuer': tree['a'].pk, 'period': this_quarter(), 'report_date': '2026-10-05'},
                      format='json').json()['id']
    got = officer.get(f'{API}{pk}/annex-pack/')
    assert got.status_code == 200 and got['Content-Type'] == 'application/zip'
    pack = zipfile.ZipFile(io.BytesIO(got.content))
    assert pack.namelist() == [f'bao-cao-{this_quarter()}.xlsx', *(name for name, _label in progress.ANNEX_LISTS)]
    systems = CalamineWorkbook.from_filelike(io.BytesIO(pack.read('danh-muc-he-thong-thong-tin.xlsx')))
    table = systems.get_sheet_by_index(0).to_python()
    code = table[0].index('Mã')
    codes = [row[code] for row in table[1:]]
    assert codes and all(c.startswith('DEP-A') for c in codes)

    admin_pack = zipfile.ZipFile(io.BytesIO(api_client(users['admin']).get(f'{API}{pk}/annex-pack/').content))
    everything = CalamineWorkbook.from_filelike(io.BytesIO(admin_pack.read('danh-muc-he-thong-thong-tin.xlsx')))
    all_codes = [row[code] for row in everything.get_sheet_by_index(0).to_python()[1:]]
    assert set(codes) < set(all_codes) and 'DEP-B-KHAC' in all_codes
    migrations = CalamineWorkbook.from_filelike(io.BytesIO(pack.read('ho-so-chuyen-doi.xlsx')))
    assert len(migrations.get_sheet_by_index(0).to_python()) > 1
    page = web('officer_a').get(f'/reporting/progress-reports/{pk}/').content.decode()
    assert f'/reporting/progress-reports/{pk}/annex-pack.zip' in page
    assert web('officer_b').get(f'/reporting/progress-reports/{pk}/annex-pack.zip').status_code == 404
