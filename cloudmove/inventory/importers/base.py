"""The shared part of the discovery-export importers (RVTools, Azure Migrate CSV, ...).

A subclass parses its file into `vms`, `disks`, `nics` (and `hosts`, `clusters`, `perf`), recording every
problem with its place; this base then matches the records to the unit's inventory, computes the change
set, and on no error applies everything in one transaction with bulk writes and the audit trail (source
import: batch records for new rows, one record per change or removal). Only what the file says is
written. A VM's disks, NICs and addresses are removed only when the importer says its file lists them
completely (`complete`: RVTools with vDisk / vNetwork) and the VM itself is in the file; VMs missing
from a file are never removed (a unit may run several platforms).
"""

import csv
import operator
import re
import uuid
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, Sum, UniqueConstraint
from django.utils.translation import gettext as _

from cloudmove.core import audit, bulk
from cloudmove.core.choices import AuditAction, AuditSource
from cloudmove.core.engine import cells
from cloudmove.core.imports import reader
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.core.imports.problems import Problem
from cloudmove.inventory import models as m
from cloudmove.inventory.engine.invariants import ip_hex
from cloudmove.inventory.models.network import prefix_locator

BATCH = 2000
KINDS = ('clusters', 'hosts', 'vms', 'disks', 'nics', 'ips')
MODELS = {'clusters': m.Cluster, 'hosts': m.PhysicalServer, 'vms': m.VirtualMachine, 'disks': m.VirtualDisk,
          'nics': m.VirtualNic, 'ips': m.IpAddress, 'perf': m.PerformanceSummary}
REFS = {'cluster': 'cluster_id', 'host': 'host_id'}
PERF_FIELDS = ('metric', 'source', 'avg', 'p50', 'p95', 'p99', 'max', 'window_start', 'window_end', 'sample_count')


class Refused(Exception):
    """The file cannot be read at all; the message says why."""


