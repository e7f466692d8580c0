"""CSV imports: the Azure Migrate import template (and the export in its shape), and performance samples."""

import csv
import os

import numpy as np
import pytest
from django.core.management import call_command

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.importers.azure import export_azure_csv, import_azure_csv
from cloudmove.inventory.importers.perf import import_perf
from cloudmove.inventory.importers.rvtools import import_rvtools
from cloudmove.inventory.services.rvtools_generate import generate_rvtools

# The column names of the Azure Migrate CSV import template (research notes, section 1.1).
AZURE_HEADER = ['Server name', 'IP addresses', 'Cores', 'Memory (In MB)', 'OS name', 'OS version',
                'OS architecture', 'Number of disks', 'Disk 1 size (In GB)',
                'Disk 1 read throughput (MB per second)', 'Disk 1 write throughput (MB per second)',
                'Disk 1 read ops (operations per second)', 'Disk 1 write ops (operations per second)',
                'Disk 2 size (In GB)', 'CPU utilization percentage', 'Memory utilization percentage',
                'Total disks read ops (operations per second)', 'Total disks write ops (operations per second)',
                'Total disks read throughput (MB per second)', 'Total disks write throughput (MB per second)',
                'Network In throughput (MB per second)', 'Network Out throughput (MB per second)', 'Boot type',
                'Machine type', 'MAC addresses']
AZURE_ROWS = [
    ['web01.example.vn', '10.0.0.11,10.0.0.12', '4', '8192', 'Microsoft Windows Server 2019 Datacenter', '1809',
     'x64', '2', '100', '5', '3', '120', '80', '250.5', '35', '60', '200', '150', '10', '6', '2.5', '1', 'UEFI',
     'Virtual', '00:50:56:aa:bb:01'],
    ['db01.example.vn', '10.0.0.21', '8', '32768', 'Red Hat Enterprise Linux 8', '8.6', 'x64', '1', '500', '', '',
     '', '', '', '', '', '', '', '', '', '', '', 'BIOS', 'Virtual', ''],
]


def write_csv(path, header, rows):
    with open(path, 'w', newline='', encoding='utf-8-sig') as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def changes(result):
    return sum(result['created'].values()) + sum(result['updated'].values())


def vm_shape(unit):
    vms = {vm.name: (vm.vcpus, vm.memory_mib) for vm in m.VirtualMachine.objects.filter(unit=unit,
                                                                                       is_template=False)}
    disks = {}
    for name, cap in m.VirtualDisk.objects.filter(vm__unit=unit, vm__is_template=False).values_list(
            'vm__name', 'capacity_mib'):
        disks.setdefault(name, []).append(cap)
    return vms, {k: sorted(v) for k, v in disks.items()}


# ---------------------------------------------------------------------- Azure Migrate CSV
def test_azure_import_maps_vms_disks_nics_perf_and_reimport_changes_nothing(tree, users, tmp_path):
    unit = tree['a']
    path = write_csv(tmp_path / 'azure.csv', AZURE_HEADER, AZURE_ROWS)
    dry = import_azure_csv(path, unit, users['admin'], dry_run=True)
    assert dry['errors'] == [] and not dry['applied']
    assert not m.VirtualMachine.objects.filter(unit=unit).exists()
    assert dry['totals'] == {'vms': 2, 'vcpus': 12, 'memory_mib': 40960,
                             'disk_capacity_mib': (100 + 500) * 1024 + 256512}

    result = import_azure_csv(path, unit, users['admin'])
    assert result['errors'] == [] and result['applied']
    assert result['created'] == {'vms': 2, 'disks': 3, 'nics': 2, 'ips': 3, 'perf': 8}
    assert result['totals'] == dry['totals']
    web = m.VirtualMachine.objects.get(unit=unit, name='web01.example.vn')
    assert (web.vcpus, web.memory_mib, web.os_family, web.os_version, web.firmware) == (4, 8192, 'windows', '1809',
                                                                                          'efi')
    assert sorted(web.disks.values_list('label', 'capacity_mib')) == [('Disk 1', 102400), ('Disk 2', 256512)]
    assert list(web.nics.values_list('label', 'mac')) == [('NIC 1', '00:50:56:aa:bb:01')]
    assert sorted(m.IpAddress.objects.filter(vm_nic__vm=web).values_list('address', flat=True)) == [
        '10.0.0.11', '10.0.0.12']
    perf = dict(web.performance.values_list('metric', 'avg'))
    assert perf['cpu_pct'] == 35 and perf['memory_pct'] == 60 and perf['net_in_mbitps'] == 20
    db = m.VirtualMachine.objects.get(unit=unit, name='db01.example.vn')
    assert db.os_family == 'linux' and not db.performance.exists()
    assert AuditRecord.objects.filter(source='import', action='create').object_total() == 18

    again = import_azure_csv(path, unit, users['admin'])
    assert again['errors'] == [] and changes(again) == 0 and not again['applied']

    rows = [list(r) for r in AZURE_ROWS]
    rows[1][3] = '16384'
    changed = import_azure_csv(write_csv(tmp_path / 'azure2.csv', AZURE_HEADER, rows), unit, users['admin'])
    assert changed['updated']['vms'] == 1 and changes(changed) == 1


