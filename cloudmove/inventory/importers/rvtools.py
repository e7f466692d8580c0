"""Import of an RVTools export (.xlsx, or a folder of RVTools_tab<sheet>.csv files) into a unit's inventory.

Same shape as the unit workbook import: read (size and zip-bomb checks) → parse every sheet, collecting
every problem with its place → match to the unit's records and compute the change set → on no error,
apply everything in one transaction with bulk writes and the audit trail (source import);
the matching and writing are shared with the other importers (cloudmove.inventory.importers.base).

Clusters are matched by name, hosts by host name, VMs by VM UUID (else by vCenter and name), disks and
NICs by their label within the VM, addresses by NIC and address. Only what the export says is written:
fields whose column is absent are left alone. A listed VM's disks (NICs, addresses) that vDisk (vNetwork)
no longer shows are removed; VMs absent from the export are kept.
"""

from collections import defaultdict
from pathlib import Path

from django.utils.translation import gettext as _

from cloudmove.core import bulk
from cloudmove.core.engine import cells
from cloudmove.core.imports import reader
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.engine import rvtools as rv
from cloudmove.inventory.importers.base import KINDS, DiscoveryImport, Refused, _rows, unknown_message
from cloudmove.inventory.importers.columns import Table, in_row_order

__all__ = ['KINDS', 'Refused', 'RvtoolsImport', 'import_rvtools']


