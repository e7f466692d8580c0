"""Import of performance samples: CSV rows of (timestamp, machine, metric, value), the shape a Zabbix or
Prometheus export is turned into.

Machines are matched by VM name in the unit, else by physical server host name. Metrics are the codes of
cloudmove.inventory.choices.Metric or a common alias (cpu, mem, cpu_util, ...). Timestamps are ISO 8601,
dd/mm/yyyy HH:MM[:SS] or Unix seconds; times without a zone are read in the project's time zone.

Per (machine, metric) the statistics avg/p50/p95/p99/max are computed with NumPy over the whole file
(grouped and sorted once, no loop per sample); each summary keeps the file's window, the sample count and
the samples in time order (PerformanceSummary.pack). Summaries are upserted per (machine, metric,
source 'csv'); all or nothing; the same file imported again changes nothing.
"""

import re
import uuid
from datetime import UTC, datetime

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import audit, bulk
from cloudmove.core.choices import AuditAction, AuditSource
from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.imports.messages import cell_message
from cloudmove.inventory import models as m
from cloudmove.inventory.choices import Metric
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.importers.base import DiscoveryImport, Refused, _insert, en_decimal, read_table

SHEET = 'CSV'
SOURCE = 'csv'
STATS = ('avg', 'p50', 'p95', 'p99', 'max')
COLUMNS = {
    'timestamp': ('timestamp', 'time', 'datetime', 'date', 'clock', 'ts'),
    'machine': ('machine', 'host', 'hostname', 'server', 'vm', 'instance', 'name', 'server name'),
    'metric': ('metric', 'metric name', 'item', 'key'),
    'value': ('value', 'val'),
}
ALIASES = {
    'cpu_pct': ('cpu', 'cpu_util', 'cpu_utilization', 'cpu_usage', 'cpu%', 'cpu_percent', 'system.cpu.util'),
    'memory_pct': ('mem', 'memory', 'mem_util', 'memory_util', 'memory_utilization', 'mem%', 'memory_percent',
                   'vm.memory.utilization'),
    'disk_read_iops': ('disk_read_ops', 'read_iops'),
    'disk_write_iops': ('disk_write_ops', 'write_iops'),
    'disk_read_mbps': ('disk_read_mb', 'disk_read_throughput'),
    'disk_write_mbps': ('disk_write_mb', 'disk_write_throughput'),
    'net_in_mbitps': ('net_in', 'network_in', 'net_rx'),
    'net_out_mbitps': ('net_out', 'network_out', 'net_tx'),
}
HEADERS = Headers(COLUMNS)
METRICS = {code: code for code in Metric.values} | {a: code for code, aliases in ALIASES.items() for a in aliases}
DMY = re.compile(r'^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$')


