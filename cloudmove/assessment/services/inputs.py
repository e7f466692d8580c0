"""Read the engine's columns from the inventory, the catalogue and the guide: a fixed number of
queries, each a flat values_list over the run's scope, whatever the number of machines."""

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, Max, Q, Sum

from cloudmove.assessment.engine import inputs as e
from cloudmove.assessment.models import StrategyReview, SystemResult
from cloudmove.catalog.models import Flavour, PriceBook, Provider, ServicePrice, StorageTier
from cloudmove.catalog.services import eligibility, evaluations, prices
from cloudmove.catalog.services import national as national_services
from cloudmove.guidance.models import DeploymentRule
from cloudmove.guidance.services import deployment
from cloudmove.inventory.models import (
    Dependency,
    InformationSystem,
    IpAddress,
    IpPrefix,
    PerformanceSummary,
    PhysicalServer,
    VirtualDisk,
    VirtualMachine,
    VirtualNic,
)

# Engine metric <- inventory metrics (summed: reads + writes, in + out).
METRIC_SOURCES = {'cpu': ('cpu_pct',), 'memory': ('memory_pct',), 'iops': ('disk_read_iops', 'disk_write_iops'),
                  'mbps': ('disk_read_mbps', 'disk_write_mbps'), 'net': ('net_in_mbitps', 'net_out_mbitps')}
STORED_PERCENTILES = {50: 'p50', 95: 'p95', 99: 'p99'}
PASSTHROUGH_WORDS = ('passthrough', 'pass-through', 'sr-iov', 'sriov', 'directpath', 'usb', 'pci device', 'vgpu')
HARD = ('critical', 'high')
MANDATE_CATEGORIES = ('public_service', 'portal')
VM_FIELDS = ('id', 'unit_id', 'name', 'vcpus', 'memory_mib', 'power_state', 'os_name', 'os_version', 'os_family',
             'firmware', 'tools_state', 'is_template', 'snapshot_count', 'disk_count', 'disk_total_mib',
             'disk_used_mib', 'host_id', 'annotation', 'updated_at')
SYSTEM_FIELDS = ('id', 'code', 'name', 'unit_id', 'security_level', 'personal_data', 'data_classification',
                 'criticality', 'users_count', 'rto_hours', 'lifecycle', 'category', 'database', 'framework',
                 'contract_end', 'annual_cost_vnd', 'is_shared', 'hosting', 'updated_at')


@dataclass
class Loaded:
    machines: e.Machines
    disks: e.Disks
    hosts: e.Hosts
    systems: e.Systems
    members: e.Members
    links: e.Links
    network: e.Network
    offers: list
    disk_ids: list
    primary_system: np.ndarray        # per machine: index of its first system, -1 when none
    fingerprints: dict                # ('vm', id) / ('system', id) -> hex digest of what the engine read
    written: np.ndarray = None        # per system: its result is this run's (False: read only as context)


def _digest(*parts):
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _nan(values):
    return np.asarray([np.nan if v is None else float(v) for v in values], dtype=float)


def scope_filters(unit=None, system_ids=None):
    """Q objects selecting the run's systems and machines: a unit's subtree, some systems, or everything."""
    sq, vq = Q(), Q()
    if unit is not None:
        sq &= Q(unit__path__startswith=unit.path)
        vq &= Q(unit__path__startswith=unit.path)
    if system_ids is not None:
        sq &= Q(pk__in=system_ids)
        vq &= Q(systems__in=system_ids)
    return sq, vq


