"""RVTools: the synthetic export generator and the importer (xlsx and CSV folder, both header generations)."""

import json
import os

import pytest
from django.core.management import call_command

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.importers.rvtools import import_rvtools
from cloudmove.inventory.services.rvtools_generate import generate_rvtools, rvtools_data, write_sheets

VMS, SEED = 200, 7


def inventory(unit):
    vms = {vm.name: (vm.vcpus, vm.memory_mib, vm.is_template, vm.power_state, vm.os_family, vm.snapshot_count)
           for vm in m.VirtualMachine.objects.filter(unit=unit)}
    disks = sorted(m.VirtualDisk.objects.filter(vm__unit=unit).values_list(
        'vm__name', 'label', 'capacity_mib', 'is_rdm', 'is_shared', 'provisioning'))
    nics = sorted(m.VirtualNic.objects.filter(vm__unit=unit).values_list('vm__name', 'label', 'mac', 'network'))
    ips = sorted(m.IpAddress.objects.filter(unit=unit).values_list('address', 'vm_nic__vm__name'))
    return vms, disks, nics, ips


def nothing_changed(result):
    return not any(result['created'].values()) and not any(result['updated'].values())


@pytest.fixture
def export(tmp_path):
    path = tmp_path / 'rvtools.xlsx'
    totals = generate_rvtools(path, VMS, SEED)
    return path, totals


def test_generator_is_deterministic_and_realistic():
    sheets, totals = rvtools_data(VMS, SEED)
    assert (sheets, totals) == rvtools_data(VMS, SEED)
    header = sheets['vDisk'][0]
    disks = sheets['vDisk'][1:]
    assert any(row[header.index('Raw')] == 'True' for row in disks)
    assert any(row[header.index('Sharing mode')] == 'sharingMultiWriter' for row in disks)
    info = sheets['vInfo']
    assert any(row[info[0].index('Template')] is True for row in info[1:])
    assert len(sheets['vSnapshot']) > 1
    old, _totals = rvtools_data(VMS, SEED, old_headers=True)
    assert 'Provisioned MB' in old['vInfo'][0] and 'Capacity MB' in old['vDisk'][0]


def test_import_totals_reimport_and_change(tree, users, export, tmp_path):
    path, totals = export
    unit = tree['a']
    dry = import_rvtools(path, unit, users['admin'], dry_run=True)
    assert dry['errors'] == [] and dry['totals'] == totals
    assert not m.VirtualMachine.objects.filter(unit=unit).exists()

    result = import_rvtools(path, unit, users['admin'])
    assert result['errors'] == [], result['errors']
    assert result['totals'] == totals
    assert result['created']['vms'] == VMS
    templates = m.VirtualMachine.objects.filter(unit=unit, is_template=True).count()
    assert templates and totals['vms'] == VMS - templates
    assert m.VirtualDisk.objects.filter(vm__unit=unit, is_rdm=True).exists()
    assert m.VirtualDisk.objects.filter(vm__unit=unit, is_shared=True).exists()
    assert m.VirtualMachine.objects.filter(unit=unit, snapshot_count__gt=0).exists()
    host = m.PhysicalServer.objects.filter(unit=unit).first()
    assert host.role == 'hypervisor' and host.os == 'VMware ESXi' and host.cluster and host.cpu_cores
    assert m.IpAddress.objects.filter(unit=unit, vm_nic__isnull=False).exists()
    audit_count = AuditRecord.objects.filter(source='import').count()
    vms_audited = AuditRecord.objects.filter(source='import', action='create', object_type='inventory.virtualmachine')
    assert vms_audited.object_total() == VMS
    vm = m.VirtualMachine.objects.filter(unit=unit).last()
    created = AuditRecord.objects.for_object('inventory.virtualmachine', vm.pk).get()
    assert created.after[str(vm.pk)]['name'] == vm.name and created.username == 'admin'

    again = import_rvtools(path, unit, users['admin'])
    assert again['errors'] == [] and nothing_changed(again), again
    assert again['totals'] == totals
    assert AuditRecord.objects.filter(source='import').count() == audit_count

    # Ten VMs get more CPUs.
    sheets, _totals = rvtools_data(VMS, SEED)
    info = sheets['vInfo']
    cpus = info[0].index('CPUs')
    for row in info[1:11]:
        row[cpus] = row[cpus] + 2
    changed = tmp_path / 'changed.xlsx'
    write_sheets(changed, sheets)
    result = import_rvtools(changed, unit, users['admin'])
    assert result['errors'] == []
    assert result['updated'] == {'clusters': 0, 'hosts': 0, 'vms': 10, 'disks': 0, 'nics': 0, 'ips': 0}
    assert sum(result['created'].values()) == 0
    assert AuditRecord.objects.filter(source='import', action='update').count() == 10


