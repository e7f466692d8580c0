"""The Azure Migrate CSV import template: import into a unit's inventory, and export of the unit in that shape.

Columns (AzDocs `tutorial-discover-import.md`): mandatory Server name, Cores, Memory (In MB), OS name;
optional IP addresses, OS version, OS architecture, Number of disks, Disk N size (In GB) / read ops /
write ops / read throughput / write throughput (N = 1..8), CPU utilization percentage, Memory utilization
percentage, Total disks read/write ops, Total disks read/write throughput, Network In/Out throughput,
Boot type (Firmware type: BIOS/UEFI), MAC addresses, Machine type. Headers are matched without case and
without their unit in parentheses, so "Memory (MB)" and "Memory (In MB)" are the same column.

VMs are keyed by server name within the unit. "Disk N" and "NIC N" are the Nth disk and NIC of a VM
already in the inventory (in the order they were recorded), so a re-import of an export updates in place.
Utilisation columns become performance summaries (average) with source "azure-csv".
"""

import csv
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from cloudmove.core import bulk
from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.imports.messages import cell_message
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.importers import matching
from cloudmove.inventory.importers.base import (
    DiscoveryImport,
    en_decimal,
    en_integer,
    gib_to_mib,
)

SHEET = 'Azure CSV'
SOURCE = 'azure-csv'
MAX_DISKS = 8
# Matched by the one header rule (core.engine.headers): the template as downloaded marks mandatory columns and
# writes units in parentheses; both are ignored, so "Memory (In MB)", "Memory (MB)" and "*Memory" are one column.
COLUMNS = {
    'name': ('Server name', 'Server name (FQDN)'), 'ips': ('IP addresses', 'IP address'), 'cores': ('Cores',),
    'memory': ('Memory (In MB)',), 'os_name': ('OS name',), 'os_version': ('OS version',),
    'os_arch': ('OS architecture',), 'disk_count': ('Number of disks',),
    'cpu_pct': ('CPU utilization percentage',), 'memory_pct': ('Memory utilization percentage',),
    'disk_read_iops': ('Total disks read ops',), 'disk_write_iops': ('Total disks write ops',),
    'disk_read_mbps': ('Total disks read throughput',), 'disk_write_mbps': ('Total disks write throughput',),
    'net_in': ('Network In throughput',), 'net_out': ('Network Out throughput',),
    'firmware': ('Boot type', 'Firmware type'), 'macs': ('MAC addresses', 'MAC address'),
    'machine_type': ('Machine type',),
}
DISK_COLUMNS = {r'^disk(\d+)(size|readops|writeops|readthroughput|writethroughput)$':
                lambda found: ('disk', int(found.group(1)), found.group(2))}
HEADERS = Headers(COLUMNS, DISK_COLUMNS)
REQUIRED = ('name', 'cores', 'memory', 'os_name')
# column -> (metric, factor from the file's unit to the metric's unit, maximum)
PERF = {'cpu_pct': ('cpu_pct', 1, 100), 'memory_pct': ('memory_pct', 1, 100),
        'disk_read_iops': ('disk_read_iops', 1, None), 'disk_write_iops': ('disk_write_iops', 1, None),
        'disk_read_mbps': ('disk_read_mbps', 1, None), 'disk_write_mbps': ('disk_write_mbps', 1, None),
        'net_in': ('net_in_mbitps', 8, None), 'net_out': ('net_out_mbitps', 8, None)}
class AzureCsvImport(DiscoveryImport):
    SHEET = SHEET
    KINDS = ('vms', 'disks', 'nics', 'ips', 'perf')

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        return self.run_table(path, dry_run)

    _key_of = staticmethod(matching.key_by_name)

    # ------------------------------------------------------------------ parsing
    def _parse(self, rows):
        rows = iter(rows)
        header = self._header(SHEET, next(rows, []), HEADERS, REQUIRED)
        if header is None:
            return
        columns, names = header
        disk_numbers = sorted({f[1] for f in columns.fields if isinstance(f, tuple) and f[2] == 'size'})
        for n, row in enumerate(rows, start=2):
            if discovery.is_blank_row(row):
                continue
            get, text = self._cells(SHEET, columns, names, n, row)
            name = text('name', 200)
            if not name:
                self.error(SHEET, n, names['name'], None, cell_message('required'))
                continue
            values = {'name': name, 'vcpus': get('cores', en_integer, 1, 768, measured=True),
                      'memory_mib': get('memory', en_integer, 1, 2 ** 31 - 1, measured=True)}
            values['os_name'] = text('os_name', 200, measured=True)
            values['os_family'] = discovery.os_family(values['os_name'])
            if 'os_version' in columns:
                values['os_version'] = text('os_version', 60)
            if 'firmware' in columns:
                values['firmware'] = discovery.firmware(get('firmware'))
            if name in self.vms:
                self.error(SHEET, n, names['name'], name,
                           cell_message('duplicate', what=name, other=self.vms[name]['row']))
                continue
            self.vms[name] = {'row': n, 'values': values}
            self._parse_disks(n, get, names, name, disk_numbers)
            matching.nics_from_lists(self, n, get, names, name)
            for field, (metric, factor, maximum) in PERF.items():
                value = get(field, en_decimal, 0, maximum, optional=True)
                if value is not None:
                    self.perf[name][metric] = {'metric': metric, 'source': SOURCE,
                                               'avg': float(value * factor)}

    def _parse_disks(self, n, get, names, name, disk_numbers):
        filled = 0
        for number in disk_numbers:
            field = ('disk', number, 'size')
            if cells.is_blank(get(field)):
                continue
            size = get(field, en_decimal, 0, 2 ** 40, measured=True)
            filled += 1
            self.disks[name][f'Disk {number}'] = {'label': f'Disk {number}', 'capacity_mib': gib_to_mib(size)}
        count = get('disk_count', en_integer, 0, 32767, optional=True)
        if count is not None and count != filled:
            self.warn(SHEET, n, names['disk_count'], count, _(
                'Number of disks says %(count)s but %(filled)s disk sizes are filled; the sizes were imported.')
                % {'count': count, 'filled': filled})

    # ------------------------------------------------------------------ planning
    def _plan(self):
        matching.match_by_name(self, 'Server name')
        matching.relabel(self, m.VirtualDisk, self.disks, 'Disk')
        matching.relabel(self, m.VirtualNic, self.nics, 'NIC')
        self._plan_children()


