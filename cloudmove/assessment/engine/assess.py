"""The whole assessment over NumPy columns: facts, sizing per offer, readiness, cost, strategy, impact,
priority and confidence, for every machine and system at once. No database here: the service reads the
columns and writes the Result."""

from dataclasses import dataclass, field

import numpy as np

from cloudmove.assessment.engine import decisions, eol, sizing
from cloudmove.assessment.engine import rules as r
from cloudmove.assessment.engine.inputs import METRICS, SIZING_PERFORMANCE

RANK = {r.READY: 0, r.CONDITIONAL: 1, r.UNKNOWN: 2, r.NOT_READY: 3}
STATE_OF_RANK = np.array([r.READY, r.CONDITIONAL, r.UNKNOWN, r.NOT_READY], dtype=object)
# The deployment models each kind of provider offers.
PROVIDER_MODELS = {'government': ('private', 'community'), 'domestic': ('public', 'hybrid'),
                   'international': ('public', 'hybrid')}
HARD_BLOCKS = ('DEVICE-PASSTHROUGH', 'COMPUTE-NO-FIT', 'STORAGE-NO-FIT')
CONFIDENCE_POINTS = {SIZING_PERFORMANCE: METRICS, 'as-is': ('vcpus', 'memory', 'storage', 'os')}


class Facts:
    """Derived columns the rules read; `column(name)` finds one here or on the machines / systems."""

    def __init__(self, **values):
        self.__dict__.update(values)

    def column(self, name):
        value = getattr(self, name, None)
        if value is None:
            value = getattr(self.m, name, None) if hasattr(self, 'm') else None
        if value is None and hasattr(self, 's'):
            value = getattr(self.s, name)
        if np.isscalar(value):
            return np.full(self.size, value, dtype=object)
        return value


@dataclass
class Result:
    offers: list
    machines: dict = field(default_factory=dict)   # name -> per-machine array or list
    systems: dict = field(default_factory=dict)    # name -> per-system array or list
    fits: list = field(default_factory=list)       # per offer: sizing.Fit
    need: object = None


def _text_array(values):
    return np.asarray(['' if v is None else v for v in values], dtype=object)


def _os_facts(m, on):
    n = len(m)
    status = np.full(n, 'unknown', dtype=object)
    days = np.full(n, np.nan)
    bits = np.zeros(n, dtype=np.int16)
    known = np.zeros(n, dtype=bool)
    unsupported = np.zeros(n, dtype=bool)
    desktop = np.zeros(n, dtype=bool)
    label = np.full(n, '', dtype=object)
    ended = np.full(n, '', dtype=object)
    free_end = np.full(n, '', dtype=object)
    family = np.full(n, '', dtype=object)
    cache = {}
    for i in range(n):
        key = (m.os_name[i], m.os_version[i], m.os_family[i])
        found = cache.get(key)
        if found is None:
            info = eol.identify(*key)
            rel = info.release
            text = ' '.join(t for t in (m.os_name[i], m.os_version[i]) if t) or ''
            found = cache[key] = (
                eol.status(info, on), (eol.free_support_end(rel) - on).days if rel else np.nan, info.bits or 0,
                info.known, info.unsupported, bool(rel and rel.desktop), text,
                eol.last_day(rel).isoformat() if rel else '', eol.free_support_end(rel).isoformat() if rel else '',
                info.family)
        (status[i], days[i], bits[i], known[i], unsupported[i], desktop[i], label[i], ended[i], free_end[i],
         family[i]) = found
    return dict(os_status=status, days_left=days, os_bits=bits, os_known=known, os_unsupported=unsupported,
                os_desktop=desktop, os=label, ended=ended, free_end=free_end, family=family)


def _missing(m):
    parts = [(np.isnan(m.vcpus), 'vCPU'), (np.isnan(m.memory_mib), 'memory'), (m.storage_unknown, 'disk size'),
             (np.asarray([p == '' for p in m.power], dtype=bool), 'power state')]
    out = np.full(len(m), '', dtype=object)
    for mask, name in parts:
        out = np.where(mask, np.where(out == '', name, out + ', ' + name), out)
    return out