class DiscoveryImport:
    KINDS = KINDS
    SHEET = 'vInfo'  # where a VM row's problems are reported

    def __init__(self, unit, user, progress=None):
        self.unit, self.user = unit, user
        self.progress = progress or (lambda done, total=None, message=None: None)
        self.errors, self.warnings = [], []
        self.columns = {}                   # sheet -> {source header: field or None}
        self.vms = {}                       # key -> {'row', 'values'}
        self.disks = defaultdict(dict)      # vm key -> {label: values}
        self.nics = defaultdict(dict)       # vm key -> {label: values (with 'ips')}
        self.perf = defaultdict(dict)       # vm key -> {metric: values}
        self.hosts, self.clusters = {}, {}  # name -> values
        self.plan = {kind: {'create': [], 'update': [], 'unchanged': 0, 'remove': []} for kind in self.KINDS}
        self.complete = set()               # kinds the file lists in full for each VM it holds
        self.vm_pks, self.existing_vms = {}, []
        self.applied = False

    # ------------------------------------------------------------------ problems
    def error(self, sheet, row, column, value, message):
        self.errors.append(Problem(sheet, row, column, value, message))

    def warn(self, sheet, row, column, value, message):
        self.warnings.append(Problem(sheet, row, column, value, message))


    def _cells(self, sheet, columns, names, n, row):
        """A reader of one row: get(field, parser, *args) -> value or None, recording problems.

        What identifies a record is read strictly: an unreadable value is an error that refuses the file.
        A measured value (`measured=True`: CPUs, memory, sizes, OS, power state) that is blank or unreadable
        is left unknown (None) with a warning naming its place; `optional=True` warns only when a value is
        there but unreadable (utilisation figures a file may leave out)."""
        # These two run millions of times on a province's export: the mapping's dict is read directly.
        fields = columns.fields
        width = len(row)

        def get(field, parser=None, *args, measured=False, optional=False, **kwargs):
            index = fields.get(field)
            raw = row[index] if index is not None and index < width else None
            if parser is None:
                return raw
            # cells.is_blank, inlined: numbers, the common cells, pass with two identity tests.
            if (raw is None or (type(raw) is str and not raw.strip())) and parser is not cells.text:
                if measured and index is not None:
                    self.warn(sheet, n, names.get(field, field), None, unknown_message())
                return None
            try:
                return parser(raw, *args, **kwargs)
            except cells.CellError as exc:
                message = cell_message(exc.code, **exc.params)
                if measured or optional:
                    self.warn(sheet, n, names.get(field, field), cells.text(raw), unknown_message(message))
                else:
                    self.error(sheet, n, names.get(field, field), raw, message)
                return None

        def text(field, max_length, measured=False):
            index = fields.get(field)
            raw = row[index] if index is not None and index < width else None
            if type(raw) is str and raw.isascii():  # cells.text's common case, without the call
                value = raw.strip()
            else:
                value = cells.text(raw)
            if measured and not value and index is not None:
                self.warn(sheet, n, names.get(field, field), None, unknown_message())
            if len(value) > max_length:
                self.error(sheet, n, names.get(field, field), value, cell_message('too_long', max_length=max_length))
                return value[:max_length]
            return value

        return get, text

    def _header(self, sheet, header_row, headers, required=()):
        """Match a header row by the one header rule; record the mapping for the report; an error for each
        required column missing. Returns (Mapping, {field: source header}) or None when one is missing."""
        mapping = headers.match(header_row)
        self.columns[sheet] = mapping.columns
        missing = [f for f in required if f not in mapping]
        for f in missing:
            self.error(sheet, 1, headers.title(f), None, file_message('missing_column', column=headers.title(f)))
        return None if missing else (mapping, mapping.names)

    # ------------------------------------------------------------------ planning
    def _match(self, kind, existing, desired, repr_):
        """Compare one desired record with its existing row (or None): a create, an update or unchanged."""
        plan = self.plan[kind]
        if existing is None:
            plan['create'].append((repr_, desired))
            return
        diff = {f: (existing.get(f), v) for f, v in desired.items() if not f.startswith('_') and existing.get(f) != v}
        if diff:
            plan['update'].append((existing['_pk'], repr_, diff, desired))
        else:
            plan['unchanged'] += 1

    def _check_names(self):
        """After matching, no two of the unit's VMs may end up with the same source and name (a renamed or
        re-keyed VM taking the name of another one): say which rows, rather than fail on writing."""
        final = {pk: (vcenter, name) for pk, vcenter, name in m.VirtualMachine.objects.filter(
            unit=self.unit).values_list('pk', 'vcenter', 'name')}
        rows = {}
        for pk, _repr, diff, values in self.plan['vms']['update']:
            if 'name' in diff or 'vcenter' in diff:
                final[pk] = (values.get('vcenter', final[pk][0]), values.get('name', final[pk][1]))
                rows[pk] = self.vms[self._key_of(values)]['row']
        for i, (_repr, values) in enumerate(self.plan['vms']['create']):
            final[('new', i)] = (values.get('vcenter', ''), values['name'])
            rows[('new', i)] = self.vms[self._key_of(values)]['row']
        seen = {}
        for pk, name in final.items():
            if name in seen and (pk in rows or seen[name] in rows):
                row = rows.get(pk) or rows[seen[name]]
                self.error(self.SHEET, row, 'VM', name[1], _(
                    'After this import two VMs of the unit would have the same name and source: rename one, '
                    'or give both their identifiers.'))
            seen.setdefault(name, pk)

    def _plan_children(self):
        """Disks, NICs, addresses and performance summaries of the VMs, once `vm_pks` is known."""
        self._check_names()
        if self.errors:
            return
        unit = self.unit
        matched = set(self.vm_pks.values())
        disks = _children(m.VirtualDisk, matched, 'label', 'capacity_mib', 'used_mib', 'provisioning', 'is_rdm',
                          'is_independent', 'is_shared', 'datastore')
        nics = _children(m.VirtualNic, matched, 'label', 'network', 'mac', 'connected')
        nic_ips = defaultdict(dict)
        for ip_pk, nic_pk, address, dns in m.IpAddress.objects.filter(
                unit=unit, vm_nic__vm__in=list(matched)).values_list('pk', 'vm_nic_id', 'address', 'dns_name'):
            nic_ips[nic_pk][address] = {'_pk': ip_pk, 'address': address, 'dns_name': dns}
        for key, by_label in self.disks.items():
            vm_pk = self.vm_pks.get(key)
            for label, values in by_label.items():
                values['_vm'] = key
                self._match('disks', disks.get((vm_pk, label)), values, f'{self.vms[key]["values"]["name"]}/{label}')
        self.existing_nics = nics
        for key, by_label in self.nics.items():
            vm_pk = self.vm_pks.get(key)
            for label, values in by_label.items():
                values['_vm'] = key
                existing = nics.get((vm_pk, label))
                self._match('nics', existing, values, f'{self.vms[key]["values"]["name"]}/{label}')
                for address in values['_ips']:
                    if existing is not None and address in nic_ips[existing['_pk']]:
                        self.plan['ips']['unchanged'] += 1
                    else:
                        self.plan['ips']['create'].append((address, {'address': address, '_vm': key,
                                                                     '_nic': label}))
        self._plan_removals(disks, nics, nic_ips)

        if 'perf' not in self.KINDS:
            return
        existing = {}
        sources = {v['source'] for by_metric in self.perf.values() for v in by_metric.values()}
        for row in m.PerformanceSummary.objects.filter(unit=unit, vm__in=list(matched), source__in=sources).values(
                'pk', 'vm_id', *PERF_FIELDS):
            row['_pk'] = row.pop('pk')
            existing[(row.pop('vm_id'), row['metric'], row['source'])] = row
        for key, by_metric in self.perf.items():
            vm_pk = self.vm_pks.get(key)
            for metric, values in by_metric.items():
                values['_vm'] = key
                self._match('perf', existing.get((vm_pk, metric, values['source'])), values,
                            f'{self.vms[key]["values"]["name"]}/{metric}')

    def _plan_removals(self, disks, nics, nic_ips):
        """Parts of the VMs in this file that the file no longer lists (a disk detached, a NIC removed, an
        address changed), for the kinds it lists completely."""
        listed_vms = {pk: key for key, pk in self.vm_pks.items()}
        names = {pk: self.vms[key]['values']['name'] for pk, key in listed_vms.items()}
        if 'disks' in self.complete:
            for (vm_pk, label), row in disks.items():
                if vm_pk in listed_vms and label not in self.disks.get(listed_vms[vm_pk], {}):
                    self.plan['disks']['remove'].append((row['_pk'], f'{names[vm_pk]}/{label}', row))
        if 'nics' in self.complete:
            for (vm_pk, label), row in nics.items():
                if vm_pk not in listed_vms:
                    continue
                listed = self.nics.get(listed_vms[vm_pk], {}).get(label)
                if listed is None:
                    self.plan['nics']['remove'].append((row['_pk'], f'{names[vm_pk]}/{label}', row))
                for address, ip in nic_ips.get(row['_pk'], {}).items():
                    if listed is None or address not in listed['_ips']:
                        self.plan['ips']['remove'].append((ip['_pk'], address, ip))

    def _key_of(self, values):
        return _key_of(values)

    # ------------------------------------------------------------------ apply
    def _filler(self, kind, pks, vm_pks, nic_pks):
        """The columns of a new `kind` row that the file's values name rather than hold (references by name
        or by the VM's key, an address's sort key and prefix), set on the row's own copy; None when none."""
        if kind in ('clusters', 'hosts', 'vms'):
            def fill(row):
                _refs_to_ids(row, pks)
        elif kind == 'ips':
            locate = prefix_locator(self.unit.pk)

            def fill(row):
                row['vm_nic_id'] = nic_pks[(row['_vm'], row['_nic'])]
                row['address_hex'] = key = ip_hex(row['address'])
                row['prefix_id'] = locate(key)
        elif kind in ('disks', 'nics', 'perf'):
            def fill(row):
                if '_vm' in row:
                    row['vm_id'] = vm_pks[row['_vm']]
        else:
            return None
        return fill

    def _apply(self):
        request_id = f'import-{uuid.uuid4().hex[:12]}'
        with audit.context(AuditSource.IMPORT, user=self.user, request_id=request_id), transaction.atomic():
            pks = {'cluster': dict(m.Cluster.objects.filter(unit=self.unit).values_list('name', 'pk')),
                   'host': dict(m.PhysicalServer.objects.filter(unit=self.unit).values_list('hostname', 'pk'))}
            vm_pks = dict(self.vm_pks)
            nic_pks = {(key, label): self.existing_nics[(vm_pk, label)]['_pk']
                       for key, vm_pk in self.vm_pks.items() for label in self.nics.get(key, ())
                       if (vm_pk, label) in self.existing_nics}
            for kind in self.KINDS:
                plan = self.plan[kind]
                model = MODELS[kind]

                in_unit = kind in ('clusters', 'hosts', 'vms', 'ips', 'perf')
                with audit.suspended():
                    _park_renamed(model, plan['update'])
                ids = _insert(model, [values for _repr, values in plan['create']],
                              const={'unit_id': self.unit.pk} if in_unit else None,
                              fill=self._filler(kind, pks, vm_pks, nic_pks))
                for (_repr, values), pk in zip(plan['create'], ids, strict=True):
                    if kind == 'clusters':
                        pks['cluster'][values['name']] = pk
                    elif kind == 'hosts':
                        pks['host'][values['hostname']] = pk
                    elif kind == 'vms':
                        vm_pks[self._key_of(values)] = pk
                entries = [audit.Created(model, ids, [repr_ for repr_, _values in plan['create']],
                                         [_public(values) for _repr, values in plan['create']], self.unit.path)]
                groups = defaultdict(list)
                for pk, repr_, diff, values in plan['update']:
                    changed = {f: values[f] for f in diff}  # the file's own fields ('_' ones are never diffed)
                    _refs_to_ids(changed, pks)
                    groups[tuple(sorted(changed))].append(model(pk=pk, **changed))
                    entries.append(audit.Entry(AuditAction.UPDATE, model, pk, repr_[:200], self.unit.path,
                                               {f: o for f, (o, _n) in diff.items()},
                                               {f: n for f, (_o, n) in diff.items()}))
                with audit.suspended():
                    for fields, objs in groups.items():
                        names = {f.attname: f.name for f in model._meta.concrete_fields}
                        model.objects.bulk_update(objs, [names[f] for f in fields], batch_size=BATCH)
                if kind == 'nics':
                    for (_repr, values), pk in zip(plan['create'], ids, strict=True):
                        nic_pks[(values['_vm'], values['label'])] = pk
                audit.record_many(entries)
            for kind in reversed(self.KINDS):  # addresses before their NICs
                removed = self.plan[kind].get('remove')
                if removed:  # cascades and cleared references are audited with them
                    audit.delete_many(MODELS[kind], [pk for pk, _repr, _row in removed])

    # ------------------------------------------------------------------ result
    def totals(self, dry_run):
        """The unit's totals over VMs that are not templates, after this import (a dry run: as it would be).
        Unknown values add nothing; `unknown` counts the VMs whose vCPUs, memory or storage are unknown."""
        if not dry_run or self.errors:
            return unit_totals(self.unit)
        # Dry run: the unit's records with this file's values laid over them.
        final = {r['_pk']: dict(r) for r in self.existing_vms}
        pk_of = dict(self.vm_pks)
        for key, item in self.vms.items():
            final.setdefault(pk_of.get(key, key), {}).update(item['values'])
        capacity = {}
        stored = m.VirtualMachine.objects.filter(unit=self.unit).values_list('pk', 'disk_total_mib')
        for pk, total in stored:
            final.setdefault(pk, {}).setdefault('disk_total_mib', total)
        for vm_pk, label, cap in m.VirtualDisk.objects.filter(vm__unit=self.unit).values_list(
                'vm_id', 'label', 'capacity_mib'):
            capacity[(vm_pk, label)] = cap
        for _pk, _repr, row in self.plan['disks']['remove']:
            capacity.pop((row['vm_id'], row['label']), None)
        for key, by_label in self.disks.items():
            for label, values in by_label.items():
                capacity[(pk_of.get(key, key), label)] = values['capacity_mib']
        disks = defaultdict(list)
        for (vm, _label), cap in capacity.items():
            disks[vm].append(cap)
        live = [v for k, v in final.items() if not v.get('is_template')]
        storage = {}
        for k, v in final.items():
            if not v.get('is_template'):
                known = [c for c in disks.get(k, ()) if c is not None]
                storage[k] = sum(known) if known else (None if disks.get(k) else v.get('disk_total_mib'))
        return {'vms': len(live), 'vcpus': sum(v.get('vcpus') or 0 for v in live),
                'memory_mib': sum(v.get('memory_mib') or 0 for v in live),
                'disk_capacity_mib': sum(c for c in storage.values() if c is not None),
                'unknown': {'vcpus': sum(v.get('vcpus') is None for v in live),
                            'memory_mib': sum(v.get('memory_mib') is None for v in live),
                            'disk_capacity_mib': sum(c is None for c in storage.values())}}

    def run_table(self, path, dry_run):
        """Run a one-table format (.csv, or an .xlsx's first sheet): read, `_parse` the rows, then finish."""
        steps = 4
        try:
            self.progress(0, steps, _('reading'))
            rows = read_table(path)
            self.progress(1, steps, _('checking'))
            self._parse(rows)
        except Refused as exc:
            self.error('', 0, '', None, str(exc))
        return self.finish(dry_run, steps)

    def finish(self, dry_run, steps):
        """After parsing: plan, and write when nothing was wrong and it is not a dry run."""
        if not self.errors:
            self.progress(2, steps, _('comparing'))
            self._plan()
        if not self.errors and not dry_run and self.has_changes():
            self.progress(3, steps, _('writing'))
            self._apply()
            self.applied = True
        self.progress(steps, steps, _('done'))
        return self.result(dry_run)

    def has_changes(self):
        return any(self.plan[k]['create'] or self.plan[k]['update'] or self.plan[k]['remove'] for k in self.KINDS)

    def result(self, dry_run):
        ok = not self.errors
        totals = self.totals(dry_run)
        return {
            'created': {k: len(self.plan[k]['create']) if ok else 0 for k in self.KINDS},
            'updated': {k: len(self.plan[k]['update']) if ok else 0 for k in self.KINDS},
            'removed': {k: len(self.plan[k]['remove']) if ok else 0 for k in self.KINDS},
            'unchanged': {k: self.plan[k]['unchanged'] if ok else 0 for k in self.KINDS},
            'warnings': [p.as_dict() for p in self.warnings],
            'columns': self.columns,
            'errors': [p.as_dict() for p in self.errors],
            'totals': totals,
            'unknown': totals.pop('unknown', {}),
            'applied': self.applied,
        }