def import_azure_csv(path, unit, user, dry_run=False, progress=None):
    """Import an Azure Migrate CSV import template into `unit`; returns the same report as RVTools."""
    return AzureCsvImport(unit, user, progress=progress).run(path, dry_run=dry_run)


# ---------------------------------------------------------------------- export
def export_azure_csv(unit, path):
    """Write the unit's VMs (not templates) as an Azure Migrate CSV import template; returns the VM count."""
    vms = list(m.VirtualMachine.objects.filter(unit=unit, is_template=False).order_by('name').annotate(
        n_disks=Count('disks', distinct=True)))
    ids = [vm.pk for vm in vms]
    disks, macs, ips, perf = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(dict)
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        for vm_id, cap in m.VirtualDisk.objects.filter(vm_id__in=chunk).order_by('pk').values_list(
                'vm_id', 'capacity_mib'):
            disks[vm_id].append(cap)
        for vm_id, mac in m.VirtualNic.objects.filter(vm_id__in=chunk).order_by('pk').values_list('vm_id', 'mac'):
            macs[vm_id].append(mac)
        for vm_id, address in m.IpAddress.objects.filter(vm_nic__vm_id__in=chunk).order_by(
                'vm_nic_id', 'pk').values_list('vm_nic__vm_id', 'address'):
            ips[vm_id].append(address)
        for vm_id, metric, avg in m.PerformanceSummary.objects.filter(vm_id__in=chunk, avg__isnull=False).order_by(
                'window_end', 'pk').values_list('vm_id', 'metric', 'avg'):
            perf[vm_id][metric] = avg
    width = max([len(d) for d in disks.values()] + [1])
    header = ['Server name', 'IP addresses', 'Cores', 'Memory (In MB)', 'OS name', 'OS version',
              'OS architecture', 'Number of disks']
    header += [f'Disk {i} size (In GB)' for i in range(1, width + 1)]
    perf_headers = [('cpu_pct', 'CPU utilization percentage', 1), ('memory_pct', 'Memory utilization percentage', 1),
                    ('disk_read_iops', 'Total disks read ops (operations per second)', 1),
                    ('disk_write_iops', 'Total disks write ops (operations per second)', 1),
                    ('disk_read_mbps', 'Total disks read throughput (MB per second)', 1),
                    ('disk_write_mbps', 'Total disks write throughput (MB per second)', 1),
                    ('net_in_mbitps', 'Network In throughput (MB per second)', 8),
                    ('net_out_mbitps', 'Network Out throughput (MB per second)', 8)]
    header += [title for _metric, title, _f in perf_headers] + ['Boot type', 'MAC addresses']
    with open(path, 'w', newline='', encoding='utf-8-sig') as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for vm in vms:
            sizes = [_gib(c) for c in disks[vm.pk]]
            row = [vm.name, ','.join(dict.fromkeys(ips[vm.pk])), vm.vcpus, vm.memory_mib, vm.os_name or 'Other',
                   vm.os_version, '', len(sizes)] + sizes + [''] * (width - len(sizes))
            row += [_plain(perf[vm.pk][metric] / f) if metric in perf[vm.pk] else ''
                    for metric, _title, f in perf_headers]
            row += [{'efi': 'UEFI', 'bios': 'BIOS'}.get(vm.firmware, ''), ','.join(x for x in macs[vm.pk] if x)]
            out.writerow(row)
    return len(vms)


def _gib(mib):
    """MiB as GB text that reads back to the same MiB (four decimals when not whole)."""
    return str(mib // 1024) if mib % 1024 == 0 else f'{Decimal(mib) / 1024:.4f}'


def _plain(value):
    return f'{value:.4f}'.rstrip('0').rstrip('.') if value % 1 else str(int(value))