def test_azure_errors_have_places_and_nothing_is_written(tree, users, tmp_path):
    unit = tree['a']
    rows = [list(r) for r in AZURE_ROWS]
    rows[0][2] = 'four'            # Cores
    rows[1][1] = '10.0.0.300'      # IP addresses
    rows.append(['web01.example.vn', '', '2', '2048', 'Ubuntu 22.04', '', '', '', '', '', '', '', '', '', '', '',
                 '', '', '', '', '', '', '', '', ''])
    rows.append(['', '', '2', '', 'Ubuntu', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
                 '', ''])
    before = AuditRecord.objects.count()
    result = import_azure_csv(write_csv(tmp_path / 'bad.csv', AZURE_HEADER, rows), unit, users['admin'])
    places = {(e['row'], e['column']) for e in result['errors']}
    assert places == {(4, 'Server name'), (5, 'Server name')}   # a repeated and a missing server name
    # Measured values that cannot be read are unknown, with a warning at their place; they refuse nothing.
    assert {(2, 'Cores', 'four'), (3, 'IP addresses', '10.0.0.300')} <= {
        (w['row'], w['column'], w['value']) for w in result['warnings']}
    assert not result['applied'] and changes(result) == 0
    assert not m.VirtualMachine.objects.filter(unit=unit).exists() and AuditRecord.objects.count() == before

    missing = import_azure_csv(write_csv(tmp_path / 'missing.csv', ['Server name', 'Cores'], [['a', '1']]), unit,
                               users['admin'])
    assert {(e['row'], e['column']) for e in missing['errors']} == {(1, 'Memory (In MB)'), (1, 'OS name')}


@pytest.mark.parametrize('name', ['random.csv', 'random.bin', 'random.xlsx'])
def test_random_bytes_are_refused_without_traceback(tree, users, tmp_path, name, capsys):
    path = tmp_path / name
    path.write_bytes(os.urandom(4096))
    for importer in (import_azure_csv, import_perf):
        result = importer(path, tree['a'], users['admin'])
        assert result['errors'] and not result['applied']
    with pytest.raises(SystemExit):
        call_command('import', 'azure-csv', str(path), '--unit', 'DEP-A', '--json')
    assert 'Traceback' not in capsys.readouterr().err
    assert not m.VirtualMachine.objects.exists() and not m.PerformanceSummary.objects.exists()


def test_azure_export_reimports_into_an_empty_unit(tree, users, tmp_path):
    source, empty = tree['a'], tree['b']
    totals = generate_rvtools(tmp_path / 'rv.xlsx', 40, 3)
    assert import_rvtools(tmp_path / 'rv.xlsx', source, users['admin'])['errors'] == []
    out = tmp_path / 'azure-export.csv'
    call_command('survey', 'export-azure', '--unit', source.code, '-o', str(out))
    with open(out, encoding='utf-8-sig') as fh:
        header = next(csv.reader(fh))
    assert header[:5] == ['Server name', 'IP addresses', 'Cores', 'Memory (In MB)', 'OS name']

    result = import_azure_csv(out, empty, users['admin'])
    assert result['errors'] == [], result['errors'][:3]
    assert vm_shape(empty) == vm_shape(source)
    assert result['totals'] == totals
    assert changes(import_azure_csv(out, empty, users['admin'])) == 0
    assert export_azure_csv(empty, tmp_path / 'again.csv') == totals['vms']
    assert (tmp_path / 'again.csv').read_text(encoding='utf-8-sig') == out.read_text(encoding='utf-8-sig')


# ---------------------------------------------------------------------- performance samples
@pytest.fixture
def machines(tree, users, tmp_path):
    unit = tree['a']
    import_azure_csv(write_csv(tmp_path / 'vms.csv', AZURE_HEADER[:5], [r[:5] for r in AZURE_ROWS]), unit,
                     users['admin'])
    m.PhysicalServer.objects.create(unit=unit, hostname='esx01')
    return unit