def test_csv_folder_and_old_headers_give_the_same_inventory(tree, users, export, tmp_path):
    path, totals = export
    import_rvtools(path, tree['a'], users['admin'])
    folder = tmp_path / 'csv'
    assert generate_rvtools(folder, VMS, SEED, as_csv=True) == totals
    assert (folder / 'RVTools_tabvInfo.csv').read_bytes().startswith(b'\xef\xbb\xbf')
    result = import_rvtools(folder, tree['b'], users['admin'])
    assert result['errors'] == [] and result['totals'] == totals
    assert inventory(tree['b']) == inventory(tree['a'])

    old = tmp_path / 'old.xlsx'
    generate_rvtools(old, VMS, SEED, old_headers=True)
    result = import_rvtools(old, tree['a1'], users['admin'])
    assert result['errors'] == [] and result['totals'] == totals
    assert inventory(tree['a1']) == inventory(tree['a'])
    # The old-header file is the same data as the one already imported into unit A.
    assert nothing_changed(import_rvtools(old, tree['a'], users['admin']))


def test_missing_optional_sheets_are_warnings_blank_rows_and_extra_columns_are_accepted(tree, users, tmp_path):
    sheets, _totals = rvtools_data(20, SEED)
    info = sheets['vInfo']
    info[0].append('Custom attribute: Cost centre')
    for row in info[1:]:
        row.append('CC-1')
    info.insert(3, [''] * len(info[0]))
    info[4][info[0].index('CPUs')] = str(info[4][info[0].index('CPUs')])    # a number typed as text
    path = tmp_path / 'partial.xlsx'
    write_sheets(path, {'vInfo': info})
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == []
    assert {w['sheet'] for w in result['warnings']} == {'vInfo', 'vCPU', 'vMemory', 'vDisk', 'vPartition', 'vNetwork',
                                                        'vHost', 'vCluster', 'vSnapshot', 'vTools'}
    # Without vDisk the storage comes from vInfo, and the report says on what basis.
    [storage] = [w for w in result['warnings'] if w['sheet'] == 'vInfo']
    assert storage['row'] == 0 and 'vInfo' in storage['message'] and 'vDisk' in storage['message']
    assert result['created']['vms'] == 20 and result['created']['disks'] == 0
    assert result['columns']['vInfo']['Custom attribute: Cost centre'] is None
    assert result['columns']['vInfo']['CPUs'] == 'vcpus'


def test_missing_vinfo_is_refused_and_nothing_written(tree, users, tmp_path):
    sheets, _totals = rvtools_data(20, SEED)
    del sheets['vInfo']
    path = tmp_path / 'no-vinfo.xlsx'
    write_sheets(path, sheets)
    before = AuditRecord.objects.count()
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] and 'vInfo' in result['errors'][0]['message']
    assert sum(result['created'].values()) == 0
    assert not m.VirtualMachine.objects.exists() and not m.Cluster.objects.exists()
    assert AuditRecord.objects.count() == before