def unit_totals(unit):
    """Totals of a unit's VMs that are not templates, by aggregate queries: vCPUs, memory, storage (the
    disks' capacity, or the VM summary's storage for VMs with no disk listed), and how many VMs have each
    of them unknown."""
    vms = m.VirtualMachine.objects.filter(unit=unit, is_template=False)
    head = vms.aggregate(n=Count('pk'), sum_vcpus=Sum('vcpus'), sum_memory=Sum('memory_mib'),
                         no_vcpus=Count('pk', filter=Q(vcpus__isnull=True)),
                         no_memory=Count('pk', filter=Q(memory_mib__isnull=True)))
    disk = m.VirtualDisk.objects.filter(vm__unit=unit, vm__is_template=False).aggregate(s=Sum('capacity_mib'))['s']
    known_disks = m.VirtualDisk.objects.filter(vm=OuterRef('pk'), capacity_mib__isnull=False)
    any_disk = m.VirtualDisk.objects.filter(vm=OuterRef('pk'))
    summary = vms.exclude(Exists(any_disk)).aggregate(s=Sum('disk_total_mib'))['s']
    no_storage = vms.exclude(Exists(known_disks)).filter(
        Q(disk_total_mib__isnull=True) | Exists(any_disk)).count()
    return {'vms': head['n'], 'vcpus': head['sum_vcpus'] or 0, 'memory_mib': head['sum_memory'] or 0,
            'disk_capacity_mib': (disk or 0) + (summary or 0),
            'unknown': {'vcpus': head['no_vcpus'], 'memory_mib': head['no_memory'], 'disk_capacity_mib': no_storage}}


