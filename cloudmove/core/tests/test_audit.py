"""The audit trail: every path records who/where/before/after; the hash chain detects tampering."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from cloudmove.core import audit
from cloudmove.core.choices import AuditSource
from cloudmove.core.engine import hashchain
from cloudmove.core.models import AuditRecord, Unit


def last(object_type='core.unit', **filters):
    return AuditRecord.objects.filter(object_type=object_type, **filters).order_by('-seq').first()


def test_ui_edit_records_before_and_after(web, tree):
    client = web('admin')
    unit = tree['b']
    response = client.post(reverse('core:unit_edit', args=[unit.pk]), {
        'code': 'DEP-B', 'name_vi': 'Sở B mới', 'name_en': 'Dept B', 'kind': unit.kind_id,
        'parent': tree['root'].pk, 'is_active': 'on',
    })
    assert response.status_code == 302, response.content
    record = last(object_id=str(unit.pk), action='update')
    assert record.source == AuditSource.UI and record.username == 'admin' and len(record.request_id) >= 8
    assert record.before == {'name_vi': 'Sở B'} and record.after == {'name_vi': 'Sở B mới'}
    assert record.unit_path == '/ROOT/DEP-B/'


def test_api_edit_records_request_id(api, tree):
    response = api['admin'].patch(f'/api/units/{tree["a1"].pk}/', {'name_en': 'Centre A-one'}, format='json',
                                  HTTP_X_REQUEST_ID='req-12345678')
    assert response.status_code == 200
    assert response['X-Request-ID'] == 'req-12345678'
    record = last(object_id=str(tree['a1'].pk), action='update')
    assert (record.source, record.request_id, record.username) == ('api', 'req-12345678', 'admin')
    assert record.before == {'name_en': 'Centre A1'} and record.after == {'name_en': 'Centre A-one'}


def test_cli_changes_are_recorded_as_cli(tree):
    with audit.cli_context():  # what the `cloudmove` entry point wraps every command in
        call_command('unit', 'add', 'DEP-C', '--name-vi', 'Sở C', '--kind', 'dept', '--parent', 'ROOT')
    unit = Unit.objects.get(code='DEP-C')
    record = last(object_id=str(unit.pk), action='create')
    assert record.source == AuditSource.CLI and record.username.startswith('cli:')
    assert record.after['name_vi'] == 'Sở C' and record.after['path'] == '/ROOT/DEP-C/'


def test_bulk_edit_records_each_object(web, tree):
    client = web('admin')
    pks = [tree['a'].pk, tree['b'].pk]
    response = client.post(reverse('core:unit_bulk_edit'), {'pk': pks, 'apply': '1', 'is_active': 'false'})
    assert response.status_code == 302
    assert Unit.objects.filter(pk__in=pks, is_active=False).count() == 2
    records = AuditRecord.objects.filter(object_type='core.unit', action='update', object_id__in=[str(p) for p in pks])
    assert records.count() == 2
    assert all(r.before == {'is_active': True} and r.after == {'is_active': False} for r in records)


def test_bulk_delete_records_each_object(web, tree):
    client = web('admin')
    extra = Unit.objects.create(code='TMP-1', name_vi='Tạm 1', kind=tree['kind'], parent=tree['b'])
    extra2 = Unit.objects.create(code='TMP-2', name_vi='Tạm 2', kind=tree['kind'], parent=tree['b'])
    response = client.post(reverse('core:unit_bulk_delete'), {'pk': [extra.pk, extra2.pk], 'confirm': '1'})
    assert response.status_code == 302
    assert not Unit.objects.filter(code__startswith='TMP-').exists()
    deleted = AuditRecord.objects.filter(object_type='core.unit', action='delete')
    assert {r.before['code'] for r in deleted} == {'TMP-1', 'TMP-2'}


def test_verify_passes_on_an_intact_chain(tree):
    call_command('audit', 'verify')  # raises CommandError if broken
    checked, broken = audit.verify()
    assert broken is None and checked == AuditRecord.objects.count() > 0


@pytest.mark.parametrize('column,value', [('after', '{"name_vi": "forged"}'), ('username', 'mallory'),
                                          ('timestamp', '2020-01-01 00:00:00')])
def test_altering_one_row_breaks_verify_and_names_it(tree, column, value):
    victim = AuditRecord.objects.order_by('seq')[2]
    table = AuditRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {table} SET {column} = %s WHERE id = %s', [value, victim.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command('audit', 'verify')
    assert f'#{victim.seq}' in str(excinfo.value)


def test_deleting_a_row_breaks_verify(tree):
    victim = AuditRecord.objects.order_by('seq')[1]
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s', [victim.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command('audit', 'verify')
    assert f'#{victim.seq + 1}' in str(excinfo.value)


def test_deleting_the_last_row_breaks_verify(tree):
    victim = AuditRecord.objects.order_by('-seq').first()
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s', [victim.pk])
    _checked, broken = audit.verify()
    assert broken is not None


def test_trail_is_append_only(api, tree):
    record = AuditRecord.objects.first()
    with pytest.raises(PermissionDenied):
        AuditRecord.objects.filter(pk=record.pk).update(username='x')
    with pytest.raises(PermissionDenied):
        record.delete()
    with pytest.raises(PermissionDenied):
        record.save()
    for method in ('post', 'put', 'patch', 'delete'):
        url = '/api/audit/' if method == 'post' else f'/api/audit/{record.pk}/'
        assert getattr(api['admin'], method)(url, {}, format='json').status_code == 405


def test_auditor_browses_filters_and_exports(web, tree):
    client = web('auditor')
    page = client.get(reverse('core:auditrecord_list'), {'object_type': 'core.unit', 'action': 'create'})
    assert page.status_code == 200 and 'DEP-A1' in page.content.decode()
    export = client.get(reverse('core:auditrecord_list'), {'export': 'csv', 'object_type': 'core.unit'})
    body = b''.join(export.streaming_content).decode('utf-8-sig')
    lines = body.strip().splitlines()
    assert len(lines) == 1 + AuditRecord.objects.filter(object_type='core.unit').count()


def test_unit_officer_sees_only_own_units_history(api, tree):
    rows = api['officer_a'].get('/api/audit/', {'page_size': 1000}).json()['results']
    paths = {r['unit_path'] for r in rows if r['object_type'] == 'core.unit'}
    assert paths and all(p.startswith('/ROOT/DEP-A/') for p in paths)
    assert api['provider'].get('/api/audit/').json()['count'] == 0
    assert api['auditor'].get('/api/audit/').json()['count'] == AuditRecord.objects.count()


def test_concurrent_style_appends_stay_linear(tree):
    with audit.context(AuditSource.SYSTEM, username='test'):
        audit.record_many([audit.entry_for('update', tree['a'], {'x': 1}, {'x': 2}) for _ in range(50)])
    seqs = list(AuditRecord.objects.order_by('seq').values_list('seq', flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit.verify()[1] is None


def _record_batch(ids, unit_path='/ROOT/DEP-A/', username='importer'):  # made-up units' values
    with audit.context(AuditSource.IMPORT, username=username):
        return audit.record_many([audit.Created(Unit, ids, [f'U{pk}' for pk in ids],
                                                [{'code': f'U{pk}', 'level': pk % 3} for pk in ids], unit_path)])


def test_bulk_creates_become_batch_records_per_run_of_ids(tree, monkeypatch):
    monkeypatch.setattr(audit, 'BATCH_OBJECTS', 4)
    ids = [1001, 1002, 1003, 1004, 1005, 1006, 2000, 2001, 3000]
    assert _record_batch(ids) == 4  # runs 1001-1004, 1005-1006, 2000-2001, and one lone object
    batch = AuditRecord.objects.filter(source='import')
    assert batch.object_total() == len(ids)
    first = batch.get(first_id=1001)
    assert (first.last_id, first.object_count, first.object_id, first.object_repr) == (1004, 4, '1001-1004',
                                                                                      'U1001 … U1004')
    assert first.after['1003'] == {'code': 'U1003', 'level': 1}
    lone = batch.get(object_id='3000')
    assert lone.first_id is None and lone.after == {'code': 'U3000', 'level': 0}
    # Each object finds its creation in its history, whichever record holds it.
    for pk in ids:
        record = AuditRecord.objects.for_object('core.unit', pk).get()
        if pk == 3000:
            assert record.pk == lone.pk
        else:
            assert record.first_id <= pk <= record.last_id
    assert not AuditRecord.objects.for_object('core.unit', 1007).exists()
    checked, broken = audit.verify()
    assert broken is None and checked == AuditRecord.objects.count()


@pytest.mark.parametrize('column,value', [('first_id', 1000), ('last_id', 1009)])
def test_altering_a_batch_range_breaks_verify(tree, column, value):
    _record_batch(list(range(1001, 1006)))
    victim = AuditRecord.objects.get(first_id=1001)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {AuditRecord._meta.db_table} SET {column} = %s WHERE id = %s', [value, victim.pk])
    _checked, broken = audit.verify()
    assert broken is not None and broken.seq == victim.seq


def test_batch_record_page_lists_each_object_with_its_values(web, tree):
    last = Unit.objects.order_by('pk').last()
    _record_batch([last.pk - 1, last.pk, last.pk + 1])
    record = AuditRecord.objects.filter(first_id__isnull=False).get()
    page = web('auditor').get(reverse('core:auditrecord_detail', args=[record.pk])).content.decode()
    assert f'#{record.seq} Tạo mới · Đơn vị' in page   # the title names the action and the kind of object
    assert '3 đối tượng' in page and '<th>Mã</th>' in page   # one column per field, with its label
    gone = last.pk + 1
    assert f'<td>{gone}</td><td>U{gone}</td>' in page              # no longer there: no link
    unit_url = reverse('core:unit_detail', args=[last.pk])
    assert f'<td><a href="{unit_url}">{last.pk}</a></td><td>U{last.pk}</td>' in page  # still there: linked
    assert 'Lịch sử thay đổi' not in page                          # an audit record has no history of its own


def test_update_record_page_shows_labels_and_readable_values(web, tree):
    unit = tree['a']
    with audit.context(AuditSource.UI, username='admin'):
        audit.record_many([audit.Entry('update', Unit, unit.pk, str(unit), unit.path, {'is_active': True},
                                       {'is_active': False})])
    record = AuditRecord.objects.get(action='update', object_id=str(unit.pk))
    page = web('auditor').get(reverse('core:auditrecord_detail', args=[record.pk])).content.decode()
    assert '<td>Đang hoạt động</td><td class="text-break">Có</td><td class="text-break">Không</td>' in page


def test_audit_list_filtered_by_object_id_finds_its_batch_record(web, api, tree):
    _record_batch([1001, 1002, 1003])
    found = api['auditor'].get('/api/audit/', {'object_id': '1002'}).json()['results']
    assert [(r['object_repr'], r['first_id'], r['last_id']) for r in found] == [('U1001 … U1003', 1001, 1003)]
    page = web('auditor').get(reverse('core:auditrecord_list') + '?object_id=1002').content.decode()
    assert 'U1001 … U1003' in page
    page = web('auditor').get(reverse('core:auditrecord_list') + '?object_id=1004').content.decode()
    assert 'U1001 … U1003' not in page


def test_an_import_run_from_the_command_line_is_attributed_to_its_login(tree):
    with audit.cli_context():  # what the `cloudmove` entry point wraps every command in
        _record_batch([1001, 1002], username='')  # an importer names no user of its own
    record = AuditRecord.objects.get(first_id=1001)
    assert record.source == AuditSource.IMPORT and record.username.startswith('cli:')


def test_batch_records_stay_small_enough_for_a_spreadsheet_cell_and_verify(tree, monkeypatch):
    monkeypatch.setattr(audit, 'BATCH_CHARS', 200)
    ids = list(range(95, 105))  # ids of two and three digits: the stored text must sort keys as JSON does
    _record_batch(ids)
    records = list(AuditRecord.objects.filter(source='import').order_by('seq'))
    assert sum(r.object_count for r in records) == len(ids) and len(records) > 1
    assert all(len(hashchain.canonical_json(r.after)) <= 200 for r in records)
    checked, broken = audit.verify()
    assert broken is None and checked == AuditRecord.objects.count()


def test_audit_search_finds_a_batch_record_by_the_name_of_an_object_in_it(web, tree):
    _record_batch([1001, 1002, 1003])
    page = web('auditor').get(reverse('core:auditrecord_list') + '?q=U1002').content.decode()
    assert 'U1001 … U1003' in page
    page = web('auditor').get(reverse('core:auditrecord_list') + '?q=U1009').content.decode()
    assert 'U1001 … U1003' not in page
