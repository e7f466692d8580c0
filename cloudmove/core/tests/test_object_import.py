"""Import of any list's rows from CSV or .xlsx (core.imports.objects), generated for every importable model
with a sample: the file taken from the import page imports back unchanged, an edited cell becomes exactly
that change (audited), a bad row refuses the whole file; and, on virtual machines, what a person's file
brings: new rows, references by code or #ID, blanks, formulas, other units' objects, CSV dialects."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from cloudmove.core import registry, scoping
from cloudmove.core.exports import write_xlsx
from cloudmove.core.imports import objects as object_import
from cloudmove.core.models import AuditRecord, Job
from cloudmove.core.models.units import code_validator
from cloudmove.core.services import jobs
from cloudmove.core.tests.test_generic_models import create
from cloudmove.inventory import models as inv

IMPORTABLE = [c for c in registry.configs() if c.sample is not None and object_import.importable(c)]
IDS = [c.model._meta.label for c in IMPORTABLE]


def importer(config, users):
    officer = users['officer_a']
    if scoping.is_scoped(config.model) and officer.role in scoping.roles_for(config.model, scoping.CHANGE):
        return 'officer_a'
    return 'admin'


def template_rows(client, config, fmt='xlsx', **params):
    response = client.get(reverse(config.url_name('import_template')), {'rows': 'all', 'format': fmt, **params})
    assert response.status_code == 200
    data = b''.join(response.streaming_content) if response.streaming else response.content
    if fmt == 'csv':
        return list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def as_xlsx(rows):
    buffer = io.BytesIO()
    write_xlsx(buffer, [('Sheet1', rows[0], rows[1:])])
    return buffer.getvalue()


def as_csv(rows, delimiter=','):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return ('\ufeff' + buffer.getvalue()).encode()  # CRLF row ends, as Excel writes them


def run_import(client, config, data, name='rows.xlsx', apply=True):
    """Upload → check job → (apply job); the check's and the import's results."""
    response = client.post(reverse(config.url_name('import')), {'file': SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content[:500]
    jobs.run_pending()
    check = Job.objects.get(pk=int(response['Location'].rstrip('/').split('/')[-1]))
    assert check.state == 'succeeded', check.error
    page = client.get(response['Location'])
    assert page.status_code == 200
    if not apply or check.result['errors'] or not any(check.result['created'].values()) and not any(
            check.result['updated'].values()):
        return check.result, None
    response = client.post(reverse('core:object_import_apply', args=[check.pk]))
    assert response.status_code == 302
    jobs.run_pending()
    done = Job.objects.get(pk=int(response['Location'].rstrip('/').split('/')[-1]))
    assert done.state == 'succeeded', done.error
    return check.result, done.result


def counts(result):
    return tuple(sum(result[k].values()) for k in ('created', 'updated', 'unchanged'))


def editable_column(config, header):
    """A column a person may edit without breaking a unique name or a format: free text first, then a
    number. (index, field, function(old cell) -> new cell)."""
    unique = {name for group in config.model._meta.unique_together for name in group}
    unique |= {name for constraint in config.model._meta.constraints for name in getattr(constraint, 'fields', ())}
    candidates = []
    for field in object_import.fields_of(config):
        f = field.model_field
        if (field.kind != 'typed' or f.unique or f.name in unique or f.choices or field.label('vi') not in header
                or code_validator in f.validators or f.name.endswith(('uuid', 'email', 'url', 'phone'))):
            continue
        index = header.index(field.label('vi'))
        if field.column.kind == 'text' and (f.max_length or 1000) >= 50:
            rank = 0 if f.max_length is None else 1
            candidates.append((rank, index, f, lambda old: f'{old or ""} sửa'.strip()))
        elif field.column.kind == 'int':
            candidates.append((2, index, f, lambda old: int(old or 0) + 1))
        elif field.column.kind == 'date':
            candidates.append((3, index, f, lambda old: (old or date(2026, 1, 1)) + timedelta(days=1)))
    if not candidates:
        return None, None, None
    return min(candidates, key=lambda c: (c[0], c[1]))[1:]


@pytest.mark.parametrize('config', IMPORTABLE, ids=IDS)
def test_the_import_file_round_trips_and_an_edit_is_exactly_that_change(config, api, web, tree, users):
    obj = create(api, config, tree['a'], 1)
    client = web(importer(config, users))
    for fmt in ('xlsx', 'csv'):
        rows = template_rows(client, config, fmt)
        assert rows[0][0] == 'ID' and len(rows) > 1
        check, _applied = run_import(client, config, as_xlsx(rows) if fmt == 'xlsx' else as_csv(rows),
                                     name=f'rows.{fmt}')
        assert check['errors'] == [], (fmt, check['errors'][:3])
        assert counts(check) == (0, 0, len(rows) - 1), fmt

    rows = template_rows(client, config)
    index, field, edit = editable_column(config, rows[0])
    if index is None:
        pytest.fail(f'{config.model._meta.label} has no column to edit in its import file')
    (row,) = [r for r in rows[1:] if int(r[0]) == obj.pk]
    new_value = row[index] = edit(row[index])
    trail = AuditRecord.objects.count()
    check, applied = run_import(client, config, as_xlsx(rows))
    assert check['errors'] == [] and counts(check) == (0, 1, len(rows) - 2)
    assert counts(applied) == (0, 1, len(rows) - 2) and applied['applied']
    obj.refresh_from_db()
    assert getattr(obj, field.name) == new_value
    update = AuditRecord.objects.filter(seq__gt=0).order_by('-seq').first()
    assert AuditRecord.objects.count() == trail + 1 and update.action == 'update'
    stamps = {'updated_at'}  # a model may audit its last-saved time
    assert update.object_id == str(obj.pk)
    assert {k: v for k, v in update.after.items() if k not in stamps} == {
        field.attname: new_value.isoformat() if isinstance(new_value, date) else new_value}


@pytest.mark.parametrize('config', IMPORTABLE, ids=IDS)
def test_one_bad_row_refuses_the_whole_file(config, api, web, tree, users):
    obj = create(api, config, tree['a'], 1)
    client = web(importer(config, users))
    rows = template_rows(client, config)
    index, field, edit = editable_column(config, rows[0])
    for row in rows[1:]:
        if index is not None:
            row[index] = edit(row[index])
    rows.append([987654321, *rows[1][1:]])  # an ID that is nobody's
    before = (config.model._default_manager.count(), AuditRecord.objects.count())
    kept = getattr(obj, field.attname) if index is not None else None
    check, applied = run_import(client, config, as_xlsx(rows))
    assert applied is None and counts(check) == (0, 0, 0)
    assert [(e['row'], e['column']) for e in check['errors']] == [(len(rows), 'ID')]
    assert (config.model._default_manager.count(), AuditRecord.objects.count()) == before
    if index is not None:
        obj.refresh_from_db()
        assert getattr(obj, field.attname) == kept


def vm_header(*names):
    config = registry.get(inv.VirtualMachine)
    labels = {f.name: f.label('vi') for f in object_import.fields_of(config)}
    return [labels.get(n, n) for n in names]


@pytest.fixture
def estate(tree):
    """A unit's host and system, and another unit's host and system of the same names."""
    out = {}
    for key in ('a', 'b'):
        unit = tree[key]
        host = inv.PhysicalServer.objects.create(unit=unit, hostname='esx01')
        system = inv.InformationSystem.objects.create(unit=unit, code=f'SYS-{key.upper()}', name='Cổng')
        out[key] = (host, system)
    return out


def test_a_persons_file_creates_updates_and_resolves_references(web, tree, estate):
    config = registry.get(inv.VirtualMachine)
    client = web('officer_a')
    host_a, system_a = estate['a']
    existing = inv.VirtualMachine.objects.create(unit=tree['a'], name='db01', vcpus=2, memory_mib=4096)
    rows = [
        ['id', 'Unit', 'Name', 'vCPUs', 'memory_mib', 'Host', 'Hệ thống thông tin', 'Power state', 'Chú thích'],
        [existing.pk, '', 'db01', 4, '', '', '', '', ''],                          # an update; unit kept
        ['', tree['a'].code, 'web01', '2', '8192', 'esx01', 'SYS-A', 'Powered on', 'Cổng web'],
        ['', tree['a'].code, 'web02', '', '', f'#{host_a.pk}', 'SYS-A; Cổng', 'Đang bật', ''],
    ]
    rows[1][1] = tree['a'].code
    check, applied = run_import(client, config, as_csv(rows, ';'), name='vms.csv')
    assert check['errors'] == [], check['errors']
    assert counts(applied) == (2, 1, 0)
    existing.refresh_from_db()
    assert (existing.vcpus, existing.memory_mib) == (4, None)  # a blank cell clears a measured value
    web01 = inv.VirtualMachine.objects.get(unit=tree['a'], name='web01')
    assert (web01.vcpus, web01.memory_mib, web01.host, web01.power_state) == (2, 8192, host_a, 'on')
    assert list(web01.systems.all()) == [system_a]
    assert web01.annotation == 'Cổng web'
    web02 = inv.VirtualMachine.objects.get(unit=tree['a'], name='web02')
    # "Cổng" names one system among those officer_a may use (B's system of that name is out of scope).
    assert web02.host == host_a and list(web02.systems.all()) == [system_a] and web02.vcpus is None
    assert {'Chú thích': 'Chú thích', 'id': 'ID'}.items() <= check['columns'][str(config.verbose_name_plural)].items()


def test_the_change_preview_names_choices_by_their_labels(web, tree, estate):
    config = registry.get(inv.VirtualMachine)
    vm = inv.VirtualMachine.objects.create(unit=tree['a'], name='db01', power_state='off', vcpus=2)
    rows = [['ID', 'Tên', 'Power state', 'vCPUs'], [vm.pk, 'db01', 'on', 4]]
    check, _applied = run_import(web('officer_a'), config, as_csv(rows), name='vms.csv', apply=False)
    [change] = check['changes'][str(config.verbose_name_plural)]
    labels = dict(inv.VirtualMachine._meta.get_field('power_state').flatchoices)
    assert str(labels['on']) != 'on'
    assert sorted(change['fields'].values()) == sorted([[str(labels['off']), str(labels['on'])], ['2', '4']])


def test_other_units_objects_and_bad_cells_are_refused_with_their_place(web, tree, estate):
    config = registry.get(inv.VirtualMachine)
    client = web('officer_a')
    host_b, system_b = estate['b']
    theirs = inv.VirtualMachine.objects.create(unit=tree['b'], name='theirs', vcpus=1)
    mine = inv.VirtualMachine.objects.create(unit=tree['a'], name='mine', vcpus=1)
    header = vm_header('id', 'unit', 'name', 'vcpus', 'host', 'systems', 'is_template')
    rows = [
        header,
        [theirs.pk, tree['a'].code, 'theirs', 8, '', '', ''],                        # B's VM by its ID
        ['', tree['b'].code, 'x1', 1, '', '', ''],                                   # into B
        ['', tree['a'].code, 'x2', 1, f'#{host_b.pk}', system_b.code, ''],            # onto B's host, B's system
        ['', tree['a'].code, 'x3', 'nhiều', '', '', 'có lẽ'],                         # not a number, not yes/no
        ['', tree['a'].code, '=HYPERLINK("http://evil")', 1, '', '', ''],             # a formula as a name is text
        [mine.pk, tree['a'].code, 'mine', 2, '', '', ''],
        [mine.pk, tree['a'].code, 'mine', 3, '', '', ''],                            # the same ID twice
        ['', tree['a'].code, 'x4', 1, '', '', ''],
        ['', tree['a'].code, 'x4', 2, '', '', ''],                                   # a name the file repeats
    ]
    before = (inv.VirtualMachine.objects.count(), AuditRecord.objects.count())
    check, applied = run_import(client, config, as_xlsx(rows))
    assert applied is None
    places = {(e['row'], e['column']) for e in check['errors']}
    labels = dict(zip(['id', 'unit', 'name', 'vcpus', 'host', 'systems', 'is_template'], header, strict=True))
    assert {(2, 'ID'), (3, labels['unit']), (4, labels['host']), (4, labels['systems']), (5, labels['vcpus']),
            (5, labels['is_template']), (8, 'ID'), (10, '')} <= places, check['errors']
    assert not any(e['row'] == 6 for e in check['errors'])
    messages = ' '.join(e['message'] for e in check['errors'])
    assert 'theirs' not in messages and system_b.code not in messages.replace(f'“{system_b.code}”', '')
    assert (inv.VirtualMachine.objects.count(), AuditRecord.objects.count()) == before
    theirs.refresh_from_db()
    assert theirs.vcpus == 1
    # The template lists only what the officer may see.
    ids = {row[0] for row in template_rows(client, config)[1:]}
    assert mine.pk in ids and theirs.pk not in ids


def test_a_name_shared_by_two_objects_is_written_as_its_id(web, tree, estate):
    config = registry.get(inv.VirtualMachine)
    inv.PhysicalServer.objects.create(unit=tree['a1'], hostname='esx01')  # officer_a sees both esx01
    host_a = estate['a'][0]
    vm = inv.VirtualMachine.objects.create(unit=tree['a'], name='app', host=host_a)
    client = web('officer_a')
    rows = template_rows(client, config)
    column = rows[0].index(vm_header('host')[0])
    (row,) = [r for r in rows[1:] if r[0] == vm.pk]
    assert row[column] == f'#{host_a.pk}'
    row[column] = 'esx01'
    check, _ = run_import(client, config, as_xlsx(rows), apply=False)
    (error,) = check['errors']
    assert error['column'] == vm_header('host')[0] and '#ID' in error['message']


def test_the_list_offers_import_to_who_may_change_it(web, tree):
    config = registry.get(inv.VirtualMachine)
    url = reverse(config.url_name('list'))
    assert 'data-import' in web('officer_a').get(url).content.decode()
    assert 'data-import' not in web('viewer_a').get(url).content.decode()
    assert web('viewer_a').get(reverse(config.url_name('import'))).status_code == 403
    assert web('viewer_a').get(reverse(config.url_name('import_template'))).status_code == 403
    page = web('officer_a').get(reverse(config.url_name('import'))).content.decode()
    assert 'data-template' in page and 'data-current' in page


def test_another_user_sees_neither_the_check_nor_applies_it(web, tree):
    config = registry.get(inv.VirtualMachine)
    rows = [vm_header('unit', 'name'), [tree['a'].code, 'new']]
    client = web('officer_a')
    response = client.post(reverse(config.url_name('import')), {'file': SimpleUploadedFile('v.xlsx', as_xlsx(rows))})
    jobs.run_pending()
    pk = int(response['Location'].rstrip('/').split('/')[-1])
    other = web('officer_b')
    assert other.get(reverse('core:object_import_result', args=[pk])).status_code == 404
    assert other.post(reverse('core:object_import_apply', args=[pk])).status_code == 404
    assert not inv.VirtualMachine.objects.filter(name='new').exists()


def test_command_line_template_and_import(tmp_path, tree, users, estate):
    """`cloudmove rows template` then `cloudmove rows import --dry-run --json`, as the user's scope allows."""
    from django.core.management import call_command

    inv.VirtualMachine.objects.create(unit=tree['a'], name='cli01', vcpus=1)
    inv.VirtualMachine.objects.create(unit=tree['b'], name='cli-b', vcpus=1)
    path = tmp_path / 'vms.xlsx'
    call_command('rows', 'template', 'inventory.virtualmachine', '-o', str(path), '--all', '--user', 'officer_a')
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[2] for r in rows[1:]] == ['cli01']
    rows[1][rows[0].index(vm_header('vcpus')[0])] = 6
    path.write_bytes(as_xlsx(rows))
    out = io.StringIO()
    call_command('rows', 'import', 'inventory.virtualmachine', str(path), '--user', 'officer_a', '--json',
                 stdout=out)
    result = json.loads(out.getvalue())
    assert result['applied'] and counts(result) == (0, 1, 0)
    assert inv.VirtualMachine.objects.get(name='cli01').vcpus == 6
