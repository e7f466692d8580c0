"""Google Cloud Migration Center manual import tables: vmInfo.csv (required), diskInfo.csv, perfInfo.csv and
tagInfo.csv in one folder, imported into a unit's inventory.

Columns (the research notes, section 3; headers are matched without case and without an "(optional)"
suffix): vmInfo — MachineId, MachineName, PrimaryIPAddress, PrimaryMACAddress, PublicIPAddress,
IpAddressListSemiColonDelimited, TotalDiskAllocatedGiB, TotalDiskUsedGiB, MachineTypeLabel,
AllocatedProcessorCoreCount, MemoryGiB, HostingLocation, OsType, OsPublisher, OsName, OsVersion,
MachineStatus, ProvisioningState, CreateDate, IsPhysical, Source; diskInfo — MachineId, DiskLabel,
SizeInGib, UsedInGib, StorageTypeLabel; perfInfo — MachineId, TimeStamp, CpuUtilizationPercentage,
MemoryUtilizationPercentage, AvailableMemoryBytes, DiskReadOperationsPerSec, DiskWriteOperationsPerSec,
NetworkBytesPerSecSent, NetworkBytesPerSecReceived; tagInfo — MachineId, Key, Value.

VMs are keyed by MachineId (kept as `vm_uuid`), named MachineName (else MachineId). The perfInfo time series
becomes, per machine and metric, a summary avg/p50/p95/p99/max over the file's window (NumPy, as
cloudmove.inventory.importers.perf), source "google-csv". Tags are written to the annotation as "Key: Value" lines.
"""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import bulk
from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.imports.messages import cell_message
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.importers import matching
from cloudmove.inventory.importers.base import (
    DiscoveryImport,
    Refused,
    en_decimal,
    en_integer,
    gib_to_mib,
    read_table,
    unknown_message,
)
from cloudmove.inventory.importers.perf import STATS, parse_timestamp, statistics

SOURCE = 'google-csv'
FILES = {
    'vmInfo.csv': {'id': 'MachineId', 'name': 'MachineName', 'ip': 'PrimaryIPAddress', 'macs': 'PrimaryMACAddress',
                   'ip_list': 'IpAddressListSemiColonDelimited', 'cores': 'AllocatedProcessorCoreCount',
                   'memory': 'MemoryGiB', 'os_type': 'OsType', 'os_name': 'OsName', 'os_version': 'OsVersion',
                   'status': 'MachineStatus', 'disk_total': 'TotalDiskAllocatedGiB',
                   'disk_used': 'TotalDiskUsedGiB'},
    'diskInfo.csv': {'id': 'MachineId', 'label': 'DiskLabel', 'size': 'SizeInGib', 'used': 'UsedInGib'},
    'perfInfo.csv': {'id': 'MachineId', 'time': 'TimeStamp', 'cpu_pct': 'CpuUtilizationPercentage',
                     'memory_pct': 'MemoryUtilizationPercentage', 'available': 'AvailableMemoryBytes',
                     'disk_read_iops': 'DiskReadOperationsPerSec', 'disk_write_iops': 'DiskWriteOperationsPerSec',
                     'net_out_mbitps': 'NetworkBytesPerSecSent', 'net_in_mbitps': 'NetworkBytesPerSecReceived'},
    'tagInfo.csv': {'id': 'MachineId', 'key': 'Key', 'value': 'Value'},
}
REQUIRED = {'vmInfo.csv': ('id', 'cores', 'memory'), 'diskInfo.csv': ('id', 'size'),
            'perfInfo.csv': ('id', 'time'), 'tagInfo.csv': ('id', 'key')}
# perfInfo column -> (factor from the file's unit to the metric's unit, maximum)
PERF = {'cpu_pct': (1, 100), 'memory_pct': (1, 100), 'disk_read_iops': (1, None), 'disk_write_iops': (1, None),
        'net_out_mbitps': (8 / 1_000_000, None), 'net_in_mbitps': (8 / 1_000_000, None)}
HEADERS = {name: Headers(titles) for name, titles in FILES.items()}
POWER = {'running': 'on', 'stopped': 'off', 'terminated': 'off', 'suspended': 'suspended'}


