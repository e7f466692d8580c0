"""Engine inputs from plain rows (dicts with defaults): for tests, benchmarks and small callers. The service
builds the same columns straight from database rows."""

from datetime import date

import numpy as np

from cloudmove.assessment.engine import inputs as i


def _num(rows, key, default=np.nan):
    return np.asarray([np.nan if r.get(key, default) is None else r.get(key, default) for r in rows], dtype=float)


def _bool(rows, key):
    return np.asarray([bool(r.get(key, False)) for r in rows], dtype=bool)


def _text(rows, key, default=''):
    return [r.get(key, default) or '' for r in rows]


def machines(rows):
    """rows: dicts of Machines fields; `util`, `mean`, `coverage` as {metric: value}."""
    n = len(rows)
    m = i.Machines(
        ids=np.asarray([r.get('id', k + 1) for k, r in enumerate(rows)], dtype=np.int64),
        unit=np.asarray([r.get('unit', 1) for r in rows], dtype=np.int64), name=_text(rows, 'name'),
        vcpus=_num(rows, 'vcpus', 2), memory_mib=_num(rows, 'memory_mib', 4096),
        power=[r.get('power', 'on') or '' for r in rows], os_name=_text(rows, 'os_name', 'Ubuntu 22.04 LTS'),
        os_version=_text(rows, 'os_version'), os_family=_text(rows, 'os_family', 'linux'),
        firmware=_text(rows, 'firmware', 'bios'), tools=_text(rows, 'tools', 'ok'), template=_bool(rows, 'template'),
        snapshots=np.asarray([r.get('snapshots', 0) for r in rows], dtype=np.int64),
        disks=np.asarray([r.get('disks', 1) for r in rows], dtype=np.int64),
        nics=np.asarray([r.get('nics', 1) for r in rows], dtype=np.int64),
        rdm=_bool(rows, 'rdm'), shared_disk=_bool(rows, 'shared_disk'),
        independent_disk=_bool(rows, 'independent_disk'),
        passthrough=_text(rows, 'passthrough'), storage_mib=_num(rows, 'storage_mib', 51200),
        used_mib=_num(rows, 'used_mib'), storage_unknown=_bool(rows, 'storage_unknown'),
        host=np.asarray([r.get('host', -1) for r in rows], dtype=np.int64), sql=_bool(rows, 'sql'))
    for metric in i.METRICS:
        m.util[metric] = np.asarray([r.get('util', {}).get(metric, np.nan) for r in rows], dtype=float)
        m.mean[metric] = np.asarray([r.get('mean', {}).get(metric, np.nan) for r in rows], dtype=float)
        m.coverage[metric] = np.asarray([r.get('coverage', {}).get(
            metric, 0.0 if np.isnan(m.util[metric][k]) else 1.0) for k, r in enumerate(rows)], dtype=float)
    assert len(m) == n
    return m


def disks(rows):
    """rows: (machine index, capacity GiB or None[, used GiB])."""
    return i.Disks(vm=np.asarray([r[0] for r in rows], dtype=np.int64), label=[f'disk {k}' for k in range(len(rows))],
                   capacity_gib=np.asarray([np.nan if r[1] is None else r[1] for r in rows], dtype=float),
                   used_gib=np.asarray([np.nan if len(r) < 3 or r[2] is None else r[2] for r in rows], dtype=float))


def systems(rows, offers=()):
    n = len(rows)
    return i.Systems(
        ids=np.asarray([r.get('id', k + 1) for k, r in enumerate(rows)], dtype=np.int64),
        code=[r.get('code', f'S{k + 1}') for k, r in enumerate(rows)], name=_text(rows, 'name', 'System'),
        unit=np.asarray([r.get('unit', 1) for r in rows], dtype=np.int64),
        security_level=_num(rows, 'security_level', 2),
        personal_data=_bool(rows, 'personal_data'), state_secret=_bool(rows, 'state_secret'),
        criticality=_text(rows, 'criticality', 'medium'), users=_num(rows, 'users', 100),
        rto_hours=_num(rows, 'rto_hours'), lifecycle=_text(rows, 'lifecycle', 'production'),
        category=_text(rows, 'category', 'sector_app'), database=_text(rows, 'database'),
        framework=_text(rows, 'framework'), contract_end=[r.get('contract_end') for r in rows],
        annual_cost_vnd=_num(rows, 'annual_cost_vnd'),
        allowed=np.asarray([[p not in r.get('refused', {}) for p in range(len(offers))] for r in rows],
                           dtype=bool).reshape(n, len(offers)),
        refusals={(k, p): reasons for k, r in enumerate(rows) for p, reasons in r.get('refused', {}).items()},
        guide_models=[r.get('guide_models') for r in rows], guide_conflict=_bool(rows, 'guide_conflict'),
        mandate=_bool(rows, 'mandate'), shared=_bool(rows, 'shared'), hosting=_text(rows, 'hosting'),
        reviews={k: r['review'] for k, r in enumerate(rows) if r.get('review')})


def members(pairs):
    return i.Members(vm=np.asarray([a for a, _ in pairs], dtype=np.int64),
                     system=np.asarray([b for _, b in pairs], dtype=np.int64))


def links(rows=()):
    """rows: (source system index, target system index, hard)."""
    if not rows:
        return i.Links.empty()
    return i.Links(np.asarray([r[0] for r in rows], dtype=np.int64), np.asarray([r[1] for r in rows], dtype=np.int64),
                   np.asarray([bool(r[2]) for r in rows], dtype=bool))


def hosts(rows=()):
    return i.Hosts(ids=np.asarray([r.get('id', k + 1) for k, r in enumerate(rows)], dtype=np.int64),
                   cores=_num(rows, 'cores'), watts=_num(rows, 'watts'), purchase_year=_num(rows, 'purchase_year'))


def _inf(values):
    return np.asarray([np.inf if v is None else v for v in values], dtype=float)


def offer(code, flavours, tiers, kind='domestic', licence=None, excluded=(), book='v1'):
    """flavours: (code, vcpus, memory MiB, VND/month); tiers: (code, kind, VND/GiB-month, max IOPS, max MB/s,
    max GiB), None for no limit."""
    return i.Offer(
        code=code, name=code, kind=kind, book=book, flavour_code=[f[0] for f in flavours],
        flavour_vcpus=np.asarray([f[1] for f in flavours], dtype=float),
        flavour_memory_mib=np.asarray([f[2] for f in flavours], dtype=float),
        flavour_price=np.asarray([f[3] for f in flavours], dtype=float), tier_code=[t[0] for t in tiers],
        tier_kind=[t[1] for t in tiers], tier_price=np.asarray([t[2] for t in tiers], dtype=float),
        tier_max_iops=_inf([t[3] for t in tiers]), tier_max_mbps=_inf([t[4] for t in tiers]),
        tier_max_gib=_inf([t[5] for t in tiers]), licence=dict(licence or {}), excluded=list(excluded))


def run(machine_rows, disk_rows, system_rows, member_pairs, offers, params=None, link_rows=(), host_rows=(),
        network=None):
    from cloudmove.assessment.engine.assess import assess

    return assess(machines(machine_rows), disks(disk_rows), hosts(host_rows), systems(system_rows, offers),
                  members(member_pairs), links(link_rows), network or i.Network.empty(), list(offers),
                  params or i.Params(on=date(2026, 12, 1)))