def unknown_message(problem=None):
    if problem:
        return _('%(problem)s The value was imported as unknown.') % {'problem': problem}
    return cell_message('unknown')


def _key_of(values):
    return ('uuid', values['vm_uuid']) if values['vm_uuid'] else ('name', values['vcenter'], values['name'])


def _refs_to_ids(row, pks):
    """In place: references the file gives by name (a host's cluster, a VM's cluster and host) become the
    id columns, and the names leave the row."""
    for f, column in REFS.items():
        if f in row:
            name = row.pop(f)
            row[column] = pks[f].get(name) if name else None


def _public(values):
    return {k: v for k, v in values.items() if k[0] != '_' and v not in (None, '', False)}


def _rows(queryset, *fields, **renamed):
    """Rows as dicts with '_pk'; `renamed` gives lookups read under another name (cluster='cluster__name')."""
    out = []
    for row in queryset.values('pk', *fields, *renamed.values()):
        row['_pk'] = row.pop('pk')
        for name, lookup in renamed.items():
            row[name] = row.pop(lookup)
        out.append(row)
    return out


def _children(model, vm_pks, *fields):
    out = {}
    vm_pks = list(vm_pks)
    for start in range(0, len(vm_pks), BATCH):
        for row in model.objects.filter(vm_id__in=vm_pks[start:start + BATCH]).values('pk', 'vm_id', *fields):
            row['_pk'] = row.pop('pk')
            out[(row['vm_id'], row['label'])] = row
    return out