def _duplicates(net, n):
    """Per machine: an address it shares with another machine; a prefix overlapping another unit's."""
    dup = np.full(n, '', dtype=object)
    overlap = np.full(n, '', dtype=object)
    if len(net.ip_vm):
        texts = np.asarray(net.ip_text, dtype=object)
        _, inverse, counts = np.unique(texts, return_inverse=True, return_counts=True)
        # The same address twice on one machine (two NICs reporting it) is not a conflict.
        pairs = np.unique(np.stack([inverse, net.ip_vm]), axis=1)
        holders = np.bincount(pairs[0], minlength=len(counts))
        shared = (holders[inverse] > 1) & (net.ip_vm >= 0)
        for i in np.flatnonzero(shared).tolist():
            if dup[net.ip_vm[i]] == '':
                dup[net.ip_vm[i]] = texts[i]
    if len(net.prefix_unit):
        bad = _overlapping_prefixes(net)
        for i in np.flatnonzero((net.ip_vm >= 0) & (net.ip_prefix >= 0)).tolist():
            p = net.ip_prefix[i]
            if p in bad and overlap[net.ip_vm[i]] == '':
                overlap[net.ip_vm[i]] = net.prefix_cidr[p]
    return dup, overlap


def _overlapping_prefixes(net):
    """Prefixes whose range meets a prefix of another unit: a sweep in address order."""
    order = sorted(range(len(net.prefix_unit)), key=lambda i: net.prefix_first[i])
    bad, active = set(), []   # active: (last, unit, index) still open at the sweep point
    for i in order:
        first = net.prefix_first[i]
        active = [a for a in active if a[0] >= first]
        for _last, unit, j in active:
            if unit != net.prefix_unit[i]:
                bad.update((i, j))
        active.append((net.prefix_last[i], net.prefix_unit[i], i))
    return bad


class Joined:
    """Per row, the comma-joined codes (or texts) of the offers whose column is True; built only for the
    rows a rule hits (`pick`), since most rows need none. `!= ''` gives the rows that have any."""

    def __init__(self, matrix, texts):
        self.matrix, self.texts = matrix, texts

    def __ne__(self, other):
        return self.matrix.any(axis=1) if other == '' else NotImplemented

    def __eq__(self, other):
        return ~self.matrix.any(axis=1) if other == '' else NotImplemented

    __hash__ = None

    def pick(self, rows):
        return [', '.join(t for t, on in zip(self.texts, self.matrix[i], strict=True) if on) for i in rows]


def _join(codes_matrix, offers, texts=None):
    return Joined(codes_matrix, [o.code for o in offers] if texts is None else texts)


def _gib(value):
    return 'unlimited' if not np.isfinite(value) else f'{int(value)} GiB'


def system_allowed(s, offers):
    """[system, offer]: the service's eligibility, narrowed by the deployment-model guide; and why not."""
    n, k = len(s), len(offers)
    allowed = np.ones((n, k), dtype=bool) if s.allowed is None else s.allowed.copy()
    guide_out = np.zeros((n, k), dtype=bool)
    if s.guide_models is not None:
        for p, offer in enumerate(offers):
            models = set(PROVIDER_MODELS.get(offer.kind, ()))
            guide_out[:, p] = [bool(g) and not (models & set(g)) for g in s.guide_models]
    for p, offer in enumerate(offers):
        if offer.excluded:
            allowed[:, p] = False
    return allowed & ~guide_out, guide_out