def _read_sheets(path):
    """{canonical sheet name: function returning its rows}, after the reader's safety checks."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == '.csv'
                       and p.name.lower().startswith(rv.CSV_PREFIX.lower()))
        if sum(p.stat().st_size for p in files) > reader.limit_bytes():
            size = sum(p.stat().st_size for p in files)
            raise Refused(file_message('too_large', size_mib=round(size / 1024 / 1024, 1),
                                       limit_mib=reader.limit_bytes() // 1024 // 1024))
        out = {}
        for p in files:
            name = rv.sheet_name(p.name)
            if name and name not in out:
                out[name] = _csv_rows(p)
        if not out:
            raise Refused(_('The folder holds no RVTools_tab<sheet>.csv files.'))
        return out
    if not path.is_file():
        raise Refused(_('No such file or folder: %(path)s.') % {'path': str(path)})
    try:
        book = reader.read(path, wanted=lambda name: rv.sheet_name(name) is not None)
    except reader.ReadError as exc:
        raise Refused(file_message(exc.code, **exc.params))
    if book.is_csv:
        name = rv.sheet_name(path.name) or 'vInfo'
        return {name: lambda: book.rows('')}
    out = {}
    for raw_name in book.sheets:
        name = rv.sheet_name(raw_name)
        if name and name not in out:
            out[name] = (lambda n: lambda: book.rows(n))(raw_name)
    present = {rv.sheet_name(raw): raw for raw in reversed(list(book.sheets)) if rv.sheet_name(raw)}
    book.expect([present[name] for name in rv.SHEETS if name in present])  # the order run() reads them in
    return out


def _csv_rows(path):
    def load():
        try:
            return reader.read(path).rows('')
        except reader.ReadError as exc:
            raise Refused(file_message(exc.code, **exc.params))
    return load


class RvtoolsImport(DiscoveryImport):
    def __init__(self, unit, user, progress=None):
        super().__init__(unit, user, progress=progress)
        self.snapshots = None               # vm key -> count, when vSnapshot is present
        self.partitions = None              # vm key -> consumed MiB of its guest partitions, when vPartition is
        self.by_name = defaultdict(list)    # VM name -> vm keys
        self.summary_columns = []           # vInfo's storage columns present (total disk, provisioned)

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        steps = len(rv.SHEETS) + 3
        try:
            sheets = _read_sheets(path)
            if 'vInfo' not in sheets:
                raise Refused(_('This is not an RVTools export: the vInfo sheet is missing.'))
            for i, name in enumerate(rv.SHEETS):
                self.progress(i, steps, name)
                if name not in sheets:
                    self.warn(name, 0, '', None, _('Sheet "%(sheet)s" is missing; its data was not imported.')
                              % {'sheet': name})
                    continue
                try:
                    rows = sheets[name]()
                except reader.ReadError as exc:
                    self.error(name, 0, '', None, file_message(exc.code, **exc.params))
                    continue
                warned, erred = len(self.warnings), len(self.errors)
                getattr(self, f'_parse_{name}')(name, rows)
                del rows
                in_row_order(self.warnings, warned)  # read column by column, reported row by row
                in_row_order(self.errors, erred)
            if 'vDisk' not in sheets and 'vInfo' in self.columns:
                self._note_summary_storage()
        except Refused as exc:
            self.error('', 0, '', None, str(exc))
        if not self.errors:
            self.progress(len(rv.SHEETS), steps, _('comparing'))
            self._plan()
        if not self.errors and not dry_run and self.has_changes():
            self.progress(len(rv.SHEETS) + 1, steps, _('writing'))
            self._apply()
            self.applied = True
        self.progress(steps, steps, _('done'))
        return self.result(dry_run)

    # ------------------------------------------------------------------ parsing
    def _table(self, sheet, rows):
        """The sheet's non-blank data rows as a column-wise Table, or None when a required column is
        missing."""
        rows = iter(rows)
        header = self._header(sheet, next(rows, []), rv.HEADERS[sheet], rv.REQUIRED[sheet])
        if header is None:
            return None
        ns, kept = [], []
        for n, row in enumerate(rows, start=2):
            if not discovery.is_blank_row(row):
                ns.append(n)
                kept.append(row)
        return Table(self, sheet, *header, ns, kept)

    def _vm_keys(self, t):
        """The rows of a per-VM sheet whose VM is on vInfo (by UUID, else by name, and vCenter when given)
        and each one's VM key; the other rows are skipped with a warning."""
        keys = [('uuid', u) if u and ('uuid', u) in self.vms else None for u in t.text('vm_uuid', 64)]
        rest = [i for i, key in enumerate(keys) if key is None]
        if rest:
            sub = t.take(rest)
            for i, n, name, vcenter in zip(rest, sub.ns, sub.text('vm', 200), sub.text('vcenter', 200),
                                           strict=True):
                found = [k for k in self.by_name.get(name, ())
                         if not vcenter or self.vms[k]['values']['vcenter'] == vcenter]
                if len(found) == 1:
                    keys[i] = found[0]
                else:
                    self.warn(t.sheet, n, 'VM', name, _('This VM is not on sheet vInfo; the row was skipped.'))
        if not rest or all(keys):
            return t, keys
        known = [i for i, key in enumerate(keys) if key is not None]
        return t.take(known), [keys[i] for i in known]

    def _parse_vInfo(self, sheet, rows):  # noqa: N802 (RVTools sheet name)
        t = self._table(sheet, rows)
        if t is None:
            return
        names = t.names
        self.summary_columns = [names[f] for f in ('total_disk', 'provisioned') if f in t]
        uuids = t.text('vm_uuid', 64) if 'vm_uuid' in t else [''] * len(t)
        vm_names = t.text('name', 200)
        keep = []
        for i, (n, vm_uuid, name) in enumerate(zip(t.ns, uuids, vm_names, strict=True)):
            if name or vm_uuid:  # a VM is identified by its name, or else its UUID
                keep.append(i)
            else:
                self.error(sheet, n, names['name'], None, cell_message('required'))
        if len(keep) < len(t):
            t, uuids, vm_names = t.take(keep), [uuids[i] for i in keep], [vm_names[i] for i in keep]
        vcenters = t.text('vcenter', 200)
        vcpus = t.get('vcpus', cells.integer, 1, 768, measured=True)
        memory = t.get('memory', cells.integer, 1, 2 ** 31 - 1, measured=True)
        power = t.get('power', rv.power_state, measured=True) if 'power' in t else None
        template = t.get('template', cells.boolean) if 'template' in t else None
        clusters = t.text('cluster', 150) if 'cluster' in t else None
        hosts = t.text('host', 150) if 'host' in t else None
        os_names = None
        if 'os_tools' in t or 'os_config' in t:
            os_names = t.text('os_tools', 200)
            blank = [i for i, value in enumerate(os_names) if not value]
            for i, value in zip(blank, t.take(blank).text('os_config', 200, measured=True), strict=True):
                os_names[i] = value
        summary = self._summary_storage(t)
        firmware = t.raw('firmware') if 'firmware' in t else None
        dns = t.text('dns_name', 255) if 'dns_name' in t else None
        notes = t.raw('annotation') if 'annotation' in t else None
        seen_names = {}
        for i, n in enumerate(t.ns):
            name, vm_uuid, vcenter = vm_names[i] or uuids[i], uuids[i], vcenters[i]
            values = {'name': name, 'vcenter': vcenter, 'vm_uuid': vm_uuid, 'vcpus': vcpus[i],
                      'memory_mib': memory[i]}
            if power is not None:
                values['power_state'] = power[i] or ''
            if template is not None:
                values['is_template'] = bool(template[i])
            if clusters is not None:
                values['cluster'] = cluster = clusters[i] or None
                if cluster:
                    self.clusters.setdefault(cluster, {'name': cluster, 'platform': 'vmware'})
                    if vcenter:
                        self.clusters[cluster].setdefault('manager', vcenter)
            if hosts is not None:
                values['host'] = host_name = hosts[i] or None
                if host_name:
                    host = self.hosts.setdefault(host_name, {'hostname': host_name, 'role': 'hypervisor',
                                                             'os': 'VMware ESXi'})
                    if values.get('cluster'):
                        host.setdefault('cluster', values['cluster'])
            if os_names is not None:
                values['os_name'], values['os_family'] = os_names[i], discovery.os_family(os_names[i])
            values['_summary'] = {part: column[i] for part, column in summary.items()}
            if firmware is not None:
                values['firmware'] = discovery.firmware(firmware[i])
            if dns is not None:
                values['dns_name'] = dns[i]
            if notes is not None:
                values['annotation'] = cells.text(notes[i])
            key = ('uuid', vm_uuid) if vm_uuid else ('name', vcenter, name)
            if key in self.vms:
                self.error(sheet, n, names['vm_uuid' if vm_uuid else 'name'], vm_uuid or name,
                           cell_message('duplicate', what=vm_uuid or name, other=self.vms[key]['row']))
                continue
            if (vcenter, name) in seen_names:
                self.error(sheet, n, names['name'], name,
                           cell_message('duplicate', what=name, other=seen_names[(vcenter, name)]))
                continue
            seen_names[(vcenter, name)] = n
            self.vms[key] = {'row': n, 'values': values}
            self.by_name[name].append(key)

    def _note_summary_storage(self):
        """Say where the VMs' storage comes from when the export has no vDisk sheet."""
        fields = set(self.columns['vInfo'].values())
        if 'total_disk' in fields:
            message = _('Without vDisk, each VM\'s storage is its total disk capacity from vInfo.')
        elif 'provisioned' in fields:
            message = _('Without vDisk, each VM\'s storage is its provisioned storage from vInfo: an upper bound '
                        'that includes swap and snapshot files.')
        else:
            message = _('Without vDisk and without a storage column in vInfo, the VMs\' storage is unknown.')
        self.warn('vInfo', 0, '', None, message)

    def _summary_storage(self, t):
        """The VMs' storage as vInfo states it, kept for when vDisk does not list their disks: the total disk
        capacity (RVTools 4.x), else the provisioned storage (an upper bound: swap and snapshot files
        included); the used space from In Use (vPartition replaces it when present). Columns by part."""
        return {
            'disk_count': t.get('disks', cells.integer, 0, 32767, optional=True),
            'total': t.get('total_disk', cells.integer, 0, 2 ** 62, optional=True),
            'provisioned': t.get('provisioned', cells.integer, 0, 2 ** 62, optional=True),
            'in_use': t.get('in_use', cells.integer, 0, 2 ** 62, optional=True),
        }

    def _vm_parts(self, sheet, rows):
        """(table, vm keys, labels) of a per-VM sheet (vDisk, vNetwork) over the rows whose VM is known and
        whose label is filled; the sheet lists every part of those VMs, so parts it no longer shows are
        removed. The table is None when a required column is missing."""
        t, keys = self._vm_rows(sheet, rows, {'vDisk': 'disks', 'vNetwork': 'nics'}[sheet])
        if t is None:
            return None, [], []
        labels = t.text('label', 100)
        keep = []
        for i, label in enumerate(labels):
            if label:
                keep.append(i)
            else:
                self.error(sheet, t.ns[i], t.label('label'), None, cell_message('required'))
        if len(keep) < len(t):
            t, keys, labels = t.take(keep), [keys[i] for i in keep], [labels[i] for i in keep]
        return t, keys, labels

    def _parse_vDisk(self, sheet, rows):  # noqa: N802
        t, keys, labels = self._vm_parts(sheet, rows)
        if t is None:
            return
        capacity = t.get('capacity', cells.integer, 0, 2 ** 62, measured=True)
        thin = t.get('thin', cells.boolean) if 'thin' in t else None
        rdm = t.get('raw', cells.boolean) if 'raw' in t else None
        mode = t.raw('mode') if 'mode' in t else None
        sharing = t.raw('sharing') if 'sharing' in t else None
        path = t.raw('path') if 'path' in t else None
        label_of = t.label('label')
        for i, (n, key, label) in enumerate(zip(t.ns, keys, labels, strict=True)):
            values = {'label': label, 'capacity_mib': capacity[i]}
            if thin is not None:
                values['provisioning'] = 'thin' if thin[i] else 'thick'
            if rdm is not None:
                values['is_rdm'] = bool(rdm[i])
            if mode is not None:
                values['is_independent'] = 'independent' in cells.text(mode[i]).casefold()
            if sharing is not None:
                values['is_shared'] = 'multiwriter' in cells.text(sharing[i]).casefold()
            if path is not None:
                values['datastore'] = rv.datastore(path[i])[:200]
            disks = self.disks[key]
            if label in disks:
                self.error(sheet, n, label_of, label, cell_message('duplicate', what=label,
                                                                   other=disks[label]['_row']))
                continue
            values['_row'] = n
            disks[label] = values

    def _parse_vNetwork(self, sheet, rows):  # noqa: N802
        t, keys, labels = self._vm_parts(sheet, rows)
        if t is None:
            return
        network = t.text('network', 200) if 'network' in t else None
        connected = t.get('connected', cells.boolean) if 'connected' in t else None
        macs = t.get('mac', cells.mac, optional=True) if 'mac' in t else None
        addresses = t.raw('ipv4')
        label_of, ip_label = t.label('label'), t.label('ipv4')
        for i, (n, key, label) in enumerate(zip(t.ns, keys, labels, strict=True)):
            values = {'label': label}
            if network is not None:
                values['network'] = network[i]
            if connected is not None:
                values['connected'] = bool(connected[i])
            if macs is not None:
                values['mac'] = macs[i] or ''
            ips = []
            for address in discovery.split_list(addresses[i]):
                try:
                    ips.append(cells.ip(address))
                except cells.CellError as exc:
                    self.warn(sheet, n, ip_label, address, unknown_message(cell_message(exc.code)))
            nics = self.nics[key]
            if label in nics:
                self.error(sheet, n, label_of, label, cell_message('duplicate', what=label,
                                                                   other=nics[label]['_row']))
                continue
            values['_row'], values['_ips'] = n, list(dict.fromkeys(ips))
            nics[label] = values

    def _rows_of(self, t):
        """(excel row, get, text) per row, for the small sheets read row by row (hosts, clusters)."""
        return [(n, *self._cells(t.sheet, t.mapping, t.names, n, row)) for n, row in zip(t.ns, t.rows, strict=True)]

    def _parse_vHost(self, sheet, rows):  # noqa: N802
        table = self._table(sheet, rows)
        if table is None:
            return
        columns, names, data = table.mapping, table.names, self._rows_of(table)
        for n, get, text in data:
            hostname = text('name', 150)
            if not hostname:
                self.error(sheet, n, names['name'], None, cell_message('required'))
                continue
            host = self.hosts.setdefault(hostname, {'hostname': hostname})
            host.update(role='hypervisor', os='VMware ESXi')
            if 'cluster' in columns and text('cluster', 150):
                host['cluster'] = text('cluster', 150)
                self.clusters.setdefault(host['cluster'], {'name': host['cluster'], 'platform': 'vmware'})
            sockets = get('sockets', cells.integer, 0, 32767, optional=True)
            if 'sockets' in columns:
                host['cpu_sockets'] = sockets
            cores = get('cores', cells.integer, 0, 32767, optional=True)
            per = get('cores_per', cells.integer, 0, 32767, optional=True)
            if cores is None and sockets is not None and per is not None:
                cores = sockets * per
            if 'cores' in columns or 'cores_per' in columns:
                host['cpu_cores'] = cores if cores is None or cores <= 32767 else None
            if 'memory' in columns:
                memory = get('memory', cells.integer, 0, 2 ** 50, optional=True)
                host['memory_gib'] = None if memory is None else round(memory / 1024)
            for field, column, size in (('manufacturer', 'vendor', 100), ('model', 'model', 150),
                                        ('serial', 'serial', 100)):
                if column in columns:
                    host[field] = text(column, size)
            if 'version' in columns:
                host['os'], host['os_version'] = rv.esx_version(get('version'))

    def _parse_vCluster(self, sheet, rows):  # noqa: N802
        table = self._table(sheet, rows)
        if table is None:
            return
        columns, data = table.mapping, self._rows_of(table)
        for _n, _get, text in data:
            name = text('name', 150)
            if not name:
                continue
            cluster = self.clusters.setdefault(name, {'name': name, 'platform': 'vmware'})
            if 'vcenter' in columns and text('vcenter', 200):
                cluster['manager'] = text('vcenter', 200)

    def _parse_vSnapshot(self, sheet, rows):  # noqa: N802
        t = self._table(sheet, rows)
        if t is None:
            return
        self.snapshots = defaultdict(int)
        for key in self._vm_keys(t)[1]:
            self.snapshots[key] += 1

    def _vm_rows(self, sheet, rows, complete=None):
        """(table, vm keys) of a per-VM sheet over the rows whose VM is on vInfo; (None, []) when a required
        column is missing. `complete`: the kind this sheet lists in full, once its header is valid."""
        t = self._table(sheet, rows)
        if t is None:
            return None, []
        if complete:
            self.complete.add(complete)
        return self._vm_keys(t)

    def _cross_check(self, sheet, rows, field, header):
        """vCPU and vMemory repeat what vInfo says; a difference means the export is inconsistent."""
        t, keys = self._vm_rows(sheet, rows)
        if t is None:
            return
        label = t.label(header)
        for n, key, value in zip(t.ns, keys, t.get(header, cells.integer, 0, 2 ** 31 - 1, optional=True),
                                 strict=True):
            stated = self.vms[key]['values'][field]
            if value is not None and stated is not None and value != stated:
                self.warn(sheet, n, label, value, _(
                    'vInfo gives %(stated)s for this VM; the value of vInfo was kept.') % {'stated': stated})

    def _parse_vCPU(self, sheet, rows):  # noqa: N802
        self._cross_check(sheet, rows, 'vcpus', 'cpus')

    def _parse_vMemory(self, sheet, rows):  # noqa: N802
        self._cross_check(sheet, rows, 'memory_mib', 'size')

    def _parse_vPartition(self, sheet, rows):  # noqa: N802
        self.partitions, self.partitions_unknown = defaultdict(int), set()
        t, keys = self._vm_rows(sheet, rows)
        if t is None:
            return
        for key, consumed in zip(keys, t.get('consumed', cells.integer, 0, 2 ** 62, measured=True), strict=True):
            if consumed is None:
                self.partitions_unknown.add(key)
            self.partitions[key] += consumed or 0

    def _parse_vTools(self, sheet, rows):  # noqa: N802
        t, keys = self._vm_rows(sheet, rows)
        if t is None:
            return
        for key, tools in zip(keys, t.raw('tools'), strict=True):
            self.vms[key]['values']['tools_state'] = rv.tools_state(tools)

    # ------------------------------------------------------------------ planning
    def _partitions_of(self, key):
        """The guest's used space from vPartition, or None (no vPartition, the VM not on it, or a value
        unknown)."""
        if self.partitions is None or key not in self.partitions or key in self.partitions_unknown:
            return None
        return self.partitions[key]

    def _plan_summary_storage(self, item, partitions):
        """Without vDisk the VM's storage comes from vInfo (see _summary_storage); with vDisk the disks say
        it and the summary fields are cleared."""
        values = item['values']
        summary = values.pop('_summary', None)
        if summary is None:
            return
        if 'disks' in self.complete:
            values.update(disk_count=None, disk_total_mib=None, disk_used_mib=None, disk_basis='')
            return
        if summary['total'] is not None:
            total, basis = summary['total'], 'total'
        elif summary['provisioned'] is not None:
            total, basis = summary['provisioned'], 'provisioned'
        else:
            total, basis = None, ''
            if self.summary_columns:
                self.warn('vInfo', item['row'], self.summary_columns[0], None, unknown_message())
        used = partitions if partitions is not None else summary['in_use']
        values.update(disk_count=summary['disk_count'], disk_total_mib=total, disk_used_mib=used,
                      disk_basis=basis)

    def _plan(self):
        unit = self.unit
        for key, item in self.vms.items():
            if self.snapshots is not None:
                item['values']['snapshot_count'] = min(self.snapshots.get(key, 0), 32767)
            disks = list(self.disks.get(key, {}).values())
            partitions = self._partitions_of(key)
            if partitions is not None and disks:
                used = rv.spread_used([d['capacity_mib'] for d in disks], partitions)
                for disk, value in zip(disks, used, strict=True):
                    disk['used_mib'] = value
            self._plan_summary_storage(item, partitions)
        clusters = {r['name']: r for r in _rows(m.Cluster.objects.filter(unit=unit), 'name', 'platform', 'manager')}
        for name, values in self.clusters.items():
            self._match('clusters', clusters.get(name), values, name)
        hosts = {r['hostname']: r for r in _rows(
            m.PhysicalServer.objects.filter(unit=unit), 'hostname', 'role', 'os', 'os_version', 'cpu_sockets',
            'cpu_cores', 'memory_gib', 'manufacturer', 'model', 'serial', cluster='cluster__name')}
        for name, values in self.hosts.items():
            self._match('hosts', hosts.get(name), values, name)
        existing_vms = _rows(m.VirtualMachine.objects.filter(unit=unit), 'name', 'vm_uuid', 'vcenter', 'vcpus',
                             'memory_mib', 'power_state', 'os_name', 'os_family', 'firmware', 'is_template',
                             'dns_name', 'annotation', 'snapshot_count', 'tools_state', 'disk_count',
                             'disk_total_mib', 'disk_used_mib', 'disk_basis', cluster='cluster__name',
                             host='host__hostname')
        by_uuid = {r['vm_uuid']: r for r in existing_vms if r['vm_uuid']}
        by_name = {(r['vcenter'], r['name']): r for r in existing_vms}
        file_uuids = {v['values']['vm_uuid'] for v in self.vms.values() if v['values']['vm_uuid']}
        self.vm_pks = {}    # vm key -> pk of the existing record
        claimed = {}
        for key, item in self.vms.items():
            values = item['values']
            target = by_uuid.get(values['vm_uuid']) if values['vm_uuid'] else None
            if target is None:
                same_name = by_name.get((values['vcenter'], values['name']))
                if same_name is not None:
                    if same_name['vm_uuid'] and same_name['vm_uuid'] in file_uuids:
                        self.error('vInfo', item['row'], 'VM', values['name'], _(
                            'Another VM of the same name and vCenter is already in the inventory with a different '
                            'VM UUID.'))
                        continue
                    target = same_name
            if target is not None:
                if target['_pk'] in claimed:
                    self.error('vInfo', item['row'], 'VM', values['name'],
                               cell_message('duplicate', what=values['name'], other=claimed[target['_pk']]))
                    continue
                claimed[target['_pk']] = item['row']
                self.vm_pks[key] = target['_pk']
            self._match('vms', target, values, values['name'])
        self.existing_vms = existing_vms
        self._plan_children()

def import_rvtools(path, unit, user, dry_run=False, progress=None):
    """Import an RVTools export into `unit`; returns the report (see the module docstring of the command)."""
    return RvtoolsImport(unit, user, progress=progress).run(path, dry_run=dry_run)
