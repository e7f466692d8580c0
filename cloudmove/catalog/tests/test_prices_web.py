"""Price books in the UI and the API, the provider list with its exclusion, and the demo providers."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudmove.catalog import models as m
from cloudmove.catalog.services import demo, evaluations, prices
from cloudmove.catalog.tests.test_prices import FLAVOUR_FIELDS, FLAVOURS, flavour_rows, write_csv
from cloudmove.core.models import AuditRecord
from cloudmove.core.services import jobs
from cloudmove.inventory.tests.workbook_utils import read_all


@pytest.fixture
def provider(db):
    return m.Provider.objects.create(code='NCC-X', name='Nhà cung cấp X', kind='domestic', illustrative=True)


def upload(path):
    return io.BytesIO(path.read_bytes())


def named(path):
    f = upload(path)
    f.name = path.name
    return f


def test_ui_upload_preview_then_apply(provider, web, tmp_path):
    client = web('admin')
    page = client.get(reverse('catalog:prices'), {'provider': provider.pk}).content.decode()
    assert 'data-check' in page and 'data-illustrative' in page
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(12))
    response = client.post(reverse('catalog:prices_upload'), {
        'provider': provider.pk, 'file': named(path), 'version': '2026.1', 'valid_from': '01/01/2026'})
    assert response.status_code == 302   # the check runs as a background job
    jobs.run_pending()
    check = client.get(response['Location'])
    html = check.content.decode()
    assert check.status_code == 200 and 'data-changeset' in html and 'data-apply' in html
    assert not m.PriceBook.objects.exists()   # the preview writes nothing
    job = check.context['job']
    response = client.post(reverse('catalog:prices_apply', args=[job.pk]))
    assert response.status_code == 302
    jobs.run_pending()
    applied = client.get(response['Location'])
    assert applied.context['result']['applied'] and 'data-apply' not in applied.content.decode()
    book = m.PriceBook.objects.get(provider=provider, version='2026.1')
    assert book.flavours.count() == 12
    assert AuditRecord.objects.filter(object_type='catalog.flavour', source='import', username='admin').count() == 12
    # Applying the same preview twice is refused: the file is gone.
    again = client.post(reverse('catalog:prices_apply', args=[job.pk]))
    assert again.status_code == 302 and again['Location'].endswith(f'/{job.pk}/')
    jobs.run_pending()
    assert book.flavours.count() == 12
    # A new version's preview says the running one will end the day before it starts.
    response = client.post(reverse('catalog:prices_upload'), {
        'provider': provider.pk, 'file': named(path), 'version': '2026.2', 'valid_from': '01/07/2026'})
    jobs.run_pending()
    assert 'Phiên bản 2026.1 đang áp dụng sẽ kết thúc ngày 30/06/2026' in client.get(
        response['Location']).content.decode()
    book.refresh_from_db()
    assert book.valid_to is None

    download = client.get(reverse('catalog:prices_download', args=[book.pk]))
    assert download.status_code == 200 and download['Content-Disposition'].endswith('.xlsx"')
    detail = client.get(reverse('catalog:pricebook_detail', args=[book.pk])).content.decode()
    assert 'data-prices-panel' in detail and 'f011' in detail
    # The flavour table (nine columns) spans the page below the details and the history.
    assert detail.index('data-history') < detail.index('<div class="col-12"><div class="card" data-related-panel>') \
        < detail.index('f011')


def test_ui_pages_of_providers_and_price_books(db, web):
    demo.load_providers()
    client = web('viewer_a')
    provider = m.Provider.objects.get(code='NCC-A')
    html = client.get(reverse('catalog:provider_detail', args=[provider.pk])).content.decode()
    for text in ('Trung tâm dữ liệu Hà Nội', 'Nguyễn Văn An', demo.VERSION, 'data-prices-panel'):
        assert text in html, text
    book = provider.price_books.get()
    html = client.get(reverse('catalog:pricebook_detail', args=[book.pk])).content.decode()
    for text in ('g.4c16g', 'ssd-premium', 'lic-sql'):
        assert text in html, text
    page = client.get(reverse('catalog:prices'), {'provider': provider.pk}).content.decode()
    assert 'data-versions' in page and 'data-illustrative' in page and 'data-check' not in page
    for kind in ('flavours', 'tiers', 'services'):
        response = client.get(reverse('catalog:prices_download', args=[book.pk]), {'kind': kind})
        assert response.status_code == 200 and response['Content-Type'].startswith('text/csv')


def test_ui_upload_without_a_file_shows_the_form_again(provider, web):
    response = web('admin').post(reverse('catalog:prices_upload'), {'provider': provider.pk, 'version': 'v1'})
    assert response.status_code == 200 and response.context['form'].errors['file']
    assert not m.PriceBook.objects.exists()


def test_ui_csv_without_a_version_is_asked_for_on_the_form(provider, web, tmp_path):
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(2))
    response = web('admin').post(reverse('catalog:prices_upload'), {'provider': provider.pk, 'file': named(path)})
    assert response.status_code == 200 and response.context['form'].errors['version']
    assert not m.PriceBook.objects.exists()


def test_ui_refused_file_lists_every_problem(provider, web, tmp_path):
    rows = flavour_rows(6)
    rows[1][3], rows[4][7] = 'hai', '-1'
    path = write_csv(tmp_path / 'bad.csv', 'flavours', FLAVOUR_FIELDS, rows)
    client = web('admin')
    response = client.post(reverse('catalog:prices_upload'), {
        'provider': provider.pk, 'file': named(path), 'version': 'v1', 'valid_from': '01/01/2026'})
    jobs.run_pending()
    response = client.get(response['Location'])
    html = response.content.decode()
    assert 'data-refused' in html and 'data-apply' not in html
    assert [(e['row'], e['value']) for e in response.context['errors']] == [(4, 'hai'), (7, -1)]
    assert not m.PriceBook.objects.exists()


def test_ui_unit_officer_reads_but_cannot_upload(provider, web, tmp_path):
    client = web('officer_a')
    page = client.get(reverse('catalog:prices'), {'provider': provider.pk}).content.decode()
    assert 'data-check' not in page
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(2))
    response = client.post(reverse('catalog:prices_upload'), {
        'provider': provider.pk, 'file': named(path), 'version': 'v1', 'valid_from': '01/01/2026'})
    assert response.status_code == 403 and not m.PriceBook.objects.exists()


def test_api_import_and_export(provider, api, tmp_path):
    path = write_csv(tmp_path / 'f.csv', 'flavours', FLAVOUR_FIELDS, flavour_rows(8))
    url = '/api/catalog/price-books/import/'
    data = {'provider': 'NCC-X', 'version': '2026.1', 'valid_from': '2026-01-01'}
    response = api['officer_a'].post(url, {**data, 'file': named(path)}, format='multipart')
    assert response.status_code == 403 and not m.PriceBook.objects.exists()

    response = api['admin'].post(url, {**data, 'file': named(path), 'dry_run': True}, format='multipart')
    assert response.status_code == 200 and response.json()['created'][FLAVOURS] == 8
    assert not m.PriceBook.objects.exists()
    response = api['admin'].post(url, {**data, 'file': named(path)}, format='multipart')
    body = response.json()
    assert response.status_code == 200 and body['applied'] and body['price_book']['version'] == '2026.1'
    book = m.PriceBook.objects.get(pk=body['price_book']['id'])

    rows = flavour_rows(8)
    rows[0][4] = 'nhiều'
    bad = write_csv(tmp_path / 'bad.csv', 'flavours', FLAVOUR_FIELDS, rows)
    response = api['admin'].post(url, {**data, 'file': named(bad)}, format='multipart')
    assert response.status_code == 400
    assert [(e['sheet'], e['row'], e['value']) for e in response.json()['errors']] == [(FLAVOURS, 3, 'nhiều')]

    exported = api['viewer_a'].get(f'/api/catalog/price-books/{book.pk}/export/')
    assert exported.status_code == 200
    xlsx = tmp_path / 'export.xlsx'
    xlsx.write_bytes(b''.join(exported.streaming_content))
    assert len(read_all(xlsx)[FLAVOURS]) == 2 + 8
    again = api['admin'].post(url, {'provider': 'NCC-X', 'file': named(xlsx)}, format='multipart').json()
    assert again['errors'] == [] and again['unchanged'][FLAVOURS] == 8 and not again['applied']
    csv_export = api['viewer_a'].get(f'/api/catalog/price-books/{book.pk}/export/', {'kind': 'flavours'})
    assert csv_export.status_code == 200 and csv_export['Content-Type'].startswith('text/csv')


def test_api_catalogue_writes_are_for_admins_only(provider, api):
    book = m.PriceBook.objects.create(provider=provider, version='v1', valid_from='2026-01-01')
    flavour = {'price_book': book.pk, 'code': 'x', 'vcpus': 2, 'memory_mib': 4096, 'monthly_vnd': 1}
    for name in ('officer_a', 'viewer_a', 'leader', 'provider'):
        assert api[name].post('/api/catalog/flavours/', flavour, format='json').status_code == 403, name
        assert api[name].patch(f'/api/catalog/price-books/{book.pk}/', {'notes': 'x'},
                               format='json').status_code == 403
        assert api[name].get(f'/api/catalog/price-books/{book.pk}/').status_code == 200
    assert api['admin'].post('/api/catalog/flavours/', flavour, format='json').status_code == 201


def test_provider_list_shows_exclusions_with_one_evaluation_per_request(provider, api, monkeypatch):
    others = [m.Provider.objects.create(code=f'P{i}', name=f'P{i}', kind='domestic') for i in range(30)]
    calls = []

    def exclusions():
        calls.append(1)
        return {provider.pk: ['TC-1.2', 'TC-3.1']}

    monkeypatch.setattr(evaluations, 'exclusions', exclusions)
    response = api['officer_a'].get('/api/catalog/providers/', {'page_size': 100})
    rows = {row['code']: row for row in response.json()['results']}
    assert len(calls) == 1
    assert {k: rows['NCC-X'][k] for k in ('id', 'code', 'name', 'kind', 'excluded', 'failing_criteria')} == {
        'id': provider.pk, 'code': 'NCC-X', 'name': 'Nhà cung cấp X', 'kind': 'domestic', 'excluded': True,
        'failing_criteria': ['TC-1.2', 'TC-3.1']}
    assert rows['P1']['excluded'] is False and rows['P1']['failing_criteria'] == []

    def count(size):
        with CaptureQueriesContext(connection) as ctx:
            api['admin'].get('/api/catalog/providers/', {'page_size': size})
        return len(ctx.captured_queries)

    count(1)  # the token's first use of the day is recorded once
    assert count(2) == count(len(others))


def test_demo_providers_are_illustrative_and_loading_twice_changes_nothing(db):
    first = demo.load_providers()
    assert first['providers'] == (4, 0, 0) and first['price_books'] == (1 + 1 + 1 + 1, 0, 0)
    trail = AuditRecord.objects.count()
    second = demo.load_providers()
    assert all(counts == (0, 0, 0) for counts in second.values()), second
    assert AuditRecord.objects.count() == trail

    providers = {p.code: p for p in m.Provider.objects.all()}
    assert set(providers) == {'TINH-CLOUD', 'NCC-A', 'NCC-B', 'NCC-C'}
    assert all(p.illustrative for p in providers.values())
    assert providers['TINH-CLOUD'].kind == 'government' and providers['TINH-CLOUD'].max_security_level == 4
    assert [providers[c].max_security_level for c in ('NCC-A', 'NCC-B', 'NCC-C')] == [3, 3, 2]
    for p in providers.values():
        book = prices.in_force(p, demo.VALID_FROM)
        assert 'minh họa' in book.notes
        assert 20 <= book.flavours.count() <= 40 and 4 <= book.storagetiers.count() <= 6
        assert set(book.serviceprices.values_list('category', flat=True)) == {'network', 'managed', 'licence'}
        assert p.data_centres.filter(in_vietnam=True).exists() and p.contacts.count() == 1
        prices_ok = list(book.flavours.values_list('vcpus', 'monthly_vnd').order_by('vcpus', 'monthly_vnd'))
        assert all(v > 0 for _c, v in prices_ok)
    assert providers['NCC-A'].price_books.get().flavours.filter(gpu=True).exists()
    assert not providers['TINH-CLOUD'].price_books.get().flavours.filter(gpu=True).exists()


def test_demo_price_book_round_trips_through_export(db, tmp_path):
    demo.load_providers()
    provider = m.Provider.objects.get(code='NCC-B')
    book = provider.price_books.get()
    path = tmp_path / 'b.xlsx'
    prices.export(book, str(path))
    report = prices.import_file(path, provider)
    assert report.ok and report.total_changes() == 0
    assert sum(p.unchanged for p in report.plans if p.sheet.id != 'book') == (
        book.flavours.count() + book.storagetiers.count() + book.serviceprices.count())
    instructions = [row[0] for row in read_all(path)['Hướng dẫn']]
    assert any('MINH HỌA' in line for line in instructions)