def assess(m, disks, hosts, s, members, links, net, offers, params):
    n, _ns, k = len(m), len(s), len(offers)
    on = params.on
    res = Result(offers)
    perf = params.sizing == SIZING_PERFORMANCE

    # Which offers may take each system, and so each machine (all of its systems must allow it).
    s_allowed, guide_out = system_allowed(s, offers)
    m_allowed = np.ones((n, k), dtype=bool)
    for p, offer in enumerate(offers):
        if offer.excluded:
            m_allowed[:, p] = False
    if len(members):
        refused = np.zeros((n, k), dtype=bool)
        np.logical_or.at(refused, members.vm, ~s_allowed[members.system])
        m_allowed &= ~refused

    if len(disks):   # a disk of unknown size leaves the machine's storage unknown, whatever the summary said
        m.storage_unknown = m.storage_unknown | (np.bincount(
            disks.vm, weights=np.isnan(disks.capacity_gib).astype(float), minlength=n) > 0)
    need = sizing.need(m, params)
    res.need = need
    windows = np.asarray([f == 'windows' or 'windows' in (name or '').lower()
                          for f, name in zip(m.os_family, m.os_name, strict=True)], dtype=bool)
    fits = [sizing.fit(offer, m, disks, need, params, windows) for offer in offers]
    res.fits = fits

    compute_fit = np.stack([f.compute_fits for f in fits], axis=1) if k else np.zeros((n, 0), bool)
    storage_fit = np.stack([f.storage_fits for f in fits], axis=1) if k else np.zeros((n, 0), bool)
    monthly = np.stack([f.monthly_vnd for f in fits], axis=1) if k else np.zeros((n, 0))
    compute_known = ~np.isnan(need.vcpus) & ~np.isnan(need.memory_mib)
    max_disk = np.full(n, np.nan)
    if len(disks):
        sizes = np.nan_to_num(disks.capacity_gib, nan=-1.0)
        np.fmax.at(max_disk, disks.vm, sizes)
        max_disk = np.where(max_disk < 0, np.nan, max_disk)

    os_f = _os_facts(m, on)
    dup_ip, overlap = _duplicates(net, n)
    util = m.util
    with np.errstate(invalid='ignore'):
        idle = (np.asarray([p == 'on' for p in m.power], dtype=bool) & (util['cpu'] <= params.idle_cpu_pct)
                & (util['memory'] <= params.idle_memory_pct) & (util['net'] <= params.idle_net_mbitps))
    licensed = np.where(windows & m.sql, 'Windows Server, SQL Server',
                        np.where(windows, 'Windows Server', np.where(m.sql, 'SQL Server', ''))).astype(object)
    eligible_count = m_allowed.sum(axis=1)
    # The largest flavour and disk of each offer the machine may use, for the "nothing fits" evidence.
    largest_f = _join(m_allowed, offers, [
        f'{o.code} {int(o.flavour_vcpus.max())} vCPU/{int(o.flavour_memory_mib.max())} MiB'
        if len(o.flavour_vcpus) else f'{o.code} -' for o in offers])
    largest_d = _join(m_allowed, offers, [f'{o.code} {_gib(sizing.largest_disk(o))}' for o in offers])
    facts = Facts(
        m=m, p=params, need=need, performance=perf, size=n, **os_f,
        tools=_text_array(m.tools), firmware=_text_array(m.firmware), power=_text_array(m.power),
        device=_text_array(m.passthrough), missing=_missing(m), dup_ip=dup_ip, overlap=overlap, idle=idle,
        licensed=licensed, eligible_count=eligible_count, compute_known=compute_known,
        compute_fits_any=(compute_fit & m_allowed).sum(axis=1),
        compute_misses=_join(~compute_fit & m_allowed & compute_known[:, None], offers),
        storage_fits_any=(storage_fit & m_allowed).sum(axis=1),
        storage_misses=_join(~storage_fit & m_allowed & ~m.storage_unknown[:, None], offers),
        largest_flavours=largest_f, largest_disks=largest_d, disk_gib=max_disk,
        vcpus=need.vcpus, memory_mib=need.memory_mib, max_disks=params.max_disks, max_nics=params.max_nics,
        cpu_pct=util['cpu'], memory_pct=util['memory'], net_mbitps=util['net'])
    hits, blockers, conditions, information, unknowns = r.evaluate(r.by_level(r.MACHINE), facts, n)
    m_state = r.state_of(blockers, unknowns, conditions)
    m_rank = np.vectorize(RANK.get, otypes=[np.int8])(m_state) if n else np.zeros(0, np.int8)

    # Cheapest allowed offer per machine, and the confidence of its sizing.
    priced = np.where(m_allowed & ~np.isnan(monthly), monthly, np.inf)
    best = priced.argmin(axis=1) if k else np.full(n, -1)
    best = np.where(np.isfinite(priced[np.arange(n), best]) if k else False, best, -1)
    if perf:
        points = np.stack([m.coverage[x] for x in METRICS], axis=1)
    else:
        points = np.stack([~np.isnan(m.vcpus), ~np.isnan(m.memory_mib), ~m.storage_unknown,
                           os_f['os_known']], axis=1).astype(float)
    share = points.mean(axis=1) if n else np.zeros(0)
    onprem = _onprem(m, hosts, windows, params)

    res.machines = dict(state=m_state, rank=m_rank, hits=hits, blockers=blockers, conditions=conditions,
                        information=information, best=best, allowed=m_allowed, monthly=monthly, share=share,
                        stars=decisions.stars(share), points=points, idle=idle, windows=windows,
                        os_status=os_f['os_status'], **{f'onprem_{k_}': v for k_, v in onprem.items()})
    res.systems = _systems(res, m, disks, s, members, links, offers, params, s_allowed, guide_out, os_f)
    return res


