"""The unit workbook round trip: export, edit like a person, re-import; every problem reported, all or nothing."""

import json
import zipfile

import pytest
from django.core.management import call_command

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import invariants
from cloudmove.inventory import models as m
from cloudmove.inventory.services import workbooks
from cloudmove.inventory.tests.workbook_utils import column, read_all, set_cell, write_all
from cloudmove.inventory.workbook import spec

SYSTEMS, VMS, DISKS = 'Hệ thống thông tin', 'Máy ảo', 'Ổ đĩa ảo'


def export(tmp_path, unit):
    path = tmp_path / 'unit.xlsx'
    workbooks.export(unit, str(path))
    return path


def counts(result, kind):
    return {k: v for k, v in result[kind].items() if v}


def test_export_has_every_sheet_headers_keys_and_validations(inventory, tmp_path):
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    for sheet in spec.sheets():
        assert sheet.title in sheets
        rows = sheets[sheet.title]
        assert rows[0][0] == 'Khóa (không sửa)' and rows[1][0] == 'Key (do not edit)'
    assert sheets[spec.INSTRUCTIONS_SHEET][0][0].startswith('PHIẾU KHẢO SÁT')
    vms = sheets[VMS]
    assert sorted(r[1] for r in vms[2:]) == ['web0', 'web1', 'web2']
    assert all(len(r[0]) == 36 for r in vms[2:])  # the uid key
    systems_col = column(vms, 'information systems')
    assert 'A-HR; B-LGSP' in [r[systems_col] for r in vms[2:]]
    # Only the unit's own rows: B's shared system is referenced, not exported as a row.
    assert [r[1] for r in sheets[SYSTEMS][2:]] == ['A-HR', 'A-PORTAL']
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read('xl/worksheets/sheet7.xml').decode()
    assert '<dataValidation' in sheet_xml and 'type="list"' in sheet_xml


def test_unchanged_workbook_changes_nothing(inventory, tmp_path):
    path = export(tmp_path, inventory['a'])
    trail = AuditRecord.objects.count()
    report = workbooks.import_file(str(path), inventory['a'], None).as_dict()
    assert report['errors'] == []
    assert counts(report, 'created') == counts(report, 'updated') == counts(report, 'removed') == {}
    assert report['unchanged'][VMS] == 3 and report['unchanged'][DISKS] == 3
    assert AuditRecord.objects.count() == trail


def test_three_cells_and_a_row_give_exactly_those_changes(inventory, tmp_path, users):
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    set_cell(sheets[VMS], 'name', 'web1', 'vCPUs', 8)
    set_cell(sheets[VMS], 'name', 'web2', 'memory (MiB)', '16.384')             # Vietnamese thousands
    set_cell(sheets[SYSTEMS], 'code', 'A-HR', 'security level', 3)
    vms = sheets[VMS]
    new = [''] * len(vms[0])
    new[column(vms, 'name')] = 'db1'
    new[column(vms, 'vCPUs')] = 4
    new[column(vms, 'memory (MiB)')] = 8192
    new[column(vms, 'information systems')] = 'A-HR'
    sheets[VMS].append(new)
    edited = tmp_path / 'edited.xlsx'
    write_all(edited, sheets)

    preview = workbooks.import_file(str(edited), inventory['a'], users['officer_a'], dry_run=True).as_dict()
    assert preview['errors'] == [] and not preview['applied']
    assert counts(preview, 'created') == {VMS: 1}
    assert counts(preview, 'updated') == {VMS: 2, SYSTEMS: 1}
    assert counts(preview, 'removed') == {}
    changed = {c['key']: c.get('fields') for c in preview['changes'][VMS]}
    assert changed['web1'] == {'vCPU': ['2', '8']} and changed['web2'] == {'bộ nhớ (MiB)': ['4096', '16384']}
    assert m.VirtualMachine.objects.get(name='web1').vcpus == 2  # dry run wrote nothing

    report = workbooks.import_file(str(edited), inventory['a'], users['officer_a']).as_dict()
    assert report['applied']
    assert m.VirtualMachine.objects.get(name='web1').vcpus == 8
    assert m.VirtualMachine.objects.get(name='web2').memory_mib == 16384
    assert m.InformationSystem.objects.get(code='A-HR').security_level == 3
    db1 = m.VirtualMachine.objects.get(name='db1')
    assert db1.unit == inventory['a'] and list(db1.systems.values_list('code', flat=True)) == ['A-HR']
    imported = AuditRecord.objects.filter(source='import', username='officer_a')
    assert imported.count() == 4
    web1 = imported.get(object_repr='web1')
    assert web1.before == {'vcpus': 2} and web1.after == {'vcpus': 8}
    assert imported.get(object_repr='db1').action == 'create'

    again = workbooks.import_file(str(edited), inventory['a'], users['officer_a']).as_dict()
    assert counts(again, 'created') == counts(again, 'updated') == counts(again, 'removed') == {}