def offers(versions=None):
    """Every provider with a price book, as engine offers (the version asked for, else the one in force)."""
    excluded = evaluations.exclusions()
    out, chosen = [], []
    for provider in Provider.objects.order_by('name'):
        book = prices.pick(provider, (versions or {}).get(provider.code))
        if book is None:
            continue
        chosen.append((provider, book))
    books = [b.pk for _, b in chosen]
    flavours, tiers, licences = {}, {}, {}
    for row in Flavour.objects.filter(price_book__in=books).order_by('vcpus', 'memory_mib', 'code').values_list(
            'price_book_id', 'code', 'vcpus', 'memory_mib', 'monthly_vnd'):
        flavours.setdefault(row[0], []).append(row[1:])
    for row in StorageTier.objects.filter(price_book__in=books).order_by('code').values_list(
            'price_book_id', 'code', 'kind', 'gib_month_vnd', 'max_iops', 'max_throughput_mbps', 'max_disk_gib'):
        tiers.setdefault(row[0], []).append(row[1:])
    for book_id, kind, price in ServicePrice.objects.filter(
            price_book__in=books, kind__in=('windows_server', 'sql_server'), unit='core_month').values_list(
            'price_book_id', 'kind', 'price_vnd'):
        licences.setdefault(book_id, {})[kind] = float(price)
    for provider, book in chosen:
        fl, ti = flavours.get(book.pk, []), tiers.get(book.pk, [])
        out.append(e.Offer(
            code=provider.code, name=provider.name, kind=provider.kind, book=book.version,
            flavour_code=[f[0] for f in fl], flavour_vcpus=_nan([f[1] for f in fl]),
            flavour_memory_mib=_nan([f[2] for f in fl]), flavour_price=_nan([f[3] for f in fl]),
            tier_code=[t[0] for t in ti], tier_kind=[t[1] for t in ti], tier_price=_nan([t[2] for t in ti]),
            tier_max_iops=_inf([t[3] for t in ti]), tier_max_mbps=_inf([t[4] for t in ti]),
            tier_max_gib=_inf([t[5] for t in ti]), licence=licences.get(book.pk, {}),
            excluded=[f'{", ".join(excluded[provider.pk])}'] if provider.pk in excluded else []))
        out[-1].provider_id, out[-1].book_id = provider.pk, book.pk
    return out


def _inf(values):
    return np.asarray([np.inf if v is None else float(v) for v in values], dtype=float)


def _tail_percentile(samples, pct, span_days, window_days):
    """The percentile of the raw samples of the last `window_days` (samples are evenly spaced)."""
    values = np.frombuffer(zlib.decompress(samples), dtype=np.float32)
    if span_days and span_days > window_days:
        values = values[-max(1, int(round(len(values) * window_days / span_days))):]
    return float(np.percentile(values, pct)) if len(values) else None


def _performance(vm_index, params, vm_filter):
    """Per machine and engine metric: the chosen percentile, the mean and the window coverage. Stored
    percentiles serve when they match the parameters; raw samples are read only for the summaries that
    need them (another percentile, or a window shorter than the summary's)."""
    n = len(vm_index)
    util = {m: np.full(n, np.nan) for m in e.METRICS}
    mean = {m: np.full(n, np.nan) for m in e.METRICS}
    coverage = {m: np.zeros(n) for m in e.METRICS}
    source = {src: metric for metric, srcs in METRIC_SOURCES.items() for src in srcs}
    pct = float(params.percentile)
    stored = STORED_PERCENTILES.get(int(pct)) if pct.is_integer() else None
    window = params.window_days * 86400.0
    values, redo = {}, []
    qs = PerformanceSummary.objects.filter(vm__in=vm_filter, metric__in=list(source)).values_list(
        'id', 'vm_id', 'metric', stored or 'p95', 'avg', 'window_start', 'window_end', 'sample_count')
    for pk, vm_id, metric, value, avg, start, end, count in qs.iterator(chunk_size=5000):
        i = vm_index.get(vm_id)
        if i is None:
            continue
        span = (end - start).total_seconds() if start and end else None
        if count and (stored is None or (span and span > window * 1.05)):
            redo.append(pk)
        values[pk] = (i, source[metric], value, avg, span)
    for start in range(0, len(redo), 2000):
        for pk, samples in PerformanceSummary.objects.filter(pk__in=redo[start:start + 2000]).values_list(
                'id', 'samples'):
            i, metric, value, avg, span = values[pk]
            if samples:
                value = _tail_percentile(samples, pct, span / 86400 if span else None, params.window_days)
            values[pk] = (i, metric, value, avg, span)
    for i, metric, value, avg, span in values.values():
        if value is None:
            continue
        u = util[metric]
        u[i] = value if np.isnan(u[i]) else u[i] + value
        if avg is not None:
            mu = mean[metric]
            mu[i] = avg if np.isnan(mu[i]) else mu[i] + avg
        cover = min(1.0, span / window) if span else 1.0
        coverage[metric][i] = max(coverage[metric][i], cover)
    return util, mean, coverage