def _onprem(m, hosts, windows, params):
    """Monthly on-premises cost of each machine, its share of host cores, power and CO₂."""
    vcpus = np.nan_to_num(m.vcpus, nan=0.0)
    cores = vcpus / params.vcpu_per_core
    months = params.amortisation_years * 12
    hardware = cores * params.core_price_vnd / months
    storage_gib = np.nan_to_num(m.storage_mib, nan=0.0) / 1024
    storage = storage_gib * params.storage_gib_price_vnd / months
    support = (hardware + storage) * months * params.support_rate / 12
    watts = cores * params.watts_per_core
    if len(hosts):
        h = m.host
        has = h >= 0
        hc = np.where(has, hosts.cores[np.maximum(h, 0)], np.nan)
        hw = np.where(has, hosts.watts[np.maximum(h, 0)], np.nan)
        known = has & ~np.isnan(hc) & ~np.isnan(hw) & (hc > 0)
        with np.errstate(invalid='ignore', divide='ignore'):
            watts = np.where(known, hw * np.minimum(cores / np.where(known, hc, 1), 1.0), watts)
    on = np.asarray([p != 'off' for p in m.power], dtype=bool)
    kwh = watts * 730 / 1000 * params.pue * on
    power = kwh * params.tariff_vnd_kwh
    rack = cores / params.cores_per_server * params.rack_u_per_server * params.rack_u_month_vnd
    lic_cores = np.maximum(vcpus, params.licence_min_cores)
    licences = (windows * lic_cores * params.onprem_windows_core_vnd
                + m.sql * lic_cores * params.onprem_sql_core_vnd)
    staff = np.full(len(m), params.staff_vm_month_vnd)
    total = hardware + storage + support + power + rack + licences + staff
    return dict(total=total, hardware=hardware + storage, support=support, power=power, rack=rack,
                licences=licences, staff=staff, kwh=kwh, cores=cores)


def _by_system(values, members, ns, weights=None):
    w = values[members.vm] if weights is None else values[members.vm] * weights
    return np.bincount(members.system, weights=w, minlength=ns)


