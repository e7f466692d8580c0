"""The AWS Application Discovery Service (ADS) CSV import template: import into a unit's inventory.

Columns (awsdocs amazon-application-discovery-user-guide `discovery-import.md`): identifying fields
ExternalId, IPAddress, MACAddress, HostName, VMware.MoRefId + VMware.VCenterId; then SMBiosId,
VMware.VMName, CPU.NumberOfProcessors, CPU.NumberOfCores, CPU.NumberOfLogicalCores, OS.Name, OS.Version,
RAM.TotalSizeInMB, RAM.UsedSizeInMB.Avg/.Max, CPU.UsagePct.Avg/.Max, DiskReadsPerSecondInKB.Avg/.Max,
DiskWritesPerSecondInKB.Avg/.Max, DiskReadsOpsPerSecond.Avg/.Max, DiskWritesOpsPerSecond.Avg/.Max,
NetworkReadsPerSecondInKB.Avg/.Max, NetworkWritesPerSecondInKB.Avg/.Max, Applications, Tags. Headers are
matched without case; custom columns are ignored.

A VM is keyed by ExternalId (kept as the VM's source identifier, `vm_uuid`) when given, else by its name
within the unit; the name is VMware.VMName, else HostName, else ExternalId. The inventory needs vCPUs and
memory, so CPU.NumberOfLogicalCores (or NumberOfCores, or NumberOfProcessors) and RAM.TotalSizeInMB are
required on each row. IPAddress / MACAddress become the VM's first NIC. Usage columns become performance
summaries (avg and max) with source "aws-csv"; Applications and Tags are written to the annotation.
"""


from django.utils.translation import gettext as _

from cloudmove.core import bulk
from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.imports.messages import file_message
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.importers import matching
from cloudmove.inventory.importers.base import DiscoveryImport, en_decimal, en_integer

SHEET = 'AWS CSV'
SOURCE = 'aws-csv'
COLUMNS = {
    'external_id': 'ExternalId', 'smbios_id': 'SMBiosId', 'ips': 'IPAddress', 'macs': 'MACAddress',
    'hostname': 'HostName', 'moref': 'VMware.MoRefId', 'vcenter_id': 'VMware.VCenterId', 'vm_name': 'VMware.VMName',
    'processors': 'CPU.NumberOfProcessors', 'cores': 'CPU.NumberOfCores', 'logical': 'CPU.NumberOfLogicalCores',
    'os_name': 'OS.Name', 'os_version': 'OS.Version', 'memory': 'RAM.TotalSizeInMB',
    'ram_avg': 'RAM.UsedSizeInMB.Avg', 'ram_max': 'RAM.UsedSizeInMB.Max',
    'cpu_avg': 'CPU.UsagePct.Avg', 'cpu_max': 'CPU.UsagePct.Max',
    'dr_kb_avg': 'DiskReadsPerSecondInKB.Avg', 'dr_kb_max': 'DiskReadsPerSecondInKB.Max',
    'dw_kb_avg': 'DiskWritesPerSecondInKB.Avg', 'dw_kb_max': 'DiskWritesPerSecondInKB.Max',
    'dr_ops_avg': 'DiskReadsOpsPerSecond.Avg', 'dr_ops_max': 'DiskReadsOpsPerSecond.Max',
    'dw_ops_avg': 'DiskWritesOpsPerSecond.Avg', 'dw_ops_max': 'DiskWritesOpsPerSecond.Max',
    'nr_kb_avg': 'NetworkReadsPerSecondInKB.Avg', 'nr_kb_max': 'NetworkReadsPerSecondInKB.Max',
    'nw_kb_avg': 'NetworkWritesPerSecondInKB.Avg', 'nw_kb_max': 'NetworkWritesPerSecondInKB.Max',
    'applications': 'Applications', 'tags': 'Tags',
}
IDENTIFYING = ('external_id', 'ips', 'macs', 'hostname', 'moref')
# column prefix -> (metric, factor from the file's unit to the metric's unit, maximum)
KB_TO_MB = 1 / 1024
KB_TO_MBIT = 8 * 1024 / 1_000_000
PERF = {'cpu': ('cpu_pct', 1, 100), 'dr_kb': ('disk_read_mbps', KB_TO_MB, None),
        'dw_kb': ('disk_write_mbps', KB_TO_MB, None), 'dr_ops': ('disk_read_iops', 1, None),
        'dw_ops': ('disk_write_iops', 1, None), 'nr_kb': ('net_in_mbitps', KB_TO_MBIT, None),
        'nw_kb': ('net_out_mbitps', KB_TO_MBIT, None)}