def perf_rows(seed=1, n=50):
    rng = np.random.default_rng(seed)
    rows, expected = [], {}
    for machine, metric, alias in (('web01.example.vn', 'cpu_pct', 'cpu'), ('web01.example.vn', 'memory_pct', 'mem'),
                                   ('db01.example.vn', 'cpu_pct', 'cpu_util'), ('esx01', 'net_in_mbitps', 'net_in')):
        values = np.round(rng.uniform(0, 100, n), 3)
        expected[(machine, metric)] = values
        for i, v in enumerate(values):
            day, minute = 1 + i // 24, i % 24
            stamp = f'2026-03-{day:02d}T{minute:02d}:00:00+07:00' if i % 2 else f'{day:02d}/03/2026 {minute:02d}:00'
            rows.append([stamp, machine, alias, str(v)])
    rows.reverse()
    return rows, expected


def test_perf_import_computes_statistics_and_reimport_changes_nothing(machines, users, tmp_path, settings):
    settings.TIME_ZONE = 'Asia/Ho_Chi_Minh'
    rows, expected = perf_rows()
    path = write_csv(tmp_path / 'perf.csv', ['timestamp', 'machine', 'metric', 'value'], rows)
    result = import_perf(path, machines, users['admin'])
    assert result['errors'] == [] and result['created'] == {'perf': 4}
    for (machine, metric), values in expected.items():
        s = m.PerformanceSummary.objects.get(unit=machines, metric=metric, source='csv', **(
            {'server__hostname': machine} if machine == 'esx01' else {'vm__name': machine}))
        assert s.sample_count == len(values)
        assert s.avg == pytest.approx(values.mean())
        for q, got in ((50, s.p50), (95, s.p95), (99, s.p99), (100, s.max)):
            assert got == pytest.approx(np.percentile(values, q))
        assert np.allclose(s.sample_values(), values.astype(np.float32))   # time order
        assert s.window_start.isoformat() == '2026-02-28T17:00:00+00:00'
        assert s.window_end.isoformat() == '2026-03-02T18:00:00+00:00'

    again = import_perf(path, machines, users['admin'])
    assert again['errors'] == [] and changes(again) == 0 and again['unchanged'] == {'perf': 4}
    rows[0][3] = '99.5'
    changed = import_perf(write_csv(tmp_path / 'perf2.csv', ['Timestamp', 'Host', 'Metric', 'Value'], rows),
                          machines, users['admin'])
    assert changed['updated'] == {'perf': 1} and changed['created'] == {'perf': 0}


def test_perf_errors_have_places_and_nothing_is_written(machines, users, tmp_path):
    rows = [['2026-03-01T00:00:00Z', 'web01.example.vn', 'cpu', '10'],
            ['yesterday', 'web01.example.vn', 'cpu', '12'],
            ['2026-03-01T00:05:00Z', 'nobody', 'cpu', '12'],
            ['2026-03-01T00:10:00Z', 'web01.example.vn', 'temperature', '12'],
            ['2026-03-01T00:15:00Z', 'web01.example.vn', 'cpu', 'high']]
    before = AuditRecord.objects.count()
    result = import_perf(write_csv(tmp_path / 'bad.csv', ['timestamp', 'machine', 'metric', 'value'], rows),
                         machines, users['admin'])
    assert {(e['row'], e['column']) for e in result['errors']} == {(3, 'timestamp'), (4, 'machine'), (5, 'metric')}
    assert [(w['row'], w['column'], w['value']) for w in result['warnings']] == [(6, 'value', 'high')]
    assert not m.PerformanceSummary.objects.exists() and AuditRecord.objects.count() == before
    missing = import_perf(write_csv(tmp_path / 'missing.csv', ['time', 'machine'], [['x', 'y']]), machines,
                          users['admin'])
    assert {e['column'] for e in missing['errors']} == {'metric', 'value'}


def test_perf_command_json(machines, users, tmp_path, capsys):
    rows, _expected = perf_rows(n=5)
    path = write_csv(tmp_path / 'perf.csv', ['timestamp', 'machine', 'metric', 'value'], rows)
    call_command('import', 'perf', str(path), '--unit', machines.code, '--dry-run')
    assert not m.PerformanceSummary.objects.exists()
    call_command('import', 'perf', str(path), '--unit', machines.code)
    assert m.PerformanceSummary.objects.filter(source='csv').count() == 4