def _systems(res, m, disks, s, members, links, offers, params, s_allowed, guide_out, os_f):
    ns, k = len(s), len(offers)
    mm = res.machines
    count = np.bincount(members.system, minlength=ns)
    # A machine serving several systems is shared out equally in costs and data, counted whole in readiness.
    per_vm = np.bincount(members.vm, minlength=len(m))
    split = 1.0 / np.maximum(per_vm[members.vm], 1)

    # Worst machine per system.
    worst = np.full(ns, -1, dtype=np.int64)
    worst_rank = np.zeros(ns, dtype=np.int8)
    if len(members):
        order = np.lexsort((-mm['rank'][members.vm].astype(int), members.system))
        first_sys, first_at = np.unique(members.system[order], return_index=True)
        worst[first_sys] = members.vm[order][first_at]
        worst_rank[first_sys] = mm['rank'][worst[first_sys]]
    idle = _by_system(mm['idle'].astype(float), members, ns)
    hard = np.zeros(len(m), dtype=bool)
    unsupported_os = os_f['os_unsupported'].astype(float)
    for i, hs in enumerate(mm['hits']):
        if any(h[0] in HARD_BLOCKS for h in hs):
            hard[i] = True
    eol_machine = np.isin(os_f['os_status'], ('ended', 'paid')).astype(float)

    # Costs per system and offer: NaN when the offer may not host it or a machine does not fit.
    cost = np.zeros((ns, k))
    for p in range(k):
        monthly = mm['monthly'][:, p]
        bad = np.bincount(members.system, weights=np.isnan(monthly)[members.vm].astype(float), minlength=ns)
        c = _by_system(np.nan_to_num(monthly), members, ns, split)
        cost[:, p] = np.where((bad > 0) | ~s_allowed[:, p] | (count == 0), np.nan, c)
    cloud_ops = _by_system(np.full(len(m), params.staff_vm_month_vnd * params.cloud_staff_share), members, ns, split)
    cost = cost + cloud_ops[:, None]
    priced = np.where(np.isnan(cost), np.inf, cost)
    best = priced.argmin(axis=1) if k else np.full(ns, -1)
    best = np.where(np.isfinite(priced[np.arange(ns), best]) if k else False, best, -1)
    best_cost = np.where(best >= 0, cost[np.arange(ns), np.maximum(best, 0)] if k else np.nan, np.nan)
    onprem = _by_system(mm['onprem_total'], members, ns, split)

    servers = s.servers if s.servers is not None else np.zeros(ns, dtype=np.int64)
    refusals = np.full(ns, '', dtype=object)
    for (si, p), reasons in s.refusals.items():
        text = f'{offers[p].code}: ' + '; '.join(reasons)
        refusals[si] = text if refusals[si] == '' else f'{refusals[si]} | {text}'
    for offer in offers:
        if offer.excluded:
            text = f'{offer.code}: ' + '; '.join(offer.excluded)
            refusals = np.where(refusals == '', text, refusals + ' | ' + text)
    for p, offer in enumerate(offers):
        ruled = guide_out[:, p]
        if ruled.any():
            text = f'{offer.code}: deployment-model guide'
            refusals = np.where(ruled, np.where(refusals == '', text, refusals + ' | ' + text), refusals)
    sensitive = s.personal_data | s.state_secret
    guide_text = _join(guide_out & sensitive[:, None], offers)
    data = np.where(s.state_secret, 'state-secret data', np.where(s.personal_data, 'personal data', '')).astype(object)
    models = np.asarray([', '.join(g) if g else '' for g in (s.guide_models or [[]] * ns)], dtype=object)
    contract = np.asarray([bool(d and d < params.on) for d in s.contract_end], dtype=bool)
    contract_text = np.asarray([d.isoformat() if d else '' for d in s.contract_end], dtype=object)
    names = [decisions.plain(x) for x in s.name]
    shared_names = {names[i] for i in range(ns) if s.shared is not None and s.shared[i]}
    shared_names |= {decisions.plain(x) for x in s.shared_names or ()}
    duplicate = np.asarray([names[i] in shared_names and not (s.shared is not None and s.shared[i])
                            for i in range(ns)], dtype=bool)
    sf = {'lifecycle': np.asarray(s.lifecycle, dtype=object), 'machines': count, 'idle': idle,
          'duplicate': duplicate, 'eligible': s_allowed.sum(axis=1) if k else np.zeros(ns),
          'hard_blocked': _by_system(hard.astype(float), members, ns),
          'national': np.asarray(decisions.national_match(s.name, s.national_platforms), dtype=object),
          'unsupported_os': _by_system(unsupported_os, members, ns),
          'legacy': np.asarray(decisions.legacy_match(s.framework), dtype=object),
          'eol': _by_system(eol_machine, members, ns), 'hosting': s.hosting or [''] * ns}
    strategy, fired = decisions.recommend(sf)
    reviewed = np.zeros(ns, dtype=bool)
    effort = decisions.effort(strategy, count)
    for i, review in s.reviews.items():
        if review.get('strategy'):
            strategy[i] = review['strategy']
            reviewed[i] = True
        if review.get('effort_days') is not None:
            effort[i] = float(review['effort_days'])

    # A hard dependency on a system that stays behind (retain / retire) or is not ready.
    stays = np.isin(strategy, ('retain', 'retire')) | (worst_rank == RANK[r.NOT_READY])
    dep_text = np.full(ns, '', dtype=object)
    deps = np.zeros(ns)
    dependants = np.zeros(ns)
    if len(links):
        inside_source, inside_target = links.source >= 0, links.target >= 0
        np.add.at(deps, links.source[inside_source], 1)
        np.add.at(dependants, links.target[inside_target], 1)
        for edge in np.flatnonzero(links.hard & inside_source).tolist():
            a, b = int(links.source[edge]), int(links.target[edge])
            if b >= 0:
                behind, code = stays[b] and a != b, s.code[b]
            else:
                behind, code = bool(links.target_stays[edge]), links.target_code[edge]
            if behind and not stays[a]:
                dep_text[a] = code if dep_text[a] == '' else f'{dep_text[a]}, {code}'
    facts = Facts(s=s, size=ns, s_eligible=sf['eligible'], s_refusals=refusals, s_guide_out=guide_text,
                  s_guide_conflict=(s.guide_conflict if s.guide_conflict is not None else np.zeros(ns, bool)),
                  s_dep_stays=dep_text, s_contract_ended=contract, s_machines=count, data=data, models=models,
                  contract_end=contract_text, security_level=s.security_level,
                  s_servers=servers, servers=servers)
    hits, blockers, conditions, information, unknowns = r.evaluate(r.by_level(r.SYSTEM), facts, ns)
    own_rank = np.vectorize(RANK.get, otypes=[np.int8])(r.state_of(blockers, unknowns, conditions)) if ns else \
        np.zeros(0, np.int8)
    rank = np.maximum(worst_rank, own_rank)
    state = STATE_OF_RANK[rank] if ns else np.zeros(0, dtype=object)
    m_counts = {sev: _by_system(mm[key].astype(float), members, ns).astype(int) + own
                for sev, key, own in ((r.BLOCKER, 'blockers', blockers), (r.CONDITION, 'conditions', conditions),
                                      (r.INFORMATION, 'information', information))}

    # Data and impact.
    used = np.where(np.isnan(disks.used_gib) | (disks.used_gib <= 0), disks.capacity_gib, disks.used_gib) \
        if len(disks) else np.zeros(0)
    vm_data = np.bincount(disks.vm, weights=np.nan_to_num(used), minlength=len(m)) if len(disks) else \
        np.zeros(len(m))
    data_gib = _by_system(vm_data, members, ns, split)
    transfer, downtime, exceeds = decisions.impact(strategy, data_gib, s.rto_hours, params)

    # Value and complexity.
    moving = ~np.isin(strategy, ('retire', 'retain'))
    saving = np.where(strategy == 'retire', onprem, np.where(moving & ~np.isnan(best_cost), onprem - best_cost, 0.0))
    urgency_m = np.select([np.isin(os_f['os_status'], ('ended',)), os_f['os_status'] == 'paid',
                           os_f['days_left'] <= 365, os_f['days_left'] <= 730], [1.0, 0.8, 0.6, 0.3], 0.0)
    urgency = np.zeros(ns)
    if len(members):
        np.maximum.at(urgency, members.system, urgency_m[members.vm])
    criticality = np.asarray([decisions.CRITICALITY.get(c, 0.5) for c in s.criticality], dtype=float)
    for i, review in s.reviews.items():
        if review.get('criticality'):
            criticality[i] = decisions.CRITICALITY.get(review['criticality'], criticality[i])
    value_parts = {
        'users': np.clip(np.log10(1 + np.nan_to_num(s.users)) / 5, 0, 1), 'criticality': criticality,
        'saving': np.clip(saving / max(params.saving_scale_vnd, 1.0), 0, 1),
        'mandate': (s.mandate if s.mandate is not None else np.zeros(ns, bool)).astype(float),
        'urgency': urgency}
    complexity_parts = {
        'readiness': np.asarray([decisions.READINESS_COMPLEXITY[x] for x in state]) if ns else np.zeros(0),
        'dependencies': np.clip((deps + dependants) / 10, 0, 1), 'effort': np.clip(effort / 60, 0, 1),
        'security': np.where(np.isnan(s.security_level), 0.4, s.security_level / 5)}
    value, complexity, score, quadrant = decisions.priority(value_parts, complexity_parts, params)
    for i, review in s.reviews.items():
        if review.get('priority') is not None:
            score[i] = int(review['priority'])

    # Confidence: the share of data points present over the system's machines.
    points = mm['points']
    share = (np.bincount(members.system, weights=mm['share'][members.vm], minlength=ns)
             / np.maximum(count, 1))
    gaps = np.stack([np.bincount(members.system, weights=(points[members.vm, j] <= 0).astype(float),
                                 minlength=ns) for j in range(points.shape[1])], axis=1).astype(int) \
        if len(members) else np.zeros((ns, points.shape[1]), int)

    freed = {name: _by_system(mm[f'onprem_{name}'], members, ns, split * moving[members.system])
             for name in ('cores', 'kwh')}
    return dict(
        state=state, rank=rank, hits=hits, machines=count, worst=worst, blockers=m_counts[r.BLOCKER],
        conditions=m_counts[r.CONDITION], information=m_counts[r.INFORMATION], cost=cost, best=best,
        best_cost=best_cost, onprem=onprem, saving=saving, strategy=strategy, fired=fired, reviewed=reviewed,
        effort=effort, data_gib=np.round(data_gib, 1), transfer_h=transfer, downtime_h=downtime,
        exceeds_rto=exceeds, users=s.users, dependants=dependants.astype(int), dependencies=deps.astype(int),
        value=value, complexity=complexity, priority=score, quadrant=quadrant, value_parts=value_parts,
        complexity_parts=complexity_parts, share=np.round(share, 3), stars=decisions.stars(share), gaps=gaps,
        freed_cores=freed['cores'], freed_kwh=freed['kwh'], stays=stays)