def test_deleted_row_is_removed(inventory, tmp_path):
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    name_col = column(sheets[VMS], 'name')
    sheets[VMS] = [r for r in sheets[VMS] if r[name_col] != 'web2']
    disks = sheets[DISKS]
    vm_col = column(disks, 'virtual machine')
    sheets[DISKS] = [r for r in disks if r[vm_col] != 'web2']
    nics = sheets['Card mạng ảo']
    sheets['Card mạng ảo'] = [r for r in nics if r[column(nics, 'virtual machine')] != 'web2']
    ips = sheets['Địa chỉ IP']
    nic_col = column(ips, 'VM NIC')
    sheets['Địa chỉ IP'] = [r for r in ips if not str(r[nic_col]).startswith('web2/')]
    edited = tmp_path / 'edited.xlsx'
    write_all(edited, sheets)
    report = workbooks.import_file(str(edited), inventory['a'], None).as_dict()
    assert report['errors'] == [], report['errors']
    assert report['removed'][VMS] == 1 and report['removed'][DISKS] == 1
    assert not m.VirtualMachine.objects.filter(name='web2').exists()
    assert AuditRecord.objects.filter(source='import', action='delete', object_repr='web2').exists()


def test_five_errors_on_three_sheets_are_all_reported_and_nothing_written(inventory, tmp_path):
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    set_cell(sheets[VMS], 'name', 'web0', 'vCPUs', 'hai')                       # not a number
    set_cell(sheets[VMS], 'name', 'web1', 'power state', 'Đang bay')            # not a choice
    set_cell(sheets[VMS], 'name', 'web2', 'cluster', 'CL-KHONG-CO')             # unknown reference
    set_cell(sheets[SYSTEMS], 'code', 'A-PORTAL', 'security level', 7)          # out of range
    set_cell(sheets[DISKS], 'virtual machine', 'web0', 'label', '')             # required: it names the disk
    edited = tmp_path / 'bad.xlsx'
    write_all(edited, sheets)
    before = (m.VirtualMachine.objects.count(), AuditRecord.objects.count(),
              list(m.VirtualMachine.objects.values_list('name', 'vcpus', 'power_state')))
    report = workbooks.import_file(str(edited), inventory['a'], None).as_dict()
    errors = report['errors']
    assert len(errors) == 5, errors
    assert {e['sheet'] for e in errors} == {VMS, SYSTEMS, DISKS}
    assert all(e['row'] >= 3 and e['column'] and e['message'] for e in errors)
    vcpu = next(e for e in errors if e['value'] == 'hai')
    assert vcpu['sheet'] == VMS and vcpu['column'] == 'vCPU'
    assert not report['applied']
    assert before == (m.VirtualMachine.objects.count(), AuditRecord.objects.count(),
                      list(m.VirtualMachine.objects.values_list('name', 'vcpus', 'power_state')))