def load(params, unit=None, system_ids=None, versions=None, base_run=None):
    """Every column the engine needs for the scope (a unit's subtree, some systems, or the province).

    For some systems (a partial re-run) the result must equal a whole run's: the other systems that share
    a machine with them are read too, as context (a shared machine is split between all of its systems and
    refused where any of them may not go), and their dependencies on systems not read take whether those
    stay behind from `base_run`, the run whose results are kept for them."""
    sq, vq = scope_filters(unit, system_ids)
    scope_q, _ = scope_filters(unit)
    through = VirtualMachine.systems.through
    if system_ids is not None:
        shared_vms = through.objects.filter(informationsystem_id__in=system_ids).values('virtualmachine_id')
        neighbours = through.objects.filter(virtualmachine_id__in=shared_vms).values('informationsystem_id')
        sq = scope_q & (Q(pk__in=system_ids) | Q(pk__in=neighbours))
    systems_qs = InformationSystem.objects.filter(sq)
    system_rows = list(systems_qs.order_by('code').values_list(*SYSTEM_FIELDS))
    s_index = {row[0]: k for k, row in enumerate(system_rows)}
    vm_qs = VirtualMachine.objects.filter(vq)
    if system_ids is not None:
        vm_qs = vm_qs.distinct()
    vm_rows = list(vm_qs.order_by('id').values_list(*VM_FIELDS))
    vm_index = {row[0]: k for k, row in enumerate(vm_rows)}
    vm_filter = vm_qs.values('pk')
    n = len(vm_rows)
    wanted = None if system_ids is None else set(system_ids)
    written = None if wanted is None else np.asarray([row[0] in wanted for row in system_rows], dtype=bool)

    pairs = [(vm_index[v], s_index[s]) for v, s in through.objects.filter(
        virtualmachine__in=vm_filter).values_list('virtualmachine_id', 'informationsystem_id')
        if v in vm_index and s in s_index]
    pairs.sort()
    members = e.Members(np.asarray([p[0] for p in pairs], dtype=np.int64),
                        np.asarray([p[1] for p in pairs], dtype=np.int64))
    primary = np.full(n, -1, dtype=np.int64)
    for v, s in reversed(pairs):
        primary[v] = s
    sql_systems = {k for k, row in enumerate(system_rows)
                   if any(w in (row[12] or '').lower() for w in ('sql server', 'mssql'))}
    sql = np.zeros(n, dtype=bool)
    for v, s in pairs:
        if s in sql_systems:
            sql[v] = True

    # Disks; a machine without disk rows gets one disk of its summary's storage (or unknown).
    disk_rows = list(VirtualDisk.objects.filter(vm__in=vm_filter).order_by('vm_id', 'id').values_list(
        'vm_id', 'id', 'label', 'capacity_mib', 'used_mib', 'is_rdm', 'is_independent', 'is_shared'))
    d_vm, d_label, d_cap, d_used, d_ids = [], [], [], [], []
    count = np.zeros(n, dtype=np.int64)
    rdm, independent, shared = (np.zeros(n, dtype=bool) for _ in range(3))
    unknown = np.zeros(n, dtype=bool)
    per_vm_disks = {}
    for vm_id, disk_id, label, cap, used, is_rdm, is_ind, is_sh in disk_rows:
        i = vm_index[vm_id]
        d_vm.append(i)
        d_label.append(label)
        d_cap.append(np.nan if cap is None else cap / 1024)
        d_used.append(np.nan if used is None else used / 1024)
        d_ids.append(disk_id)
        count[i] += 1
        rdm[i] |= is_rdm
        independent[i] |= is_ind
        shared[i] |= is_sh
        unknown[i] |= cap is None
        per_vm_disks.setdefault(vm_id, []).append((cap, used, is_rdm, is_ind, is_sh))
    storage = np.full(n, np.nan)
    used_total = np.full(n, np.nan)
    for k, row in enumerate(vm_rows):
        if count[k]:
            caps = [d[0] for d in per_vm_disks[row[0]]]
            storage[k] = sum(c for c in caps if c is not None) if not unknown[k] else np.nan
            useds = [d[1] for d in per_vm_disks[row[0]] if d[1] is not None]
            used_total[k] = sum(useds) if useds else (row[15] if row[15] is not None else np.nan)
            continue
        count[k] = row[13] or 0
        if row[14] is not None:
            d_vm.append(k)
            d_label.append('')
            d_cap.append(row[14] / 1024)
            d_used.append(np.nan if row[15] is None else row[15] / 1024)
            d_ids.append(None)
            storage[k] = row[14]
            used_total[k] = np.nan if row[15] is None else row[15]
            count[k] = max(count[k], 1)
        else:
            unknown[k] = True
    disks = e.Disks(np.asarray(d_vm, dtype=np.int64), d_label, np.asarray(d_cap, dtype=float),
                    np.asarray(d_used, dtype=float))

    nics = np.zeros(n, dtype=np.int64)
    device = [''] * n
    nic_rows = VirtualNic.objects.filter(vm__in=vm_filter).values_list('vm_id', 'adapter', 'label')
    for vm_id, adapter, label in nic_rows:
        i = vm_index[vm_id]
        nics[i] += 1
        text = f'{adapter} {label}'.lower()
        if not device[i] and any(w in text for w in PASSTHROUGH_WORDS):
            device[i] = adapter or label
    for k, row in enumerate(vm_rows):
        note = (row[17] or '').lower()
        if not device[k] and any(w in note for w in ('usb dongle', 'usb key', 'passthrough', 'sr-iov')):
            device[k] = next(w for w in ('usb dongle', 'usb key', 'passthrough', 'sr-iov') if w in note)

    host_ids = sorted({row[16] for row in vm_rows if row[16]})
    host_rows = list(PhysicalServer.objects.filter(pk__in=host_ids).values_list(
        'id', 'cpu_cores', 'power_watts', 'purchase_year')) if host_ids else []
    h_index = {row[0]: k for k, row in enumerate(host_rows)}
    hosts = e.Hosts(np.asarray([r[0] for r in host_rows], dtype=np.int64), _nan([r[1] for r in host_rows]),
                    _nan([r[2] for r in host_rows]), _nan([r[3] for r in host_rows]))

    util, mean, coverage = _performance(vm_index, params, vm_filter)
    machines = e.Machines(
        ids=np.asarray([r[0] for r in vm_rows], dtype=np.int64),
        unit=np.asarray([r[1] for r in vm_rows], dtype=np.int64),
        name=[r[2] for r in vm_rows], vcpus=_nan([r[3] for r in vm_rows]), memory_mib=_nan([r[4] for r in vm_rows]),
        power=[r[5] or '' for r in vm_rows], os_name=[r[6] or '' for r in vm_rows],
        os_version=[r[7] or '' for r in vm_rows], os_family=[r[8] or '' for r in vm_rows],
        firmware=[r[9] or '' for r in vm_rows], tools=[r[10] or '' for r in vm_rows],
        template=np.asarray([r[11] for r in vm_rows], dtype=bool),
        snapshots=np.asarray([r[12] or 0 for r in vm_rows], dtype=np.int64), disks=count, nics=nics, rdm=rdm,
        shared_disk=shared, independent_disk=independent, passthrough=device, storage_mib=storage,
        used_mib=used_total, storage_unknown=unknown,
        host=np.asarray([h_index.get(r[16], -1) for r in vm_rows], dtype=np.int64), sql=sql,
        util=util, mean=mean, coverage=coverage)

    offer_list = offers(versions)
    systems = _systems(system_rows, systems_qs, offer_list)
    systems.shared_names = list(InformationSystem.objects.filter(scope_q, is_shared=True).values_list(
        'name', flat=True))
    links = _links(s_index, systems_qs) if wanted is None else _partial_links(s_index, wanted, scope_q, base_run)
    network = _network(vm_index)
    fingerprints = {}
    disk_print = {vm_id: tuple(rows) for vm_id, rows in per_vm_disks.items()}
    for k, row in enumerate(vm_rows):
        fingerprints[('vm', row[0])] = _digest(row[:-1], disk_print.get(row[0]), nics[k], device[k],
                                                *(util[x][k] for x in e.METRICS))
    for row in system_rows:
        fingerprints[('system', row[0])] = _digest(row[:-1])
    return Loaded(machines, disks, hosts, systems, members, links, network, offer_list, d_ids, primary,
                  fingerprints, written)