def _insert(model, rows, const=None, fill=None):
    """Insert rows with reserved ids and fresh keys; returns the ids.

    A row is a dict whose keys that are attribute names of the model give its columns (other keys, such
    as a file's '_row', are ignored); `const` holds columns equal for every row; `fill(row)` sets computed
    columns on the row's copy. Built column by column through one getter: an import inserts ~300,000 rows."""
    if not rows:
        return []
    n = len(rows)
    ids = bulk.reserve_ids(model, n)
    fields = [f for f in model._meta.concrete_fields
              if not f.primary_key and not getattr(f, 'auto_now', False) and not getattr(f, 'auto_now_add', False)]
    names = [f.attname for f in fields if f.attname != 'uid']
    base = {f.attname: f.get_default() for f in fields if f.attname != 'uid'}
    base.update(const or ())
    pick = operator.itemgetter(*names)
    if fill is None:
        picked = [pick(base | row) for row in rows]
    else:
        picked = []
        for row in rows:
            row = base | row
            fill(row)
            picked.append(pick(row))
    if len(names) == 1:
        picked = [(value,) for value in picked]
    if any(f.attname == 'uid' for f in fields):
        data = [(pk, *values, uid) for pk, values, uid in zip(ids, picked, bulk.new_uids(n), strict=True)]
        bulk.insert(model, ['id', *names, 'uid'], data, raw=('uid',))
    else:
        bulk.insert(model, ['id', *names], [(pk, *values) for pk, values in zip(ids, picked, strict=True)])
    return ids