def test_blank_measured_cells_import_as_unknown_with_warnings(inventory, tmp_path):
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    set_cell(sheets[VMS], 'name', 'web0', 'vCPU', '')
    set_cell(sheets[DISKS], 'virtual machine', 'web1', 'capacity (MiB)', '')
    edited = tmp_path / 'blank.xlsx'
    write_all(edited, sheets)
    report = workbooks.import_file(str(edited), inventory['a'], None).as_dict()
    assert report['errors'] == [] and report['applied']
    assert {(w['sheet'], w['column']) for w in report['warnings']} == {(VMS, 'vCPU'), (DISKS, 'dung lượng (MiB)')}
    assert m.VirtualMachine.objects.get(unit=inventory['a'], name='web0').vcpus is None
    assert m.VirtualDisk.objects.filter(vm__unit=inventory['a'], vm__name='web1', capacity_mib__isnull=True).exists()


def test_cli_json_output_and_exit_status(inventory, tmp_path, capsys):
    path = export(tmp_path, inventory['a'])
    call_command('survey', 'import', str(path), '--unit', 'DEP-A', '--json')
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {'created', 'updated', 'unchanged', 'removed', 'errors'}
    assert result['unchanged'][VMS] == 3 and result['errors'] == []
    other = tmp_path / 'other.xlsx'
    call_command('survey', 'export', '--unit', 'DEP-B', '-o', str(other))
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        call_command('survey', 'import', str(other), '--unit', 'DEP-A', '--json')
    assert exit_info.value.code != 0
    refused = json.loads(capsys.readouterr().out)
    assert 'DEP-B' in refused['errors'][0]['message']