def _systems(rows, systems_qs, offer_list):
    ns, k = len(rows), len(offer_list)
    providers = {p.pk: p for p in Provider.objects.filter(pk__in=[o.provider_id for o in offer_list])}
    allowed = np.ones((ns, k), dtype=bool)
    refusals = {}
    for si, row in enumerate(rows):
        facts = _SystemFacts(row)
        for p, offer in enumerate(offer_list):
            reasons = eligibility.system_reasons(providers[offer.provider_id], facts)
            if reasons:
                allowed[si, p] = False
                refusals[(si, p)] = reasons
    guide = deployment.allowed_many(systems_qs)
    reviews = {}
    index = {row[0]: si for si, row in enumerate(rows)}
    for sid, strategy, effort, crit, prio in StrategyReview.objects.filter(system__in=systems_qs.values('pk')) \
            .values_list('system_id', 'strategy', 'effort_days', 'criticality', 'priority'):
        if sid in index:
            reviews[index[sid]] = {'strategy': strategy, 'effort_days': effort, 'criticality': crit,
                                   'priority': prio}
    servers = dict(systems_qs.order_by().annotate(n=Count('servers')).values_list('pk', 'n'))
    national = set(Dependency.objects.filter(source_system__in=systems_qs.values('pk')).exclude(
        target_external='').values_list('source_system_id', flat=True))
    return e.Systems(
        ids=np.asarray([r[0] for r in rows], dtype=np.int64), code=[r[1] for r in rows], name=[r[2] for r in rows],
        unit=np.asarray([r[3] for r in rows], dtype=np.int64), security_level=_nan([r[4] for r in rows]),
        personal_data=np.asarray([r[5] for r in rows], dtype=bool),
        state_secret=np.asarray([r[6] == 'state_secret' for r in rows], dtype=bool),
        criticality=[r[7] or '' for r in rows], users=_nan([r[8] for r in rows]), rto_hours=_nan([r[9] for r in rows]),
        lifecycle=[r[10] or '' for r in rows], category=[r[11] or '' for r in rows],
        database=[r[12] or '' for r in rows], framework=[r[13] or '' for r in rows],
        contract_end=[r[14] for r in rows], annual_cost_vnd=_nan([r[15] for r in rows]),
        allowed=allowed, refusals=refusals,
        guide_models=[list(guide[r[0]][0]) if r[0] in guide else None for r in rows],
        guide_conflict=np.asarray([guide.get(r[0], ((), False))[1] for r in rows], dtype=bool),
        mandate=np.asarray([r[11] in MANDATE_CATEGORIES or r[0] in national for r in rows], dtype=bool),
        shared=np.asarray([r[16] for r in rows], dtype=bool), hosting=[r[17] or '' for r in rows], reviews=reviews,
        servers=np.asarray([servers.get(r[0], 0) for r in rows], dtype=np.int64),
        national_platforms=national_services.keywords() or None)