def test_unreadable_measured_cells_are_unknown_and_identity_problems_refuse_everything(tree, users, tmp_path):
    sheets, _totals = rvtools_data(20, SEED)
    info = sheets['vInfo']
    info[5][info[0].index('CPUs')] = 'many'
    info[6][info[0].index('Memory')] = ''
    path = tmp_path / 'unknown.xlsx'
    write_sheets(path, sheets)
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    places = {(w['sheet'], w['row'], w['column'], w['value']) for w in result['warnings']}
    assert {('vInfo', 6, 'CPUs', 'many'), ('vInfo', 7, 'Memory', None)} <= places
    many = m.VirtualMachine.objects.get(unit=tree['a'], name=info[5][info[0].index('VM')])
    blank = m.VirtualMachine.objects.get(unit=tree['a'], name=info[6][info[0].index('VM')])
    assert many.vcpus is None and many.memory_mib is not None
    assert blank.memory_mib is None and blank.vcpus is not None
    assert result['unknown']['vcpus'] == 1 and result['unknown']['memory_mib'] == 1

    # What identifies a VM stays strict: no name and no UUID, or the same UUID twice, refuse the file.
    sheets, _totals = rvtools_data(20, SEED)
    info = sheets['vInfo']
    info[5][info[0].index('VM')] = ''
    info[5][info[0].index('VM UUID')] = ''
    info[7][info[0].index('VM UUID')] = info[8][info[0].index('VM UUID')]
    path = tmp_path / 'bad.xlsx'
    write_sheets(path, sheets)
    result = import_rvtools(path, tree['b'], users['admin'])
    places = [(e['sheet'], e['row'], e['column']) for e in result['errors']]
    assert places[:2] == [('vInfo', 6, 'VM'), ('vInfo', 9, 'VM UUID')]
    assert all(e['row'] and e['message'] for e in result['errors'])
    assert not m.VirtualMachine.objects.filter(unit=tree['b']).exists()
    assert not m.PhysicalServer.objects.filter(unit=tree['b']).exists()


def test_problems_are_listed_row_by_row_in_the_order_of_the_columns(tree, users, tmp_path):
    """Sheets are read column by column; the report still lists a sheet's problems by row, and within a row
    in the order its cells are read (CPUs before Memory), as a person fixing the file goes through it."""
    sheets, _totals = rvtools_data(20, SEED)
    info, disks = sheets['vInfo'], sheets['vDisk']
    info[4][info[0].index('Memory')] = ''
    info[6][info[0].index('CPUs')] = 'many'
    info[6][info[0].index('Memory')] = 'lots'
    info[9][info[0].index('CPUs')] = ''
    capacity = next(i for i, h in enumerate(disks[0]) if h.startswith('Capacity'))
    disks[3][capacity] = ''
    disks[2][capacity] = 'big'
    path = tmp_path / 'order.xlsx'
    write_sheets(path, sheets)
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == []
    places = [(w['sheet'], w['row'], w['column']) for w in result['warnings']
              if w['sheet'] in ('vInfo', 'vDisk') and w['row']]
    assert places == [('vInfo', 5, 'Memory'), ('vInfo', 7, 'CPUs'), ('vInfo', 7, 'Memory'), ('vInfo', 10, 'CPUs'),
                      ('vDisk', 3, disks[0][capacity]), ('vDisk', 4, disks[0][capacity])]


@pytest.mark.parametrize('name', ['random.xlsx', 'random.bin', 'RVTools_tabvInfo.csv'])
def test_random_bytes_are_refused(tree, users, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(5000))
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] and result['errors'][0]['message']
    assert not m.VirtualMachine.objects.exists()


def test_command(tree, users, export, capsys):
    path, totals = export
    call_command('import', 'rvtools', str(path), '--unit', 'DEP-A', '--json', '--dry-run')
    out = json.loads(capsys.readouterr().out)
    assert out['totals'] == totals and out['errors'] == []
    assert not m.VirtualMachine.objects.exists()
    call_command('import', 'rvtools', str(path), '--unit', 'DEP-A')
    assert m.VirtualMachine.objects.filter(unit=tree['a'], is_template=False).count() == totals['vms']
    with pytest.raises(SystemExit) as exc:
        call_command('import', 'rvtools', str(path) + '.missing', '--unit', 'DEP-A', '--json')
    assert exc.value.code == 1
    assert json.loads(capsys.readouterr().out.splitlines()[-1])['errors']


def test_generate_command(tmp_path, capsys):
    call_command('generate', 'rvtools', '--vms', '30', '--seed', '2', '-o', str(tmp_path / 'csv'), '--csv')
    assert 'vms' in capsys.readouterr().out
    assert (tmp_path / 'csv' / 'RVTools_tabvHost.csv').exists()


