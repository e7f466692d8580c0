"""Discovery files as real tools and vendor portals write them (written from scratch, see realfiles.py):
blank values of orphaned VMs, exports without vDisk, headers with markers, units, BOM and CRLF."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.importers.aws import import_aws_csv
from cloudmove.inventory.importers.azure import import_azure_csv
from cloudmove.inventory.importers.google import import_google_csv
from cloudmove.inventory.importers.perf import import_perf
from cloudmove.inventory.importers.rvtools import import_rvtools
from cloudmove.inventory.services.rvtools_generate import rvtools_data
from cloudmove.inventory.tests.realfiles import write_csv, write_xlsx

MEASURED = ('CPUs', 'Memory', 'Powerstate', 'OS according to the configuration file')


def column(rows, name):
    return rows[0].index(name)


def blank_measured(sheets, share=0.01):
    """Blank every measured vInfo cell (and the disk capacities) of `share` of the non-template VMs, as an
    export of orphaned VMs has them: empty strings. Returns the UUIDs of those VMs."""
    info = sheets['vInfo']
    template, uuid = column(info, 'Template'), column(info, 'VM UUID')
    live = [row for row in info[1:] if row[template] is not True]
    chosen = live[::int(1 / share)][:max(1, int(len(live) * share))]
    for row in chosen:
        for name in MEASURED + ('OS according to the VMware Tools',):
            row[column(info, name)] = ''
    uuids = {row[uuid] for row in chosen}
    disk = sheets['vDisk']
    for row in disk[1:]:
        if row[column(disk, 'VM UUID')] in uuids:
            row[column(disk, 'Capacity MiB')] = ''
    return uuids


def known_totals(sheets):
    """The totals an independent reading of the file gives: the known values of non-template VMs."""
    info, disk = sheets['vInfo'], sheets['vDisk']
    live = [row for row in info[1:] if row[column(info, 'Template')] is not True]
    uuids = {row[column(info, 'VM UUID')] for row in live}
    known = lambda rows, i: [r[i] for r in rows if r[i] != '']  # noqa: E731
    return {'vms': len(live), 'vcpus': sum(known(live, column(info, 'CPUs'))),
            'memory_mib': sum(known(live, column(info, 'Memory'))),
            'disk_capacity_mib': sum(r[column(disk, 'Capacity MiB')] for r in disk[1:]
                                     if r[column(disk, 'VM UUID')] in uuids and r[column(disk, 'Capacity MiB')] != '')}


def test_orphaned_vms_with_blank_values_are_imported_as_unknown(tree, users, tmp_path):
    sheets, _totals = rvtools_data(400, 11)
    blanks = blank_measured(sheets)
    path = write_xlsx(tmp_path / 'orphans.xlsx', sheets)  # declares A1:FZ65000 on every sheet
    result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    per_column = {}
    for w in result['warnings']:
        if w['sheet'] in ('vInfo', 'vDisk') and w['row']:
            per_column[(w['sheet'], w['column'])] = per_column.get((w['sheet'], w['column']), 0) + 1
    n_disks = sum(1 for r in sheets['vDisk'][1:] if r[column(sheets['vDisk'], 'VM UUID')] in blanks)
    assert per_column == {**{('vInfo', name): len(blanks) for name in MEASURED}, ('vDisk', 'Capacity MiB'): n_disks}
    assert all(w['value'] is None and w['message'] for w in result['warnings'] if w['row'])
    assert result['totals'] == known_totals(sheets)
    assert result['unknown'] == {'vcpus': len(blanks), 'memory_mib': len(blanks), 'disk_capacity_mib': len(blanks)}
    orphans = m.VirtualMachine.objects.filter(unit=tree['a'], vm_uuid__in=blanks)
    assert orphans.count() == len(blanks)
    assert set(orphans.values_list('vcpus', 'memory_mib', 'power_state', 'os_name')) == {(None, None, '', '')}
    assert not m.VirtualDisk.objects.filter(vm__in=orphans, capacity_mib__isnull=False).exists()
    # The same file again changes nothing.
    again = import_rvtools(path, tree['a'], users['admin'])
    assert not any(again['created'].values()) and not any(again['updated'].values())


@pytest.mark.parametrize('generation', ['old', 'new'])
def test_export_without_vdisk_takes_storage_from_vinfo(tree, users, tmp_path, generation):
    sheets, totals = rvtools_data(60, 5, old_headers=generation == 'old')
    info = sheets['vInfo']
    kept = {'vInfo': info} if generation == 'old' else {'vInfo': info, 'vPartition': sheets['vPartition']}
    orphan = next(r for r in info[1:] if r[column(info, 'Template')] is not True)
    storage = 'Provisioned MB' if generation == 'old' else 'Total disk capacity MiB'
    orphan_size = orphan[column(info, storage)]
    for name in ('Provisioned MB', 'Provisioned MiB', 'Total disk capacity MiB'):  # no storage figure at all
        if name in info[0]:
            orphan[column(info, name)] = ''
    path = write_xlsx(tmp_path / f'{generation}.xlsx', kept)
    with translation.override('en'):
        result = import_rvtools(path, tree['a'], users['admin'])
    assert result['errors'] == []
    assert result['created']['disks'] == 0
    # The storage is the VM summary's: the sum of what is known, never 0, the orphan unknown.
    assert result['totals']['disk_capacity_mib'] == totals['disk_capacity_mib'] - orphan_size > 0
    assert result['unknown']['disk_capacity_mib'] == 1
    [note] = [w for w in result['warnings'] if w['sheet'] == 'vInfo' and w['row'] == 0]
    vm = m.VirtualMachine.objects.exclude(vm_uuid=orphan[column(info, 'VM UUID')]).filter(
        unit=tree['a'], is_template=False).first()
    if generation == 'old':
        assert 'upper bound' in note['message']
        assert vm.disk_basis == 'provisioned' and vm.disk_used_mib is not None
    else:
        assert 'total disk capacity' in note['message']
        assert vm.disk_basis == 'total'
        consumed = sum(r[column(sheets['vPartition'], 'Consumed MiB')] for r in sheets['vPartition'][1:]
                       if r[column(sheets['vPartition'], 'VM UUID')] == vm.vm_uuid)
        if consumed:
            assert vm.disk_used_mib == consumed   # vPartition's used space, not vInfo's In Use
    row = next(r for r in info[1:] if r[column(info, 'VM UUID')] == vm.vm_uuid)
    assert vm.disk_count == row[column(info, 'Disks')] and vm.disk_total_mib == row[column(info, storage)] > 0
    assert m.VirtualMachine.objects.get(unit=tree['a'], vm_uuid=orphan[column(info, 'VM UUID')]).disk_total_mib is None
    again = import_rvtools(path, tree['a'], users['admin'])
    assert not any(again['updated'].values()) and not any(again['created'].values())


AZURE_TEMPLATE = ['*Server name', 'IP addresses', '*Cores', '*Memory (In MB)', '*OS name', 'OS version',
                  'OS architecture', 'Number of disks', 'Disk 1 size (In GB)',
                  'Disk 1 read ops (operations per second)',
                  'CPU utilization percentage', 'Boot type', 'MAC addresses']


@pytest.mark.parametrize('header', [
    AZURE_TEMPLATE,
    ['Server Name', 'IP Addresses', 'Cores', 'Memory (MB)', 'OS Name', 'OS Version', 'OS Architecture',
     'Number Of Disks', 'Disk 1 Size (GB)', 'Disk 1 Read Ops', 'CPU Utilization Percentage', 'Firmware type',
     'MAC Address'],
    [' server_name ', 'ip address', 'CORES', 'memory  (in mb)', 'os name (required)', 'os version', 'os architecture',
     'number of disks', 'disk 1 size (in gb)', 'disk 1 read ops', 'cpu utilization percentage', 'boot type',
     'mac addresses'],
])
def test_azure_template_headers_as_downloaded(tree, users, tmp_path, header):
    rows = [['web01.example.vn', '10.0.0.11,10.0.0.12', '4', '8192', 'Microsoft Windows Server 2019 Datacenter',
             '1809', 'x64', '1', '100', '120', '35', 'UEFI', '00:50:56:aa:bb:01'],
            ['orphan.example.vn', '', '', '', '', '', '', '', '', '', '', '', '']]
    path = write_csv(tmp_path / 'AzureMigrateImportTemplate.csv', header + ['Cost centre'], [r + ['CC'] for r in rows])
    result = import_azure_csv(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    web = m.VirtualMachine.objects.get(unit=tree['a'], name='web01.example.vn')
    assert (web.vcpus, web.memory_mib, web.firmware) == (4, 8192, 'efi')
    assert list(web.disks.values_list('capacity_mib', flat=True)) == [102400]
    orphan = m.VirtualMachine.objects.get(unit=tree['a'], name='orphan.example.vn')
    assert (orphan.vcpus, orphan.memory_mib, orphan.os_name) == (None, None, '')
    mapping = result['columns']['Azure CSV']
    assert len(mapping) == len(header) + 1 and mapping['Cost centre'] is None
    assert [v for v in mapping.values() if v is None] == [None]
    assert {w['column'] for w in result['warnings'] if w['row'] == 3} == {' '.join(h.split()) for h in header[2:5]}


def test_aws_template_with_quoted_application_lists(tree, users, tmp_path):
    header = ['ExternalId', 'HostName', 'VMware.VMName', 'IPAddress', 'MACAddress', 'CPU.NumberOfLogicalCores',
              'RAM.TotalSizeInMB', 'OS.Name', 'OS.Version', 'CPU.UsagePct.Avg', 'Applications', 'Tags']
    rows = [['srv-001', 'app01.example.vn', 'app01', '10.2.0.1', '00:50:56:00:00:01', '4', '8192', 'Ubuntu',
             '22.04', '35.5', 'Một cửa, Cổng dịch vụ công', 'env:prod, owner:it'],
            ['srv-002', 'lost.example.vn', '', '', '', '', '', '', '', '', '', '']]
    path = write_csv(tmp_path / 'import_template.csv', header, rows)
    assert '"Một cửa, Cổng dịch vụ công"'.encode() in path.read_bytes()   # quoted, as the template wants it
    result = import_aws_csv(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    app = m.VirtualMachine.objects.get(unit=tree['a'], vm_uuid='srv-001')
    assert 'Một cửa, Cổng dịch vụ công' in app.annotation and 'env:prod, owner:it' in app.annotation
    lost = m.VirtualMachine.objects.get(unit=tree['a'], vm_uuid='srv-002')
    assert (lost.name, lost.vcpus, lost.memory_mib) == ('lost.example.vn', None, None)
    assert result['unknown']['vcpus'] == 1


def test_google_export_with_its_real_column_spellings(tree, users, tmp_path):
    folder = tmp_path / 'mc'
    folder.mkdir()
    write_csv(folder / 'vmInfo.csv', [
        'MachineId', 'MachineName', 'PrimaryIPAddress', 'PrimaryMACAddress(optional)', 'PublicIPAddress(optional)',
        'IpAddressListSemiColonDelimited(optional)', 'TotalDiskAllocatedGiB(optional)', 'TotalDiskUsedGiB(optional)',
        'MachineTypeLabel(optional)', 'AllocatedProcessorCoreCount', 'MemoryGiB', 'HostingLocation(optional)',
        'OsType(optional)', 'OsName(optional)', 'OsVersion(optional)', 'MachineStatus(optional)',
        'ProvisioningState(optional)', 'CreateDate(optional)', 'IsPhysical(optional)', 'Source(optional)'], [
        ['m-1', 'web-g1', '10.3.0.1', '00:50:56:10:00:01', '', '10.3.0.1;10.3.1.1', '150', '60', 'n2-standard-4', '4',
         '16', 'dc1', 'Linux', 'Ubuntu', '22.04', 'Running', 'Provisioned', '2024-01-01', 'FALSE', 'VMware'],
        ['m-2', 'orphan-g2', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '']])
    write_csv(folder / 'perfInfo.csv', ['MachineId', 'TimeStamp', 'CpuUtilizationPercentage',
                                        'MemoryUtilizationPercentage(optional)'],
              [['m-1', f'2026-03-01 00:{i:02d}:00', str(10 * i), '50'] for i in range(6)])
    result = import_google_csv(folder, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    web = m.VirtualMachine.objects.get(unit=tree['a'], vm_uuid='m-1')
    assert (web.vcpus, web.memory_mib, web.disk_total_mib, web.disk_used_mib) == (4, 16384, 150 * 1024, 60 * 1024)
    assert web.performance.get(metric='cpu_pct').max == 50
    orphan = m.VirtualMachine.objects.get(unit=tree['a'], vm_uuid='m-2')
    assert (orphan.vcpus, orphan.memory_mib) == (None, None)
    assert result['totals']['disk_capacity_mib'] == 150 * 1024
    assert result['columns']['vmInfo.csv']['PublicIPAddress(optional)'] is None
    assert result['columns']['vmInfo.csv']['MemoryGiB'] == 'memory'


def test_perf_csv_with_bom_crlf_and_marked_headers(tree, users, tmp_path):
    m.VirtualMachine.objects.create(unit=tree['a'], name='web01', vcpus=2, memory_mib=2048)
    path = write_csv(tmp_path / 'perf.csv', ['Timestamp *', 'Machine', 'Metric', 'Value (%)'],
                     [['2026-03-01T00:00:00Z', 'web01', 'cpu', '10'], ['2026-03-01T00:05:00Z', 'web01', 'cpu', '']])
    result = import_perf(path, tree['a'], users['admin'])
    assert result['errors'] == [] and result['created']['perf'] == 1
    assert [(w['row'], w['column']) for w in result['warnings']] == [(3, 'Value (%)')]


def test_refusals_stay_refusals_with_clear_messages(tree, users, tmp_path, capsys):
    """A file whose identifying column is missing is refused, with every problem and nothing written."""
    before = (m.VirtualMachine.objects.count(), AuditRecord.objects.count())
    path = write_csv(tmp_path / 'no-name.csv', ['Cores', 'Memory (In MB)', 'OS name'], [['2', '2048', 'Ubuntu']])
    result = import_azure_csv(path, tree['a'], users['admin'])
    assert [(e['row'], e['column']) for e in result['errors']] == [(1, 'Server name')]
    sheets, _totals = rvtools_data(5, 2)
    del sheets['vInfo'][0][column(sheets['vInfo'], 'VM')]
    refused = import_rvtools(write_xlsx(tmp_path / 'no-vm.xlsx', {'vInfo': sheets['vInfo']}), tree['a'],
                             users['admin'])
    assert [(e['sheet'], e['column']) for e in refused['errors']] == [('vInfo', 'VM')]
    assert (m.VirtualMachine.objects.count(), AuditRecord.objects.count()) == before
    with pytest.raises(SystemExit):
        call_command('import', 'azure-csv', str(path), '--unit', tree['a'].code, '--json')
    out = json.loads(capsys.readouterr().out)
    assert out['errors'][0]['column'] == 'Server name' and out['columns']['Azure CSV'] == {
        'Cores': 'cores', 'Memory (In MB)': 'memory', 'OS name': 'os_name'}