class _SystemFacts:
    """What eligibility.system_reasons reads of a system, from a values row."""

    def __init__(self, row):
        self.security_level, self.personal_data, self.data_classification = row[4], row[5], row[6] or ''


def _links(s_index, systems_qs):
    rows = Dependency.objects.filter(source_system__in=systems_qs.values('pk'),
                                     target_system__isnull=False).values_list(
        'source_system_id', 'target_system_id', 'criticality', 'latency_sensitive')
    src, dst, hard = [], [], []
    for a, b, crit, latency in rows:
        if a in s_index and b in s_index:
            src.append(s_index[a])
            dst.append(s_index[b])
            hard.append(crit in HARD or latency)
    return e.Links(np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64), np.asarray(hard, dtype=bool))


def _partial_links(s_index, wanted, scope_q, base_run):
    """The links of the systems re-assessed, both ways, within the scope; an end that is not re-assessed
    is -1, and a target not re-assessed brings its code and whether it stays behind (from `base_run`)."""
    scope = InformationSystem.objects.filter(scope_q).values('pk')
    rows = list(Dependency.objects.filter(Q(source_system__in=wanted) | Q(target_system__in=wanted),
                                          source_system__in=scope, target_system__in=scope).values_list(
        'source_system_id', 'target_system_id', 'criticality', 'latency_sensitive'))
    outside = {b for a, b, _, _ in rows if b not in wanted}
    codes = dict(InformationSystem.objects.filter(pk__in=outside).values_list('pk', 'code')) if outside else {}
    behind = stays_of(base_run, outside)
    src, dst, hard, code, stays = [], [], [], [], []
    for a, b, crit, latency in rows:
        src.append(s_index[a] if a in wanted else -1)
        dst.append(s_index[b] if b in wanted else -1)
        hard.append(crit in HARD or latency)
        code.append(codes.get(b, ''))
        stays.append(behind.get(b, False))
    return e.Links(np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64), np.asarray(hard, dtype=bool),
                   target_code=code, target_stays=np.asarray(stays, dtype=bool))


