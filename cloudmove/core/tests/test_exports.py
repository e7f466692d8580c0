"""List exports: what the filters select, in CSV and XLSX, with spreadsheet formulas neutralised."""

import csv
import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from cloudmove.core.models import Contact


def test_csv_and_xlsx_exports_follow_filters_and_neutralise_formulas(web, tree):
    Contact.objects.create(unit=tree['a'], full_name='=HYPERLINK("http://x","y")', position='@cmd')
    Contact.objects.create(unit=tree['a'], full_name='Nguyễn Thị Lan', position='Chuyên viên')
    Contact.objects.create(unit=tree['b'], full_name='Trần Văn B')
    client = web('admin')
    url = reverse('core:contact_list')
    response = client.get(url, {'export': 'csv', 'unit': tree['a'].pk})
    assert response['Content-Type'].startswith('text/csv')
    text = b''.join(response.streaming_content).decode('utf-8')
    assert text.startswith('\ufeff')
    rows = list(csv.reader(io.StringIO(text.lstrip('\ufeff'))))
    name, position = rows[0].index('Họ và tên'), rows[0].index('Chức vụ')
    assert {r[name] for r in rows[1:]} == {'\'=HYPERLINK("http://x","y")', 'Nguyễn Thị Lan'}
    assert "'@cmd" in {r[position] for r in rows[1:]}
    response = client.get(url, {'export': 'xlsx', 'q': 'Lan'})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b''.join(response.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert len(sheet) == 2 and 'Nguyễn Thị Lan' in sheet[1]