HEADERS = Headers(COLUMNS)


class AwsCsvImport(DiscoveryImport):
    SHEET = SHEET
    KINDS = ('vms', 'disks', 'nics', 'ips', 'perf')
    _key_of = staticmethod(matching.key_by_id)

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        return self.run_table(path, dry_run)

    _plan = matching.plan_by_id_or_name

    def _parse(self, rows):
        rows = iter(rows)
        header = self._header(SHEET, next(rows, []), HEADERS)
        columns, names = header
        if not any(f in columns for f in IDENTIFYING):
            self.error(SHEET, 1, 'ExternalId', None, file_message('missing_column', column='ExternalId'))
        for field in ('memory',):
            if field not in columns:
                self.error(SHEET, 1, COLUMNS[field], None, file_message('missing_column', column=COLUMNS[field]))
        if not any(f in columns for f in ('logical', 'cores', 'processors')):
            self.error(SHEET, 1, COLUMNS['logical'], None,
                       file_message('missing_column', column=COLUMNS['logical']))
        if self.errors:
            return
        cpu_fields = [f for f in ('logical', 'cores', 'processors') if f in columns]
        for n, row in enumerate(rows, start=2):
            if discovery.is_blank_row(row):
                continue
            get, text = self._cells(SHEET, columns, names, n, row)
            external_id = text('external_id', 64)
            hostname = text('hostname', 255)
            name = (text('vm_name', 200) or hostname[:200] or external_id).strip()
            if not name:
                column = names.get('external_id') or names.get('hostname') or 'ExternalId'
                self.error(SHEET, n, column, None, _('The row needs an ExternalId, a HostName or a VMware.VMName.'))
                continue
            # Logical cores, else cores, else processors: the first one filled on this row.
            cpu_field = next((f for f in cpu_fields if not cells.is_blank(get(f))), cpu_fields[0])
            values = {'name': name, 'vcpus': get(cpu_field, en_integer, 1, 768, measured=True),
                      'memory_mib': get('memory', en_integer, 1, 2 ** 31 - 1, measured=True)}
            if 'external_id' in columns:
                values['vm_uuid'] = external_id
            if 'hostname' in columns:
                values['dns_name'] = hostname
            if 'os_name' in columns:
                values['os_name'] = text('os_name', 200, measured=True)
                values['os_family'] = discovery.os_family(values['os_name'])
            if 'os_version' in columns:
                values['os_version'] = text('os_version', 60)
            notes = []
            if text('applications', 2000):
                notes.append(_('Applications: %(list)s') % {'list': text('applications', 2000)})
            if text('tags', 4000):
                notes.append(_('Tags: %(list)s') % {'list': text('tags', 4000)})
            if notes:
                values['annotation'] = '\n'.join(notes)
            key = matching.add_vm(self, n, names.get('external_id') or names.get('hostname') or '', values)
            if key is None:
                continue
            matching.nics_from_lists(self, n, get, names, key)
            self._parse_perf(key, get, values['memory_mib'])

    def _parse_perf(self, key, get, memory_mib):
        for prefix, (metric, factor, maximum) in PERF.items():
            stats = {}
            for stat in ('avg', 'max'):
                value = get(f'{prefix}_{stat}', en_decimal, 0, maximum, optional=True)
                if value is not None:
                    stats[stat] = float(value) * factor
            if stats:
                self.perf[key][metric] = {'metric': metric, 'source': SOURCE, **stats}
        stats = {}
        for stat in ('avg', 'max'):
            value = get(f'ram_{stat}', en_decimal, 0, memory_mib, optional=True)
            if value is not None and memory_mib:
                stats[stat] = float(value) * 100 / memory_mib
        if stats:
            self.perf[key]['memory_pct'] = {'metric': 'memory_pct', 'source': SOURCE, **stats}


def import_aws_csv(path, unit, user, dry_run=False, progress=None):
    """Import an AWS Application Discovery Service import template into `unit`; the same report as RVTools."""
    return AwsCsvImport(unit, user, progress=progress).run(path, dry_run=dry_run)