def test_upload_page_previews_then_applies_through_jobs(inventory, tmp_path, web, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from cloudmove.core.services import jobs

    settings.VAR_DIR = tmp_path
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    set_cell(sheets[VMS], 'name', 'web1', 'vCPUs', 6)
    edited = tmp_path / 'edited.xlsx'
    write_all(edited, sheets)
    client = web('officer_a')
    page = client.get(reverse('inventory:workbook'), {'unit': inventory['a'].pk}).content.decode()
    assert reverse('inventory:workbook_download', args=[inventory['a'].pk]) in page
    download = client.get(reverse('inventory:workbook_download', args=[inventory['a'].pk]))
    assert download.status_code == 200 and download['Content-Type'].startswith('application/vnd.openxmlformats')
    response = client.post(reverse('inventory:workbook_upload', args=[inventory['a'].pk]),
                           {'file': SimpleUploadedFile('phieu.xlsx', edited.read_bytes())})
    assert response.status_code == 302
    jobs.run_pending()
    result = client.get(response['Location']).content.decode()
    assert 'data-changeset' in result and 'data-apply' in result and 'web1' in result
    assert m.VirtualMachine.objects.get(name='web1').vcpus == 2
    job_pk = int(response['Location'].rstrip('/').split('/')[-1])
    applied = client.post(reverse('inventory:workbook_apply', args=[job_pk]))
    jobs.run_pending()
    assert m.VirtualMachine.objects.get(name='web1').vcpus == 6
    final = client.get(applied['Location']).content.decode()
    assert 'data-summary' in final and 'data-apply' not in final
    # Another unit's officer can neither download nor upload for DEP-A.
    other = web('officer_b')
    assert other.get(reverse('inventory:workbook_download', args=[inventory['a'].pk])).status_code == 404
    assert other.post(reverse('inventory:workbook_upload', args=[inventory['a'].pk]),
                      {'file': SimpleUploadedFile('x.xlsx', b'PK')}).status_code == 404
    assert other.get(reverse('inventory:workbook_result', args=[job_pk])).status_code == 404


def test_refused_upload_lists_errors_and_offers_the_marked_workbook(inventory, tmp_path, web, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from cloudmove.core.services import jobs

    settings.VAR_DIR = tmp_path
    sheets = read_all(export(tmp_path, inventory['a']))
    set_cell(sheets[VMS], 'name', 'web0', 'vCPUs', 'nhiều')
    edited = tmp_path / 'bad.xlsx'
    write_all(edited, sheets)
    client = web('officer_a')
    response = client.post(reverse('inventory:workbook_upload', args=[inventory['a'].pk]),
                           {'file': SimpleUploadedFile('phieu.xlsx', edited.read_bytes())})
    jobs.run_pending()
    page = client.get(response['Location']).content.decode()
    assert 'data-refused' in page and 'nhiều' in page and 'data-apply' not in page
    job_pk = int(response['Location'].rstrip('/').split('/')[-1])
    assert reverse('inventory:workbook_annotated', args=[job_pk]) in page  # the page links the marked file
    marked = client.get(reverse('inventory:workbook_annotated', args=[job_pk]))
    assert marked.status_code == 200
    target = tmp_path / 'marked.xlsx'
    target.write_bytes(b''.join(marked.streaming_content))
    with zipfile.ZipFile(target) as z:
        comments = [n for n in z.namelist() if 'comments' in n]
        assert comments and 'Cần một số' in z.read(comments[0]).decode()


def test_references_to_shared_hosting_of_another_unit(inventory, tmp_path, users):
    b = inventory['b']
    shared = m.Cluster.objects.create(unit=b, name='DC-SHARED', is_shared=True)
    private = m.Cluster.objects.create(unit=b, name='B-PRIVATE')
    host = m.PhysicalServer.objects.create(unit=b, hostname='dc-esx01', cluster=shared, role='hypervisor')
    m.VirtualMachine.objects.create(unit=inventory['a'], name='hosted', vcpus=2, memory_mib=2048, cluster=shared,
                                    host=host)
    path = export(tmp_path, inventory['a'])
    sheets = read_all(path)
    assert 'DC-SHARED' in {r[column(sheets[VMS], 'cluster')] for r in sheets[VMS][2:]}
    unchanged = workbooks.import_file(str(path), inventory['a'], users['officer_a']).as_dict()
    assert unchanged['errors'] == [] and unchanged['created'][VMS] == 0 and unchanged['updated'][VMS] == 0
    vms = sheets[VMS]
    for name, cluster in (('new-on-shared', 'DC-SHARED'), ('new-on-private', 'B-PRIVATE')):
        row = [''] * len(vms[0])
        row[column(vms, 'name')], row[column(vms, 'vCPUs')], row[column(vms, 'memory (MiB)')] = name, 2, 2048
        row[column(vms, 'cluster')] = cluster
        vms.append(row)
    edited = tmp_path / 'edited.xlsx'
    write_all(edited, sheets)
    result = workbooks.import_file(str(edited), inventory['a'], users['officer_a']).as_dict()
    assert [e['value'] for e in result['errors']] == ['B-PRIVATE']   # another unit's own cluster stays out
    vms.pop()
    write_all(edited, sheets)
    result = workbooks.import_file(str(edited), inventory['a'], users['officer_a']).as_dict()
    assert result['errors'] == [] and m.VirtualMachine.objects.get(name='new-on-shared').cluster == shared
    assert private.vms.count() == 0


def test_a_new_narrower_prefix_takes_over_existing_addresses(inventory, tmp_path):
    address = m.IpAddress.objects.get(address='10.1.0.10')
    assert address.prefix.cidr == '10.1.0.0/24'
    sheets = read_all(export(tmp_path, inventory['a']))
    prefixes = sheets['Dải IP']
    row = [''] * len(prefixes[0])
    row[column(prefixes, 'prefix (CIDR)')] = '10.1.0.0/28'
    prefixes.append(row)
    edited = tmp_path / 'edited.xlsx'
    write_all(edited, sheets)
    result = workbooks.import_file(str(edited), inventory['a'], None).as_dict()
    assert result['errors'] == [] and result['created']['Dải IP'] == 1
    address.refresh_from_db()
    assert address.prefix.cidr == '10.1.0.0/28'
    assert m.IpAddress.objects.get(address='10.1.0.12').prefix.cidr == '10.1.0.0/28'


def test_a_workbook_without_keys_imports_once(tree, tmp_path):
    """Rows typed without keys (or a generated workbook) match the records of the same name next time."""
    from cloudmove.inventory.services.generate import generate_workbook

    path = tmp_path / 'generated.xlsx'
    totals = generate_workbook(path, vms=40, seed=3, unit_code='DEP-A')
    first = workbooks.import_file(str(path), tree['a'], None).as_dict()
    assert first['errors'] == [] and first['created'][VMS] == totals['vms'] == 40
    assert m.IpAddress.objects.filter(unit=tree['a']).count() == totals['ips']
    again = workbooks.import_file(str(path), tree['a'], None).as_dict()
    assert again['errors'] == []
    assert sum(sum(again[k].values()) for k in ('created', 'updated', 'removed')) == 0


def test_a_removed_vm_audits_its_cascaded_disks_nics_and_unassigned_addresses(inventory, tmp_path):
    """A one-sheet CSV of the VMs without web0 removes web0; its disk and NIC go with it (cascade) and its
    address loses its NIC (SET_NULL): each of those lands in the audit trail, not only the VM."""
    import csv

    vm = m.VirtualMachine.objects.get(unit=inventory['a'], name='web0')
    disk, nic = vm.disks.get(), vm.nics.get()
    address = m.IpAddress.objects.get(vm_nic=nic)
    rows = [r for r in read_all(export(tmp_path, inventory['a']))[VMS] if r[1] != 'web0']
    path = tmp_path / 'vms.csv'
    with open(path, 'w', newline='', encoding='utf-8-sig') as fh:
        csv.writer(fh).writerows([['' if v is None else v for v in row] for row in rows])
    before = AuditRecord.objects.order_by('-seq').values_list('seq', flat=True).first() or 0
    report = workbooks.import_file(str(path), inventory['a'], None).as_dict()
    assert report['errors'] == [] and report['removed'][VMS] == 1
    records = AuditRecord.objects.filter(seq__gt=before)
    deleted = set(records.filter(action='delete').values_list('object_type', 'object_id'))
    assert {('inventory.virtualmachine', str(vm.pk)), ('inventory.virtualdisk', str(disk.pk)),
            ('inventory.virtualnic', str(nic.pk))} <= deleted
    cleared = records.get(action='update', object_type='inventory.ipaddress', object_id=str(address.pk))
    assert cleared.before == {'vm_nic': nic.pk} and cleared.after == {'vm_nic': None}
    address.refresh_from_db()
    assert address.vm_nic_id is None


def test_every_imported_row_passes_the_models_own_validation(inventory, tmp_path):
    """The importer writes in bulk, bypassing clean(); the rules it checks are the models' own, so every
    row it writes passes full_clean(), and a row that clean() would refuse is refused on import too."""
    from django.apps import apps

    source, target = inventory['a'], inventory['a1']
    sheets = read_all(export(tmp_path, source))
    for name, rows in sheets.items():
        if name.startswith('_') or name == spec.INSTRUCTIONS_SHEET:
            continue
        for row in rows[spec.HEADER_ROWS:]:
            row[0] = ''  # new records in the other unit
            for i, value in enumerate(row):
                if isinstance(value, str) and value.startswith('A-'):
                    row[i] = value.replace('A-', 'N-')  # system codes are unique across units
    sheets['_meta'] = [[k, target.code if k == 'unit' else v] for k, v in sheets['_meta']]
    path = tmp_path / 'copy.xlsx'
    write_all(path, sheets)
    report = workbooks.import_file(str(path), target, None).as_dict()
    assert report['errors'] == [] and report['applied']
    checked = 0
    for model in apps.get_app_config('inventory').get_models():
        lookup = getattr(model, 'scope_path_lookup', None)
        if not lookup:
            continue
        for obj in model._default_manager.filter(**{f'{lookup}__startswith': target.path}):
            obj.full_clean()
            checked += 1
    assert checked >= 20

    deps = sheets['Phụ thuộc']
    external, name = column(deps, 'external platform'), column(deps, 'external target name')
    target_system = column(deps, 'target system')
    deps[spec.HEADER_ROWS][target_system] = ''
    deps[spec.HEADER_ROWS][external] = 'other'
    deps[spec.HEADER_ROWS][name] = ''
    write_all(path, sheets)
    refused = workbooks.import_file(str(path), target, None).as_dict()
    assert [e['message'] for e in refused['errors'] if e['sheet'] == 'Phụ thuộc'] == [
        str(invariants.MESSAGES['name_other'])]