def parse_timestamp(value, tz):
    """Seconds since the epoch (float) from an ISO 8601 text, dd/mm/yyyy HH:MM[:SS], Unix seconds or a date cell."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value < 2 ** 34:
            raise cells.CellError('invalid', message=_('Expected a date and time (ISO 8601 or dd/mm/yyyy HH:MM).'))
        return float(value)
    else:
        s = cells.text(value)
        match = DMY.match(s)
        try:
            if match:
                d, mo, y, h, mi, sec = match.groups()
                moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0))
            elif re.fullmatch(r'\d{9,11}(\.\d+)?', s):
                return float(s)
            else:
                moment = datetime.fromisoformat(s)
        except ValueError:
            raise cells.CellError('invalid', message=_('Expected a date and time (ISO 8601 or dd/mm/yyyy HH:MM).'))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, tz)
    return moment.timestamp()


def statistics(groups, times, values, n_groups):
    """Per group: (avg, p50, p95, p99, max, count, order) — vectorised; `order` sorts the samples by group, time."""
    counts = np.bincount(groups, minlength=n_groups)
    avg = np.bincount(groups, weights=values, minlength=n_groups) / counts
    by_value = np.lexsort((values, groups))
    sorted_values = values[by_value]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = {'avg': avg, 'max': sorted_values[starts + counts - 1]}
    for q, name in ((0.5, 'p50'), (0.95, 'p95'), (0.99, 'p99')):
        # Linear interpolation between closest ranks (NumPy's default percentile method).
        pos = starts + q * (counts - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        out[name] = sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)
    return out, counts, starts, np.lexsort((times, groups))


class PerfImport(DiscoveryImport):
    KINDS = ('perf',)

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        self.desired = []
        try:
            self.progress(0, 4, _('reading'))
            rows = read_table(path)
            self.progress(1, 4, _('checking'))
            self._parse(rows)
        except Refused as exc:
            self.error('', 0, '', None, str(exc))
        if not self.errors:
            self.progress(2, 4, _('comparing'))
            self._plan()
        if not self.errors and not dry_run and (self.plan['perf']['create'] or self.plan['perf']['update']):
            self.progress(3, 4, _('writing'))
            self._apply()
            self.applied = True
        self.progress(4, 4, _('done'))
        return self.result(dry_run)

    def totals(self, dry_run):
        return super().totals(False)

    # ------------------------------------------------------------------ parsing
    def _machines(self):
        vms, servers = {}, {}
        for pk, name in m.VirtualMachine.objects.filter(unit=self.unit).values_list('pk', 'name'):
            vms.setdefault(name, []).append(pk)
            vms.setdefault(name.casefold(), []).append(pk)
        for pk, name in m.PhysicalServer.objects.filter(unit=self.unit).values_list('pk', 'hostname'):
            servers.setdefault(name, []).append(pk)
            servers.setdefault(name.casefold(), []).append(pk)
        return vms, servers

    def _parse(self, rows):
        rows = iter(rows)
        header = self._header(SHEET, next(rows, []), HEADERS, tuple(COLUMNS))
        if header is None:
            return
        columns, names = header
        vms, servers = self._machines()
        tz = timezone.get_current_timezone()
        machine_of, keys, times, values = {}, [], [], []
        for n, row in enumerate(rows, start=2):
            if discovery.is_blank_row(row):
                continue
            get, text = self._cells(SHEET, columns, names, n, row)
            name = text('machine', 200)
            metric = METRICS.get(text('metric', 100).casefold().replace(' ', '_'))
            stamp = get('timestamp', parse_timestamp, tz)
            value = get('value', en_decimal, 0, measured=True)  # a sample without a readable value is skipped
            for field in ('machine', 'timestamp'):
                if cells.is_blank(get(field)):
                    self.error(SHEET, n, names[field], None, cell_message('required'))
            if metric is None:
                self.error(SHEET, n, names['metric'], text('metric', 100), cell_message(
                    'not_a_choice', choices=', '.join(Metric.values)))
            if name and name not in machine_of:
                machine_of[name] = self._machine(name, vms, servers, n, names['machine'])
            if not name or machine_of[name] is None or metric is None or stamp is None or value is None:
                continue
            keys.append((machine_of[name], metric))
            times.append(stamp)
            values.append(float(value))
        if not keys and not self.errors:
            self.error(SHEET, 0, '', None, _('The file holds no samples.'))
        if self.errors:
            return
        self.samples_read = len(values)
        unique, groups = np.unique(np.array([f'{k[0][0]}:{k[0][1]}:{k[1]}' for k in keys]), return_inverse=True)
        key_of = {f'{k[0][0]}:{k[0][1]}:{k[1]}': k for k in keys}
        times, values = np.asarray(times, dtype=np.float64), np.asarray(values, dtype=np.float64)
        stats, counts, starts, by_time = statistics(groups, times, values, len(unique))
        window = (datetime.fromtimestamp(times.min(), UTC), datetime.fromtimestamp(times.max(), UTC))
        ordered = values[by_time]
        for g, label in enumerate(unique):
            (kind, pk), metric = key_of[label]
            item = {'metric': metric, 'source': SOURCE, 'window_start': window[0], 'window_end': window[1],
                    'sample_count': int(counts[g]),
                    'samples': m.PerformanceSummary.pack(ordered[starts[g]:starts[g] + counts[g]])}
            item.update({s: float(stats[s][g]) for s in STATS})
            self.desired.append((kind, pk, item))

    def _machine(self, name, vms, servers, n, column):
        for table, kind in ((vms, 'vm'), (servers, 'server')):
            pks = table.get(name) or table.get(name.casefold()) or []
            pks = list(dict.fromkeys(pks))
            if len(pks) == 1:
                return (kind, pks[0])
            if len(pks) > 1:
                self.error(SHEET, n, column, name, _('Several machines of this unit have this name.'))
                return None
        self.error(SHEET, n, column, name, _('No virtual machine or physical server of this unit has this name.'))
        return None

    # ------------------------------------------------------------------ planning and writing
    def _plan(self):
        existing = {}
        fields = ('pk', 'vm_id', 'server_id', 'metric', 'samples', *STATS, 'window_start', 'window_end',
                  'sample_count')
        for row in m.PerformanceSummary.objects.filter(unit=self.unit, source=SOURCE).values(*fields):
            kind, pk = ('vm', row['vm_id']) if row['vm_id'] else ('server', row['server_id'])
            row['samples'] = bytes(row['samples']) if row['samples'] is not None else None
            existing[(kind, pk, row['metric'])] = row
        plan = self.plan['perf']
        for kind, pk, item in self.desired:
            old = existing.get((kind, pk, item['metric']))
            if old is None:
                plan['create'].append((kind, pk, item))
                continue
            diff = {f: (old[f], v) for f, v in item.items() if f in old and old[f] != v}
            if diff:
                plan['update'].append((old['pk'], kind, pk, item, diff))
            else:
                plan['unchanged'] += 1

    def _apply(self):
        model = m.PerformanceSummary
        with audit.context(AuditSource.IMPORT, user=self.user, request_id=f'import-{uuid.uuid4().hex[:12]}'), \
                transaction.atomic():
            created = self.plan['perf']['create']
            rows = [{'unit_id': self.unit.pk, f'{kind}_id': pk, **item} for kind, pk, item in created]
            ids = _insert(model, rows)
            entries = [audit.Entry(AuditAction.CREATE, model, pk, f'{kind} {mpk} · {item["metric"]}', self.unit.path,
                                   None, _audit(item))
                       for (kind, mpk, item), pk in zip(created, ids, strict=True)]
            objs = []
            for pk, kind, mpk, item, diff in self.plan['perf']['update']:
                objs.append(model(pk=pk, **{f: v for f, v in item.items() if f not in ('metric', 'source')}))
                entries.append(audit.Entry(AuditAction.UPDATE, model, pk, f'{kind} {mpk} · {item["metric"]}',
                                           self.unit.path, _audit({f: o for f, (o, _n) in diff.items()}),
                                           _audit({f: v for f, (_o, v) in diff.items()})))
            with audit.suspended():
                model.objects.bulk_update(objs, ['samples', *STATS, 'window_start', 'window_end', 'sample_count'],
                                          batch_size=2000)
            audit.record_many(entries)


def _audit(values):
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items() if k != 'samples'}


def import_perf(path, unit, user, dry_run=False, progress=None):
    """Import performance samples into `unit`; returns the report (created/updated/unchanged of 'perf')."""
    return PerfImport(unit, user, progress=progress).run(path, dry_run=dry_run)
