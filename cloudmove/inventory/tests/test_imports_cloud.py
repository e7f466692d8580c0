"""Imports of the AWS Application Discovery Service template and the Google Migration Center tables."""

import json
import zipfile

import pytest
from django.core.management import call_command

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.importers.aws import import_aws_csv
from cloudmove.inventory.importers.google import import_google_csv
from cloudmove.inventory.tests.test_imports_csv import changes, write_csv

# The documented columns of the ADS import template (research notes, section 2).
AWS_HEADER = ['ExternalId', 'SMBiosId', 'IPAddress', 'MACAddress', 'HostName', 'VMware.MoRefId', 'VMware.VCenterId',
              'CPU.NumberOfProcessors', 'CPU.NumberOfCores', 'CPU.NumberOfLogicalCores', 'OS.Name', 'OS.Version',
              'VMware.VMName', 'RAM.TotalSizeInMB', 'RAM.UsedSizeInMB.Avg', 'RAM.UsedSizeInMB.Max',
              'CPU.UsagePct.Avg', 'CPU.UsagePct.Max', 'DiskReadsPerSecondInKB.Avg', 'DiskReadsPerSecondInKB.Max',
              'DiskWritesPerSecondInKB.Avg', 'DiskWritesPerSecondInKB.Max', 'DiskReadsOpsPerSecond.Avg',
              'DiskReadsOpsPerSecond.Max', 'DiskWritesOpsPerSecond.Avg', 'DiskWritesOpsPerSecond.Max',
              'NetworkReadsPerSecondInKB.Avg', 'NetworkReadsPerSecondInKB.Max', 'NetworkWritesPerSecondInKB.Avg',
              'NetworkWritesPerSecondInKB.Max', 'Applications', 'Tags']