def test_tools_partitions_and_cross_checks(tree, users, tmp_path):
    sheets, _totals = rvtools_data(30, SEED)
    cpu = sheets['vCPU']
    cpu[1][cpu[0].index('CPUs')] += 1  # vCPU disagrees with vInfo for the first VM
    path = tmp_path / 'rv.xlsx'
    write_sheets(path, sheets)
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == []
    first = sheets['vInfo'][1][0]
    warning = next(w for w in result['warnings'] if w['sheet'] == 'vCPU')
    assert warning['row'] == 2 and warning['column'] == 'CPUs'
    vm = m.VirtualMachine.objects.get(unit=tree['a'], name=first)
    assert vm.vcpus == sheets['vInfo'][1][sheets['vInfo'][0].index('CPUs')]
    states = dict(m.VirtualMachine.objects.filter(unit=tree['a']).values_list('name', 'tools_state'))
    header = sheets['vTools'][0]
    expected = {'toolsOk': 'ok', 'toolsOld': 'old', 'toolsNotRunning': 'not_running',
                'toolsNotInstalled': 'not_installed'}
    assert {row[0]: expected[row[header.index('Tools')]] for row in sheets['vTools'][1:]} == states
    # The guest's used space is laid over its disks, never above a disk's capacity.
    part = sheets['vPartition']
    consumed = {}
    for row in part[1:]:
        consumed[row[0]] = consumed.get(row[0], 0) + row[part[0].index('Consumed MiB')]
    for name, total in consumed.items():
        disks = list(m.VirtualDisk.objects.filter(vm__unit=tree['a'], vm__name=name))
        assert abs(sum(d.used_mib for d in disks) - total) <= len(disks)
        assert all(d.used_mib <= d.capacity_mib for d in disks)
    again = import_rvtools(path, tree['a'], users['admin'])
    assert nothing_changed(again) and not any(again['removed'].values())


def test_parts_no_longer_listed_are_removed(tree, users, tmp_path):
    sheets, _totals = rvtools_data(40, SEED)
    path = tmp_path / 'rv.xlsx'
    write_sheets(path, sheets)
    import_rvtools(path, tree['a'], users['admin'])
    disk_header, net_header = sheets['vDisk'][0], sheets['vNetwork'][0]
    with_ip = next(row for row in sheets['vNetwork'][1:] if row[net_header.index('IPv4 Address')])
    gone_disk = sheets['vDisk'][1]
    sheets['vDisk'].remove(gone_disk)
    sheets['vNetwork'].remove(with_ip)
    gone_vm = sheets['vInfo'].pop(5)[0]  # a VM missing from the export is kept
    for name in ('vCPU', 'vMemory', 'vTools', 'vDisk', 'vNetwork', 'vPartition', 'vSnapshot'):
        sheets[name] = [sheets[name][0]] + [r for r in sheets[name][1:] if r[0] != gone_vm]
    changed = tmp_path / 'changed.xlsx'
    write_sheets(changed, sheets)

    dry = import_rvtools(changed, tree['a'], users['admin'], dry_run=True)
    assert dry['removed'] == {'clusters': 0, 'hosts': 0, 'vms': 0, 'disks': 1, 'nics': 1, 'ips': 1}
    result = import_rvtools(changed, tree['a'], users['admin'])
    assert result['errors'] == [] and result['removed'] == dry['removed']
    vm = gone_disk[disk_header.index('VM')]
    assert not m.VirtualDisk.objects.filter(vm__unit=tree['a'], vm__name=vm,
                                            label=gone_disk[disk_header.index('Disk')]).exists()
    assert not m.VirtualNic.objects.filter(vm__unit=tree['a'], vm__name=with_ip[0],
                                           label=with_ip[net_header.index('NIC label')]).exists()
    assert not m.IpAddress.objects.filter(unit=tree['a'], address=with_ip[net_header.index('IPv4 Address')]).exists()
    assert m.VirtualMachine.objects.filter(unit=tree['a'], name=gone_vm).exists()
    deleted = AuditRecord.objects.filter(source='import', action='delete')
    assert sorted(deleted.values_list('object_type', flat=True)) == [
        'inventory.ipaddress', 'inventory.virtualdisk', 'inventory.virtualnic']
    assert nothing_changed(import_rvtools(changed, tree['a'], users['admin']))