def find_files(folder):
    """file name -> path for the four tables found in `folder` (names matched without case)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise Refused(_('Expected a folder holding vmInfo.csv (and diskInfo.csv, perfInfo.csv, tagInfo.csv).'))
    present = {p.name.casefold(): p for p in folder.iterdir() if p.is_file()}
    return {name: present[name.casefold()] for name in FILES if name.casefold() in present}


class GoogleCsvImport(DiscoveryImport):
    SHEET = 'vmInfo.csv'
    KINDS = ('vms', 'disks', 'nics', 'ips', 'perf')
    _key_of = staticmethod(matching.key_by_id)

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        steps = 4
        try:
            self.progress(0, steps, _('reading'))
            files = find_files(path)
            if 'vmInfo.csv' not in files:
                raise Refused(_('The folder holds no vmInfo.csv.'))
            self.progress(1, steps, _('checking'))
            for name in FILES:
                if name not in files:
                    self.warn(name, 0, '', None, _('%(file)s is missing; its data was not imported.') % {
                        'file': name})
                    continue
                self._table(name, read_table(files[name]))
        except Refused as exc:
            self.error('', 0, '', None, str(exc))
        return self.finish(dry_run, steps)

    _plan = matching.plan_by_id_or_name

    def _table(self, sheet, rows):
        rows = iter(rows)
        header = self._header(sheet, next(rows, []), HEADERS[sheet], REQUIRED[sheet])
        if header is None:
            return
        columns, names = header
        parse = {'vmInfo.csv': self._vm, 'diskInfo.csv': self._disk, 'perfInfo.csv': self._sample,
                 'tagInfo.csv': self._tag}[sheet]
        if sheet == 'perfInfo.csv':
            self.series = {'keys': [], 'times': [], 'values': []}
            self.tz = timezone.get_current_timezone()
        if sheet == 'tagInfo.csv':
            self.tags = {}
        for n, row in enumerate(rows, start=2):
            if discovery.is_blank_row(row):
                continue
            get, text = self._cells(sheet, columns, names, n, row)
            parse(sheet, n, names, get, text, columns)
        if sheet == 'perfInfo.csv' and not self.errors:
            self._summaries()
        if sheet == 'tagInfo.csv':
            for key, lines in self.tags.items():
                self.vms[key]['values']['annotation'] = '\n'.join(lines)

    def _machine(self, sheet, n, names, text):
        machine = text('id', 64)
        key = ('id', machine)
        if not machine:
            self.error(sheet, n, names['id'], None, cell_message('required'))
            return None
        if key not in self.vms:
            self.error(sheet, n, names['id'], machine, _('No row of vmInfo.csv has this MachineId.'))
            return None
        return key

    def _vm(self, sheet, n, names, get, text, columns):
        machine = text('id', 64)
        if not machine:
            self.error(sheet, n, names['id'], None, cell_message('required'))
            return
        values = {'name': text('name', 200) or machine, 'vm_uuid': machine,
                  'vcpus': get('cores', en_integer, 1, 768, measured=True)}
        memory = get('memory', en_decimal, Decimal(1) / 1024, 2 ** 21, measured=True)
        values['memory_mib'] = int((memory * 1024).to_integral_value()) if memory is not None else None
        if 'disk_total' in columns:
            # The machine's storage as vmInfo states it: used when diskInfo does not list its disks.
            total = get('disk_total', en_decimal, 0, 2 ** 40, optional=True)
            used = get('disk_used', en_decimal, 0, 2 ** 40, optional=True)
            values['disk_total_mib'], values['disk_used_mib'] = gib_to_mib(total), gib_to_mib(used)
            values['disk_basis'] = 'total' if total is not None else ''
        if 'os_name' in columns or 'os_type' in columns:
            values['os_name'] = text('os_name', 200) or text('os_type', 200)
            values['os_family'] = discovery.os_family(values['os_name'] or text('os_type', 200))
        if 'os_version' in columns:
            values['os_version'] = text('os_version', 60)
        if 'status' in columns and text('status', 60).casefold() in POWER:
            values['power_state'] = POWER[text('status', 60).casefold()]
        key = matching.add_vm(self, n, names['id'], values)
        if key is None:
            return
        get_ips = get('ip_list')
        ips = [cells.text(get('ip'))] + [p.strip() for p in cells.text(get_ips).split(';')]
        macs = cells.text(get('macs'))
        for label, raw in [('ips', ip) for ip in dict.fromkeys(i for i in ips if i)] + [('macs', macs)]:
            if not raw:
                continue
            try:
                value = cells.ip(raw) if label == 'ips' else cells.mac(raw)
            except cells.CellError as exc:
                column = names.get('ip_list') if label == 'ips' and raw != cells.text(get('ip')) else names.get(
                    'ip' if label == 'ips' else 'macs')
                self.warn(sheet, n, column, raw, unknown_message(cell_message(exc.code)))
                continue
            nic = self.nics[key].setdefault('NIC 1', {'label': 'NIC 1', '_ips': []})
            if label == 'ips':
                nic['_ips'].append(value)
            else:
                nic['mac'] = value

    def _disk(self, sheet, n, names, get, text, columns):
        key = self._machine(sheet, n, names, text)
        size = get('size', en_decimal, 0, 2 ** 40, measured=True)
        if key is None:
            return
        disks = self.disks[key]
        label = text('label', 100) or f'Disk {len(disks) + 1}'
        if label in disks:
            self.error(sheet, n, names.get('label', names['id']), label,
                       cell_message('duplicate', what=label, other=disks[label]['_row']))
            return
        disks[label] = {'label': label, 'capacity_mib': gib_to_mib(size), '_row': n}

    def _sample(self, sheet, n, names, get, text, columns):
        key = self._machine(sheet, n, names, text)
        stamp = get('time', parse_timestamp, self.tz, measured=True)  # a sample without its time is skipped
        metrics = {}
        for field, (factor, maximum) in PERF.items():
            value = get(field, en_decimal, 0, maximum, optional=True)
            if value is not None:
                metrics[field] = float(value) * factor
        if 'memory_pct' not in metrics and key is not None:
            available = get('available', en_decimal, 0, optional=True)
            memory = self.vms[key]['values']['memory_mib']
            if available is not None and memory:
                metrics['memory_pct'] = min(max(100 - float(available) / (memory * 1024 * 1024) * 100, 0), 100)
        if key is None or stamp is None:
            return
        for metric, value in metrics.items():
            self.series['keys'].append(f'{key[1]}\x00{metric}')
            self.series['times'].append(stamp)
            self.series['values'].append(value)

    def _summaries(self):
        keys = self.series['keys']
        if not keys:
            return
        unique, groups = np.unique(np.array(keys), return_inverse=True)
        times = np.asarray(self.series['times'], dtype=np.float64)
        values = np.asarray(self.series['values'], dtype=np.float64)
        stats, counts, _starts, _order = statistics(groups, times, values, len(unique))
        window = (datetime.fromtimestamp(times.min(), UTC), datetime.fromtimestamp(times.max(), UTC))
        for g, label in enumerate(unique):
            machine, metric = str(label).split('\x00')
            item = {'metric': metric, 'source': SOURCE, 'window_start': window[0], 'window_end': window[1],
                    'sample_count': int(counts[g])}
            item.update({s: float(stats[s][g]) for s in STATS})
            self.perf[('id', machine)][metric] = item

    def _tag(self, sheet, n, names, get, text, columns):
        key = self._machine(sheet, n, names, text)
        tag = text('key', 200)
        if not tag:
            self.error(sheet, n, names['key'], None, cell_message('required'))
        if key is not None and tag:
            value = text('value', 1000)
            self.tags.setdefault(key, []).append(f'{tag}: {value}' if value else tag)


def import_google_csv(path, unit, user, dry_run=False, progress=None):
    """Import a folder of Google Migration Center tables into `unit`; the same report as RVTools."""
    return GoogleCsvImport(unit, user, progress=progress).run(path, dry_run=dry_run)