AWS_ROWS = [
    ['srv-001', '4C4C4544-0042', '10.2.0.11', '00:50:56:aa:cc:01', 'app01.example.vn', 'vm-101', 'vc-01', '2', '4',
     '8', 'Windows Server 2016', '10.0.14393', '', '16384', '4096', '8192', '25', '90', '1024', '2048', '512',
     '1024', '50', '100', '20', '40', '125', '250', '62.5', '125', 'HR, Payroll', 'env:prod, owner:it'],
    ['', '', '10.2.0.12', '', 'db02.example.vn', '', '', '1', '4', '', 'CentOS Linux 7', '7.9', '', '8192', '',
     '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
]

VM_INFO = ['MachineId', 'MachineName', 'PrimaryIPAddress', 'PrimaryMACAddress', 'PublicIPAddress',
           'IpAddressListSemiColonDelimited', 'TotalDiskAllocatedGiB', 'TotalDiskUsedGiB', 'MachineTypeLabel',
           'AllocatedProcessorCoreCount', 'MemoryGiB', 'HostingLocation', 'OsType', 'OsPublisher', 'OsName',
           'OsVersion', 'MachineStatus', 'ProvisioningState', 'CreateDate', 'IsPhysical', 'Source']
VM_ROWS = [
    ['m-1', 'web-g1', '10.3.0.1', '00:50:56:bb:00:01', '203.0.113.5', '10.3.0.1;10.3.1.1', '150', '60', 'n2',
     '4', '16', 'dc1', 'Linux', 'Canonical', 'Ubuntu 22.04', '22.04', 'Running', 'ok', '2024-01-01', 'false', 'x'],
    ['m-2', '', '10.3.0.2', '', '', '', '100', '', '', '2', '4.5', '', 'Windows', '', 'Windows Server 2022', '',
     'Stopped', '', '', '', ''],
]
DISK_INFO = ['MachineId', 'DiskLabel', 'SizeInGib', 'UsedInGib', 'StorageTypeLabel']
DISK_ROWS = [['m-1', 'sda', '50', '20', 'SSD'], ['m-1', 'sdb', '100', '40', 'HDD'], ['m-2', 'C:', '100', '', '']]
PERF_INFO = ['MachineId', 'TimeStamp', 'CpuUtilizationPercentage', 'MemoryUtilizationPercentage(optional)',
             'AvailableMemoryBytes', 'DiskReadOperationsPerSec', 'DiskWriteOperationsPerSec',
             'NetworkBytesPerSecSent', 'NetworkBytesPerSecReceived']
TAG_INFO = ['MachineId', 'Key', 'Value']


def perf_rows():
    rows = []
    for i in range(20):
        rows.append(['m-1', f'2026-03-01T{i:02d}:00:00Z', str(i * 5), str(50 + i), '', '10', '5', '1000000', '2000000'])
    rows.append(['m-2', '2026-03-01 00:00:00', '12', '', str(2 * 1024 ** 3), '', '', '', ''])
    return rows


def google_folder(path, vm_rows=VM_ROWS, disks=True, perf=True, tags=True):
    path.mkdir(exist_ok=True)
    write_csv(path / 'vmInfo.csv', VM_INFO, vm_rows)
    if disks:
        write_csv(path / 'diskInfo.csv', DISK_INFO, DISK_ROWS)
    if perf:
        write_csv(path / 'perfInfo.csv', PERF_INFO, perf_rows())
    if tags:
        write_csv(path / 'tagInfo.csv', TAG_INFO, [['m-1', 'env', 'prod'], ['m-1', 'owner', 'it']])
    return path


def counts():
    return tuple(model.objects.count() for model in (m.VirtualMachine, m.VirtualDisk, m.VirtualNic, m.IpAddress,
                                                     m.PerformanceSummary, AuditRecord))


# ---------------------------------------------------------------------- AWS
def test_aws_import_maps_vms_nics_perf_and_reimport_changes_nothing(tree, users, tmp_path):
    unit = tree['a']
    path = write_csv(tmp_path / 'aws.csv', AWS_HEADER, AWS_ROWS)
    dry = import_aws_csv(path, unit, users['admin'], dry_run=True)
    assert dry['errors'] == [] and not m.VirtualMachine.objects.exists()
    assert dry['totals']['vms'] == 2 and dry['totals']['vcpus'] == 12

    result = import_aws_csv(path, unit, users['admin'])
    assert result['errors'] == [] and result['applied']
    assert result['created'] == {'vms': 2, 'disks': 0, 'nics': 2, 'ips': 2, 'perf': 8}
    app = m.VirtualMachine.objects.get(unit=unit, vm_uuid='srv-001')
    assert (app.name, app.vcpus, app.memory_mib, app.os_family) == ('app01.example.vn', 8, 16384, 'windows')
    assert 'HR, Payroll' in app.annotation and 'env:prod' in app.annotation
    assert list(app.nics.values_list('mac', flat=True)) == ['00:50:56:aa:cc:01']
    perf = {p.metric: (p.avg, p.max) for p in app.performance.all()}
    assert perf['cpu_pct'] == (25, 90) and perf['memory_pct'] == (25, 50)
    assert perf['disk_read_mbps'] == (1, 2) and perf['net_in_mbitps'] == pytest.approx((1.024, 2.048))
    db = m.VirtualMachine.objects.get(unit=unit, name='db02.example.vn')
    assert (db.vcpus, db.vm_uuid, db.os_family) == (4, '', 'linux')

    again = import_aws_csv(path, unit, users['admin'])
    assert again['errors'] == [] and changes(again) == 0 and not again['applied']
    rows = [list(r) for r in AWS_ROWS]
    rows[0][4] = 'app01-renamed.example.vn'     # same ExternalId: the same VM, renamed
    renamed = import_aws_csv(write_csv(tmp_path / 'aws2.csv', AWS_HEADER, rows), unit, users['admin'])
    assert renamed['updated']['vms'] == 1 and changes(renamed) == 1
    assert m.VirtualMachine.objects.get(vm_uuid='srv-001').name == 'app01-renamed.example.vn'

    # Renaming it to the name another VM of the unit holds is refused with its row, not a database error.
    rows[0][4] = 'db02.example.vn'
    clash = import_aws_csv(write_csv(tmp_path / 'aws3.csv', AWS_HEADER, rows[:1]), unit, users['admin'])
    assert [(e['row'], e['value']) for e in clash['errors']] == [(2, 'db02.example.vn')]
    assert m.VirtualMachine.objects.get(vm_uuid='srv-001').name == 'app01-renamed.example.vn'


def test_aws_errors_have_places_and_nothing_is_written(tree, users, tmp_path):
    rows = [list(r) for r in AWS_ROWS]
    rows[0][9] = 'eight'           # CPU.NumberOfLogicalCores
    rows[1][2] = '10.2.0.300'      # IPAddress
    rows[1][13] = ''               # RAM.TotalSizeInMB
    rows.append(['srv-001'] + [''] * 8 + ['2'] + [''] * 3 + ['1024'] + [''] * 18)
    rows.append([''] * 9 + ['2'] + [''] * 3 + ['1024'] + [''] * 18)
    before = counts()
    result = import_aws_csv(write_csv(tmp_path / 'bad.csv', AWS_HEADER, rows), tree['a'], users['admin'])
    places = {(e['row'], e['column']) for e in result['errors']}
    assert places == {(4, 'ExternalId'), (5, 'ExternalId')}   # a repeated ExternalId, a row with no identity
    assert {(2, 'CPU.NumberOfLogicalCores'), (3, 'IPAddress'), (3, 'RAM.TotalSizeInMB')} <= {
        (w['row'], w['column']) for w in result['warnings']}
    assert not result['applied'] and counts() == before
    missing = import_aws_csv(write_csv(tmp_path / 'm.csv', ['OS.Name'], [['x']]), tree['a'], users['admin'])
    assert {e['column'] for e in missing['errors']} == {'ExternalId', 'RAM.TotalSizeInMB', 'CPU.NumberOfLogicalCores'}


# ---------------------------------------------------------------------- Google
def test_google_import_maps_vms_disks_perf_tags_and_reimport_changes_nothing(tree, users, tmp_path, capsys):
    unit = tree['a']
    folder = google_folder(tmp_path / 'mc')
    result = import_google_csv(folder, unit, users['admin'])
    assert result['errors'] == [] and result['warnings'] == [] and result['applied']
    assert result['created'] == {'vms': 2, 'disks': 3, 'nics': 2, 'ips': 3, 'perf': 8}
    web = m.VirtualMachine.objects.get(unit=unit, vm_uuid='m-1')
    assert (web.name, web.vcpus, web.memory_mib, web.os_family, web.power_state) == ('web-g1', 4, 16384, 'linux',
                                                                                      'on')
    assert web.annotation == 'env: prod\nowner: it'
    assert sorted(web.disks.values_list('label', 'capacity_mib')) == [('sda', 51200), ('sdb', 102400)]
    assert sorted(m.IpAddress.objects.filter(vm_nic__vm=web).values_list('address', flat=True)) == [
        '10.3.0.1', '10.3.1.1']
    cpu = web.performance.get(metric='cpu_pct')
    assert cpu.sample_count == 20 and cpu.avg == pytest.approx(47.5) and cpu.max == 95
    assert cpu.p95 == pytest.approx(90.25)
    assert web.performance.get(metric='net_in_mbitps').avg == pytest.approx(16)
    other = m.VirtualMachine.objects.get(unit=unit, vm_uuid='m-2')
    assert (other.name, other.memory_mib, other.power_state) == ('m-2', 4608, 'off')
    assert other.performance.get(metric='memory_pct').avg == pytest.approx(100 - 2 / 4.5 * 100)

    again = import_google_csv(folder, unit, users['admin'])
    assert again['errors'] == [] and changes(again) == 0
    call_command('import', 'google-csv', str(folder), '--unit', unit.code, '--json')
    assert '"vms": 0' in capsys.readouterr().out


def test_google_command_takes_a_zip_of_the_tables_as_the_upload_does(tree, users, tmp_path, capsys):
    folder = google_folder(tmp_path / 'mc')
    archive = tmp_path / 'migration-center.zip'
    with zipfile.ZipFile(archive, 'w') as z:
        for path in folder.iterdir():
            z.write(path, f'export/{path.name}')
    call_command('import', 'google-csv', str(archive), '--unit', tree['a'].code, '--json')
    result = json.loads(capsys.readouterr().out)
    assert result['errors'] == [] and result['applied']
    assert result['created'] == {'vms': 2, 'disks': 3, 'nics': 2, 'ips': 3, 'perf': 8}
    assert set(m.VirtualMachine.objects.filter(unit=tree['a']).values_list('vm_uuid', flat=True)) == {'m-1', 'm-2'}


def test_google_optional_files_missing_are_warnings(tree, users, tmp_path):
    folder = google_folder(tmp_path / 'mc', disks=False, perf=False, tags=False)
    result = import_google_csv(folder, tree['a'], users['admin'])
    assert result['errors'] == [] and result['applied']
    assert {w['sheet'] for w in result['warnings']} == {'diskInfo.csv', 'perfInfo.csv', 'tagInfo.csv'}


def test_google_errors_have_places_and_nothing_is_written(tree, users, tmp_path):
    rows = [list(r) for r in VM_ROWS]
    rows[0][9] = 'four'
    rows[1][5] = '10.3.0.999'
    folder = google_folder(tmp_path / 'mc', vm_rows=rows)
    write_csv(folder / 'diskInfo.csv', DISK_INFO, DISK_ROWS + [['m-9', 'x', '1', '', ''], ['m-2', 'D:', 'big', '', '']])
    before = counts()
    result = import_google_csv(folder, tree['a'], users['admin'])
    places = {(e['sheet'], e['row'], e['column']) for e in result['errors']}
    assert places == {('diskInfo.csv', 5, 'MachineId')}   # a disk of a machine that vmInfo does not list
    assert {('vmInfo.csv', 2, 'AllocatedProcessorCoreCount'), ('vmInfo.csv', 3, 'IpAddressListSemiColonDelimited'),
            ('diskInfo.csv', 6, 'SizeInGib')} <= {(w['sheet'], w['row'], w['column']) for w in result['warnings']}
    assert not result['applied'] and counts() == before
    empty = tmp_path / 'empty'
    empty.mkdir()
    assert import_google_csv(empty, tree['a'], users['admin'])['errors']
    assert import_google_csv(tmp_path / 'nowhere', tree['a'], users['admin'])['errors']
    assert counts() == before