def test_declared_size_far_beyond_the_data_is_accepted_and_stray_far_cells_are_refused(tree, users, tmp_path):
    import xlsxwriter

    sheets, _totals = rvtools_data(10, SEED)
    path = tmp_path / 'declared.xlsx'
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet('vInfo')
    for r, row in enumerate(sheets['vInfo']):
        sheet.write_row(r, 0, row)
    sheet.write_blank(1048575, 16383, None, book.add_format({'bold': True}))  # <dimension ref="A1:XFD1048576"/>
    book.close()
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['created']['vms'] == 10

    stray = tmp_path / 'stray.xlsx'
    book = xlsxwriter.Workbook(str(stray))
    sheet = book.add_worksheet('vInfo')
    for r, row in enumerate(sheets['vInfo']):
        sheet.write_row(r, 0, row)
    sheet.write_string(1048575, 16383, 'ghi chú')
    book.close()
    result = import_rvtools(stray, tree['b'], users['admin'])
    assert len(result['errors']) == 1 and 'Ctrl+End' in result['errors'][0]['message']
    assert not m.VirtualMachine.objects.filter(unit=tree['b']).exists()


def test_tabs_no_import_reads_are_neither_checked_nor_read(tree, users, tmp_path):
    """Real exports carry tabs such as vFileInfo (often the largest of the file) that no import uses: a stray
    far cell or a formula there refuses nothing, while the same on vInfo still does."""
    import xlsxwriter

    sheets, _totals = rvtools_data(10, SEED)

    def write(path, hostile_tab):
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet('vInfo')
        for r, row in enumerate(sheets['vInfo']):
            sheet.write_row(r, 0, row)
        other = book.add_worksheet(hostile_tab)
        other.write_row(0, 0, ['Path', 'File size in bytes'])
        other.write_formula(1, 1, '=1+1')
        other.write_string(1048575, 16383, 'ghi chú')
        if hostile_tab == 'vInfo copy':
            sheet.write_string(1048575, 16383, 'ghi chú')
        book.close()

    path = tmp_path / 'filetabs.xlsx'
    write(path, 'vFileInfo')
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['created']['vms'] == 10

    refused = tmp_path / 'stray-vinfo.xlsx'
    write(refused, 'vInfo copy')
    result = import_rvtools(refused, tree['b'], users['admin'])
    assert len(result['errors']) == 1 and 'Ctrl+End' in result['errors'][0]['message']
    assert not m.VirtualMachine.objects.filter(unit=tree['b']).exists()


def test_two_vms_that_swap_names_are_renamed_without_a_key_clash(tree, users, tmp_path):
    """Matched by their UUIDs, two VMs whose names are swapped in a later export are renamed in one import
    (the unique name would clash mid-update without the temporary names)."""
    sheets, _totals = rvtools_data(10, SEED)
    header = sheets['vInfo'][0]
    path = tmp_path / 'rv.xlsx'
    write_sheets(path, sheets)
    import_rvtools(path, tree['a'], users['admin'])
    name, uuid = header.index('VM'), header.index('VM UUID')
    first, second = sheets['vInfo'][1], sheets['vInfo'][2]
    before = {first[uuid]: first[name], second[uuid]: second[name]}
    swap = {first[name]: second[name], second[name]: first[name]}
    for sheet in sheets.values():   # every tab names the VM: swap it everywhere
        col = sheet[0].index('VM') if 'VM' in sheet[0] else None
        for row in sheet[1:]:
            if col is not None and row[col] in swap:
                row[col] = swap[row[col]]
    swapped = tmp_path / 'swapped.xlsx'
    write_sheets(swapped, sheets)
    result = import_rvtools(swapped, tree['a'], users['admin'])
    assert result['errors'] == [], result['errors']
    names = dict(m.VirtualMachine.objects.filter(unit=tree['a'], vm_uuid__in=before).values_list('vm_uuid', 'name'))
    assert {str(k): v for k, v in names.items()} == {first[uuid]: before[second[uuid]],
                                                    second[uuid]: before[first[uuid]]}