# ---------------------------------------------------------------------- shared reading and cell parsing
ENGLISH_NUMBER = re.compile(r'^\s*[+-]?\d+(\.\d+)?\s*$')


def read_table(path):
    """The rows of a one-table file (.csv, or the first sheet of an .xlsx) after the reader's safety checks."""
    path = Path(path)
    if not path.is_file():
        raise Refused(_('No such file: %(path)s.') % {'path': str(path)})
    try:
        book = reader.read(path)
        if book.is_csv:
            return book.rows('')
        if not book.sheets:
            raise reader.ReadError('not_a_workbook')
        return book.rows(next(iter(book.sheets)))
    except reader.ReadError as exc:
        raise Refused(file_message(exc.code, **exc.params))
    except (csv.Error, ValueError, MemoryError):
        raise Refused(file_message('not_a_workbook'))


def en_number(value):
    """A Decimal from a cell of an English-language export ('1.500' is one and a half), else as cells read it."""
    if type(value) is str and ENGLISH_NUMBER.match(value):
        return Decimal(value.strip())
    return cells.number(value)


def en_decimal(value, minimum=None, maximum=None):
    result = en_number(value)
    if minimum is not None and result < minimum:
        raise cells.CellError('too_small', minimum=minimum)
    if maximum is not None and result > maximum:
        raise cells.CellError('too_large', maximum=maximum)
    return result


def gib_to_mib(value):
    """A size in GiB (Decimal, as the CSV templates give it) in whole MiB; None stays unknown."""
    return None if value is None else int((value * 1024).to_integral_value())


def en_integer(value, minimum=None, maximum=None):
    result = en_decimal(value, minimum, maximum)
    if result != result.to_integral_value():
        raise cells.CellError('not_an_integer')
    return int(result)


def _unique_char_fields(model):
    """The text fields that take part in a unique key of `model`."""
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    names |= {n for c in model._meta.constraints if isinstance(c, UniqueConstraint) for n in c.fields}
    names |= {n for together in model._meta.unique_together for n in together}
    return {f.name for f in model._meta.concrete_fields if f.name in names and isinstance(f, CharField)}


def _park_renamed(model, updates):
    """Rows whose key text changes get a temporary value first: two rows that swap names, or a new row
    that takes a renamed row's old name, would otherwise hit the unique constraint mid-statement."""
    keyed = _unique_char_fields(model)
    for name in sorted(keyed):
        objs = [model(pk=pk, **{name: f'~{pk}~'}) for pk, _repr, diff, _values in updates if name in diff]
        if objs:
            model.objects.bulk_update(objs, [name], batch_size=BATCH)