def stays_of(run, system_ids):
    """Per system: whether `run` found it staying behind (retained, retired, or a machine not ready)."""
    if run is None or not system_ids:
        return {}
    out = {}
    for pk, strategy, readiness, details in SystemResult.objects.filter(run=run, system_id__in=system_ids) \
            .values_list('system_id', 'strategy', 'readiness', 'details'):
        stays = (details or {}).get('stays')
        out[pk] = stays if stays is not None else strategy in ('retain', 'retire') or readiness == 'not_ready'
    return out


def _network(vm_index):
    """Addresses of every machine in the province (a clash with another unit counts) and every prefix."""
    prefixes = list(IpPrefix.objects.values_list('id', 'unit_id', 'first_hex', 'last_hex', 'cidr'))
    p_index = {row[0]: k for k, row in enumerate(prefixes)}
    ips = list(IpAddress.objects.filter(vm_nic__isnull=False).values_list(
        'address_hex', 'unit_id', 'prefix_id', 'vm_nic__vm_id', 'address'))
    return e.Network(
        ip_vm=np.asarray([vm_index.get(r[3], -1) for r in ips], dtype=np.int64), ip_text=[r[4] for r in ips],
        ip_unit=np.asarray([r[1] for r in ips], dtype=np.int64),
        ip_prefix=np.asarray([p_index.get(r[2], -1) for r in ips], dtype=np.int64),
        prefix_unit=np.asarray([r[1] for r in prefixes], dtype=np.int64), prefix_first=[r[2] for r in prefixes],
        prefix_last=[r[3] for r in prefixes], prefix_cidr=[r[4] for r in prefixes])


def fingerprint_of_inputs():
    """Counts and latest changes of every table the assessment reads: a run whose fingerprint differs from
    the current one is stale. Cheap: one aggregate per table."""
    out = {}
    for name, model in (('systems', InformationSystem), ('vms', VirtualMachine), ('disks', VirtualDisk),
                        ('nics', VirtualNic), ('performance', PerformanceSummary), ('dependencies', Dependency),
                        ('addresses', IpAddress), ('prefixes', IpPrefix), ('servers', PhysicalServer),
                        ('price_books', PriceBook), ('flavours', Flavour), ('tiers', StorageTier),
                        ('services', ServicePrice), ('providers', Provider), ('reviews', StrategyReview)):
        agg = model.objects.aggregate(n=Count('pk'), last=Max('updated_at') if _has(model, 'updated_at') else
                                      Max('pk'))
        out[name] = [agg['n'], str(agg['last'] or '')]
    through = VirtualMachine.systems.through
    agg = through.objects.aggregate(n=Count('pk'), check=Sum(F('virtualmachine_id') * 7919 + F('informationsystem_id')))
    out['memberships'] = [agg['n'], agg['check'] or 0]   # a link moved keeps the count, not the checksum
    out['criteria'] = sorted([str(k), sorted(v)] for k, v in evaluations.exclusions().items())  # as JSON keeps it
    agg = DeploymentRule.objects.aggregate(n=Count('pk'), last=Max('updated_at'))
    out['deployment_rules'] = [agg['n'], str(agg['last'] or '')]
    return out


def _has(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)
