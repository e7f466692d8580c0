"""Use cases of assessment runs: start one (as a job), execute it, re-run only what changed, say whether a
run is stale, compare two runs, and record a reviewer's strategy decision."""

import json
import time
from dataclasses import fields
from datetime import date

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.assessment import choices as c
from cloudmove.assessment.engine import assess as engine
from cloudmove.assessment.engine import rules as rule_registry
from cloudmove.assessment.engine.decisions import STRATEGY_RULES
from cloudmove.assessment.engine.inputs import Params
from cloudmove.assessment.models import AssessmentRun, MachineResult, StrategyReview, SystemResult
from cloudmove.assessment.services import inputs
from cloudmove.core import bulk, scoping
from cloudmove.core.services import jobs
from cloudmove.inventory.models import (
    Dependency,
    InformationSystem,
    IpAddress,
    PerformanceSummary,
    VirtualDisk,
    VirtualMachine,
    VirtualNic,
)

JOB_KIND = 'assessment.run'
# Parts of the input fingerprint that, when they change, call for a whole new run (they touch every system).
GLOBAL_INPUTS = ('price_books', 'flavours', 'tiers', 'services', 'providers', 'criteria', 'deployment_rules',
                 'prefixes', 'engine')
INCREMENTAL_LIMIT = 2000   # beyond this many changed systems a whole run is as fast
ENGINE_VERSION = '1:' + ','.join(sorted(rule_registry.RULES)) + ':' + ','.join(r.id for r in STRATEGY_RULES)


def rows_of(run, model=SystemResult):
    """The run's result rows of `model`. A machine of a system an incremental run did not re-assess is
    read from the run that did (SystemResult.machines_run); every reader goes through here."""
    own = model.objects.filter(run=run)
    if model is SystemResult or not run.incremental:
        return own
    inherited = Exists(SystemResult.objects.filter(run=run, system_id=OuterRef('system_id'),
                                                   machines_run_id=OuterRef('run_id')).exclude(machines_run=run))
    fresh = Exists(MachineResult.objects.filter(run=run, vm_id=OuterRef('vm_id')))
    return MachineResult.objects.filter(Q(run=run) | (Q(inherited) & ~Q(fresh)))


def _fingerprint():
    out = inputs.fingerprint_of_inputs()
    out['engine'] = ENGINE_VERSION
    return out


def clean_params(values):
    """Params from user input (form, API, CLI), checked; ValidationError names each bad field."""
    values = {k: v for k, v in dict(values or {}).items() if v not in (None, '')}
    errors = {}
    if values.get('sizing', c.Sizing.PERFORMANCE) not in c.Sizing.values:
        errors['sizing'] = _('Choose as-is or performance.')
    known = {f.name: f.default for f in fields(Params) if f.name not in ('on', 'sizing')}
    for name in list(values):
        if name in ('sizing', 'versions', 'on'):
            continue
        if name not in known:
            errors[name] = _('Unknown parameter.')
            continue
        text = str(values[name]).strip()
        if text.count(',') == 1 and '.' not in text:
            text = text.replace(',', '.')   # a decimal comma, as Vietnamese writes 1,3
        try:
            number = float(text)
            values[name] = text
        except (TypeError, ValueError):
            errors[name] = _('Enter a number.')
            continue
        low, high = LIMITS.get(name, (0, 1e12))
        if not low <= number <= high:
            errors[name] = _('Enter a value between %(low)s and %(high)s.') % {'low': low, 'high': high}
    if errors:
        raise ValidationError(errors)
    return Params.from_dict(values)


LIMITS = {'percentile': (1, 100), 'comfort': (1, 5), 'window_days': (1, 365), 'horizon_years': (1, 15),
          'bandwidth_mbps': (1, 100_000), 'amortisation_years': (1, 15), 'vcpu_per_core': (0.5, 32),
          'pue': (1, 3), 'support_rate': (0, 1), 'cloud_staff_share': (0, 1), 'link_efficiency': (0.05, 1),
          'delta_share': (0, 1), 'licence_min_cores': (0, 64)}


def can_run(user, unit=None):
    """Programme admins assess the province or any unit; a unit officer assesses its own unit."""
    if not scoping.role_allows(user, AssessmentRun, scoping.CHANGE):
        return False
    if unit is None:
        return scoping.sees_all(AssessmentRun, user, scoping.CHANGE)
    probe = AssessmentRun(unit=unit, province_wide=False)
    return scoping.allowed(user, probe, scoping.CHANGE)


def create(user=None, unit=None, params=None, title='', base=None):
    if user is not None and not can_run(user, unit):
        raise PermissionDenied(_('You cannot assess this scope.'))
    params = params if isinstance(params, Params) else clean_params(params)
    return AssessmentRun.objects.create(title=title or '', unit=unit, province_wide=unit is None, base=base,
                                        params=params.as_dict(), created_by=user)


def start(user=None, unit=None, params=None, title=''):
    """A queued run and the job that will execute it."""
    with transaction.atomic():
        run = create(user, unit, params, title)
        job = jobs.enqueue(JOB_KIND, user=user, unit=unit, run=run.pk)
        AssessmentRun.objects.filter(pk=run.pk).update(job=job)
        run.job = job
    return run


@jobs.task(JOB_KIND, gettext_lazy('Assessment run'))
def _job(job, progress, run):
    return summary_of(execute(AssessmentRun.objects.get(pk=run), progress=progress))


def execute(run, progress=None, system_ids=None, fingerprint=None):
    """Read, assess, write: the run's results replace nothing (a run is written once)."""
    progress = progress or (lambda *a, **k: None)
    began = time.perf_counter()
    AssessmentRun.objects.filter(pk=run.pk).update(state=c.RunState.RUNNING)
    params = Params.from_dict(run.params)
    try:
        progress(0, 4, _('Reading the inventory'))
        fingerprint = fingerprint or _fingerprint()
        loaded = inputs.load(params, unit=run.unit, system_ids=system_ids,
                             versions=(run.params or {}).get('versions'), base_run=run.base)
        progress(1, 4, _('Assessing'))
        t0 = time.perf_counter()
        result = engine.assess(loaded.machines, loaded.disks, loaded.hosts, loaded.systems, loaded.members,
                               loaded.links, loaded.network, loaded.offers, params)
        engine_s = time.perf_counter() - t0
        progress(2, 4, _('Writing the results'))
        with transaction.atomic(), bulk.gc_paused():
            run.incremental = bool(run.base_id and system_ids is not None)
            if run.incremental:
                _copy_unchanged(run, loaded)
            _write(run, loaded, result, params)
            summary = summarise(run)
            offers = [{'provider': o.code, 'name': o.name, 'book': o.book, 'book_id': o.book_id,
                       'excluded': o.excluded} for o in loaded.offers]
            AssessmentRun.objects.filter(pk=run.pk).update(
                state=c.RunState.DONE, summary=summary, offers=offers, inputs=fingerprint,
                engine_s=round(engine_s, 3), total_s=round(time.perf_counter() - began, 3),
                finished_at=timezone.now(), reassessed=len(_written(loaded)), incremental=system_ids is not None)
    except Exception as exc:
        AssessmentRun.objects.filter(pk=run.pk).update(state=c.RunState.FAILED, error=str(exc)[:2000],
                                                       finished_at=timezone.now())
        raise
    progress(4, 4, _('Done'))
    run.refresh_from_db()
    return run


def _written(loaded):
    """Indices of the systems whose results this run writes (the others were read as context)."""
    n = len(loaded.systems)
    return range(n) if loaded.written is None else np.flatnonzero(loaded.written).tolist()


def _num(value):
    return None if value is None or value != value else int(round(float(value)))


def _float(value, digits=2):
    return None if value is None or value != value else round(float(value), digits)


def _write(run, loaded, res, params):
    m, s, offers = loaded.machines, loaded.systems, loaded.offers
    mm, ss = res.machines, res.systems
    disks = loaded.disks
    # Per machine and offer: the flavour and the tier of each disk.
    tiers = [[[] for _ in range(len(m))] for _ in offers]
    for p, fit in enumerate(res.fits):
        offer = offers[p]
        for d, (vm, tier, vnd) in enumerate(zip(disks.vm.tolist(), fit.tier.tolist(), fit.disk_vnd.tolist(),
                                                strict=True)):
            tiers[p][vm].append([disks.label[d], offer.tier_code[tier] if tier >= 0 else None,
                                 _float(disks.capacity_gib[d], 1), _num(vnd)])
    need = res.need
    rows = []
    onprem_keys = ('hardware', 'support', 'power', 'rack', 'licences', 'staff', 'kwh')
    for i in range(len(m)):
        sizing = {}
        for p, fit in enumerate(res.fits):
            f = int(fit.flavour[i])
            offer = offers[p]
            sizing[offer.code] = {
                'allowed': bool(mm['allowed'][i, p]),
                'flavour': offer.flavour_code[f] if f >= 0 else None,
                'vcpus': _num(offer.flavour_vcpus[f]) if f >= 0 else None,
                'memory_mib': _num(offer.flavour_memory_mib[f]) if f >= 0 else None,
                'compute_vnd': _num(fit.compute_vnd[i]), 'storage_vnd': _num(fit.storage_vnd[i]),
                'licence_vnd': _num(fit.licence_vnd[i]), 'monthly_vnd': _num(fit.monthly_vnd[i]),
                'tiers': tiers[p][i]}
        best = int(mm['best'][i])
        prim = int(loaded.primary_system[i])
        rows.append((
            run.pk, int(m.unit[i]), int(m.ids[i]), int(s.ids[prim]) if prim >= 0 else None, mm['state'][i],
            json.dumps([[h[0], h[1]] for h in mm['hits'][i]], ensure_ascii=False), int(mm['stars'][i]),
            round(float(mm['share'][i]), 3), offers[best].code if best >= 0 else '',
            _num(mm['monthly'][i, best]) if best >= 0 else None, _num(mm['onprem_total'][i]),
            loaded.fingerprints[('vm', int(m.ids[i]))], _float(need.vcpus[i], 1), _float(need.memory_mib[i], 0),
            bool(need.cpu_basis[i] or need.memory_basis[i]), bool(mm['idle'][i]), json.dumps(sizing),
            json.dumps({k: _num(mm[f'onprem_{k}'][i]) for k in onprem_keys})))
    bulk.insert(MachineResult, ('run_id', 'unit_id', 'vm_id', 'system_id', 'readiness', 'hits', 'stars',
                                'confidence', 'best_provider', 'best_monthly_vnd', 'onprem_monthly_vnd',
                                'fingerprint', 'target_vcpus', 'target_memory_mib', 'performance_based', 'idle',
                                'sizing', 'onprem'), rows, raw=('hits', 'sizing', 'onprem'))
    srows = []
    gap_names = engine.CONFIDENCE_POINTS[params.sizing]
    for j in _written(loaded):
        best = int(ss['best'][j])
        costs = {o.code: _num(ss['cost'][j, p]) for p, o in enumerate(offers)}
        worst = int(ss['worst'][j])
        details = {
            'value_parts': {k: round(float(v[j]), 3) for k, v in ss['value_parts'].items()},
            'complexity_parts': {k: round(float(v[j]), 3) for k, v in ss['complexity_parts'].items()},
            'gaps': {name: int(ss['gaps'][j, g]) for g, name in enumerate(gap_names)},
            'freed_cores': _float(ss['freed_cores'][j]), 'freed_kwh_month': _float(ss['freed_kwh'][j]),
            'horizon_years': params.horizon_years, 'sizing': params.sizing,
            # What a partial re-run reads of the systems it does not assess again.
            'stays': bool(ss['stays'][j]), 'shared': bool(s.shared[j]) if s.shared is not None else False}
        recommended = ss['fired'][j][0] if ss['fired'][j] else 'rehost'
        rec_strategy = next(r.strategy for r in STRATEGY_RULES if r.id == recommended)
        srows.append((
            run.pk, int(s.unit[j]), int(s.ids[j]), ss['state'][j],
            json.dumps([[h[0], h[1]] for h in ss['hits'][j]], ensure_ascii=False), int(ss['stars'][j]),
            float(ss['share'][j]), offers[best].code if best >= 0 else '', _num(ss['best_cost'][j]),
            _num(ss['onprem'][j]), loaded.fingerprints[('system', int(s.ids[j]))], int(ss['machines'][j]),
            run.pk, int(m.ids[worst]) if worst >= 0 else None, int(ss['blockers'][j]), int(ss['conditions'][j]),
            int(ss['information'][j]), json.dumps(costs), _num(ss['saving'][j]), ss['strategy'][j], rec_strategy,
            json.dumps(ss['fired'][j]), bool(ss['reviewed'][j]), float(ss['effort'][j]), float(ss['data_gib'][j]),
            float(ss['transfer_h'][j]), float(ss['downtime_h'][j]), bool(ss['exceeds_rto'][j]),
            _num(ss['users'][j]), int(ss['dependants'][j]), int(ss['dependencies'][j]), int(ss['priority'][j]),
            float(ss['value'][j]), float(ss['complexity'][j]), ss['quadrant'][j], json.dumps(details)))
    bulk.insert(SystemResult, ('run_id', 'unit_id', 'system_id', 'readiness', 'hits', 'stars', 'confidence',
                               'best_provider', 'best_monthly_vnd', 'onprem_monthly_vnd', 'fingerprint', 'machines',
                               'machines_run_id', 'worst_vm_id', 'blockers', 'conditions', 'information', 'costs',
                               'saving_monthly_vnd', 'strategy', 'recommended', 'strategy_rules', 'reviewed',
                               'effort_days', 'data_gib', 'transfer_hours', 'downtime_hours', 'exceeds_rto',
                               'users', 'dependants', 'dependencies', 'priority', 'value', 'complexity',
                               'quadrant', 'details'), srows, raw=('hits', 'costs', 'strategy_rules', 'details'))


def _copy_unchanged(run, loaded):
    """Carry the base run's system rows that were not re-assessed into this run, one INSERT … SELECT; their
    machine rows stay where they are (machines_run), except machines outside every system, copied too."""
    fresh_systems = [int(loaded.systems.ids[j]) for j in _written(loaded)]
    fresh_vms = [int(x) for x in loaded.machines.ids]
    for model, key, fresh, extra in ((SystemResult, 'system_id', fresh_systems, ''),
                                     (MachineResult, 'vm_id', fresh_vms, ' AND system_id IS NULL')):
        meta = model._meta
        cols = [f.column for f in meta.concrete_fields if not f.primary_key]
        quoted = ', '.join(connection.ops.quote_name(col) for col in cols)
        select = ', '.join('%s' if col == 'run_id' else connection.ops.quote_name(col) for col in cols)
        where = 'run_id = %s' + extra
        params = [run.pk, run.base_id]
        if fresh:
            where += f' AND {connection.ops.quote_name(key)} NOT IN ({", ".join(["%s"] * len(fresh))})'
            params += fresh
        table = connection.ops.quote_name(meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f'INSERT INTO {table} ({quoted}) SELECT {select} FROM {table} WHERE {where}', params)


def summarise(run, results=None):
    """Counts by readiness, strategy, confidence and quadrant, monthly cost per provider, totals."""
    whole = results is None
    results = SystemResult.objects.filter(run=run) if whole else results
    out = {'systems': 0, 'machines': 0,
           'readiness': dict.fromkeys(c.Readiness.values, 0), 'strategies': dict.fromkeys(c.Strategy.values, 0),
           'stars': {str(k): 0 for k in range(1, 6)}, 'quadrants': dict.fromkeys(c.Quadrant.values, 0),
           'monthly_cost_vnd': {}, 'hosted_systems': {}, 'onprem_monthly_vnd': 0, 'saving_monthly_vnd': 0,
           'freed_cores': 0.0, 'freed_kwh_month': 0.0, 'data_gib': 0.0}
    for readiness, strategy, stars, quadrant, costs, onprem, saving, machines, details, data in results.values_list(
            'readiness', 'strategy', 'stars', 'quadrant', 'costs', 'onprem_monthly_vnd', 'saving_monthly_vnd',
            'machines', 'details', 'data_gib').iterator(chunk_size=2000):
        out['systems'] += 1
        out['machines'] += machines
        out['readiness'][readiness] += 1
        out['strategies'][strategy] += 1
        out['stars'][str(stars)] += 1
        out['quadrants'][quadrant] += 1
        out['onprem_monthly_vnd'] += onprem or 0
        out['saving_monthly_vnd'] += saving or 0
        out['data_gib'] += data or 0
        out['freed_cores'] += (details or {}).get('freed_cores') or 0
        out['freed_kwh_month'] += (details or {}).get('freed_kwh_month') or 0
        if strategy in ('retire', 'retain'):
            continue
        for code, value in (costs or {}).items():
            out['monthly_cost_vnd'].setdefault(code, 0)
            out['hosted_systems'].setdefault(code, 0)
            if value is not None:
                out['monthly_cost_vnd'][code] += value
                out['hosted_systems'][code] += 1
    params = Params.from_dict(run.params)
    out['co2_tonnes_year'] = round(out['freed_kwh_month'] * 12 * params.co2_kg_kwh / 1000, 2)
    out['freed_kwh_month'] = round(out['freed_kwh_month'], 1)
    out['freed_servers'] = round(out.pop('freed_cores') / params.cores_per_server, 1)
    out['freed_rack_u'] = round(out['freed_servers'] * params.rack_u_per_server, 1)
    out['data_gib'] = round(out['data_gib'], 1)
    out['machines_total'] = _machines_total(run) if whole else None
    return out


def _machines_total(run):
    """Machines with a result. A re-run that assessed only some systems holds a result for every machine
    of its scope (fresh, inherited through its system, or copied when outside every system; a new machine
    outside every system forces a whole run), so the scope's count is that number without walking the
    inherited rows."""
    if not run.incremental:
        return MachineResult.objects.filter(run=run).count()
    scope = VirtualMachine.objects.all()
    if run.unit_id:
        scope = scope.filter(unit__path__startswith=run.unit.path)
    return scope.count()


def summary_of(run, user=None, unit=None):
    """The run's summary as the CLI and API give it; for a user with a narrower scope than the run, or
    for one unit (code), recomputed over those results."""
    summary = dict(run.summary or {})
    if unit or (user is not None and not scoping.sees_all(SystemResult, user)):
        systems, machines = SystemResult.objects.filter(run=run), rows_of(run, MachineResult)
        if user is not None:
            systems, machines = scoping.scope(systems, user), scoping.scope(machines, user)
        if unit:
            systems, machines = systems.filter(unit__code=unit), machines.filter(unit__code=unit)
        summary = summarise(run, systems)
        summary['machines_total'] = machines.count()
    return {'run': run.pk, 'state': run.state, 'systems': summary.get('systems', 0),
            'machines': summary.get('machines_total') or 0, 'readiness': summary.get('readiness', {}),
            'strategies': summary.get('strategies', {}), 'monthly_cost_vnd': summary.get('monthly_cost_vnd', {}),
            'engine_s': run.engine_s, 'total_s': run.total_s, 'summary': summary}


def latest(unit=None, user=None):
    """The latest finished run covering `unit` (or the province)."""
    qs = AssessmentRun.objects.filter(state=c.RunState.DONE)
    if user is not None:
        qs = scoping.scope(qs, user)
    return qs.order_by('-finished_at', '-pk').first()


def latest_for_system(system):
    return (SystemResult.objects.filter(system=system, run__state=c.RunState.DONE)
            .select_related('run').order_by('-run__finished_at', '-run_id').first())


# ---------------------------------------------------------------- staleness and re-runs

def stale_reasons(run, fingerprint=None):
    """What changed since the run read its inputs ([] when it is current)."""
    if run.state != c.RunState.DONE:
        return []
    now = fingerprint or _fingerprint()
    return sorted(k for k in set(now) | set(run.inputs or {}) if now.get(k) != (run.inputs or {}).get(k))


# Fingerprint part -> (model, lookup to the machine) whose changed rows point at the machines to redo.
MACHINE_PARTS = {'vms': (VirtualMachine, 'pk'), 'disks': (VirtualDisk, 'vm_id'), 'nics': (VirtualNic, 'vm_id'),
                 'performance': (PerformanceSummary, 'vm_id'), 'addresses': (IpAddress, 'vm_nic__vm_id')}


def changed_systems(run, fingerprint=None):
    """Ids of the systems whose inputs changed since `run` read them, or None when a whole run is needed.
    Only the tables whose part of the fingerprint moved are searched."""
    fingerprint = fingerprint or _fingerprint()
    reasons = set(stale_reasons(run, fingerprint))
    if not reasons:
        return set()
    if reasons & set(GLOBAL_INPUTS):
        return None
    then = run.inputs or {}
    since = run.created_at
    scope_q = Q(unit__path__startswith=run.unit.path) if run.unit_id else Q()
    vm_ids = set()
    for part, (model, lookup) in MACHINE_PARTS.items():
        if part not in reasons:
            continue
        if part != 'vms' and fingerprint[part][0] < (then.get(part) or [0])[0]:
            return None   # rows deleted: nothing says which machine they belonged to
        qs = model.objects.filter(updated_at__gte=since)
        vm_ids |= set((qs.filter(scope_q) if part == 'vms' else qs.exclude(**{lookup: None}))
                      .values_list(lookup, flat=True))
    if 'vms' in reasons and VirtualMachine.objects.filter(scope_q, updated_at__gte=since,
                                                          systems__isnull=True).exists():
        return None   # a machine outside every system: only a whole run covers it
    through = VirtualMachine.systems.through
    systems = set(through.objects.filter(virtualmachine_id__in=vm_ids).values_list('informationsystem_id',
                                                                                    flat=True)) if vm_ids else set()
    if 'systems' in reasons:
        systems |= set(InformationSystem.objects.filter(scope_q, updated_at__gte=since).values_list('pk', flat=True))
    if 'reviews' in reasons:
        systems |= set(StrategyReview.objects.filter(updated_at__gte=since).values_list('system_id', flat=True))
        if fingerprint['reviews'][0] < (then.get('reviews') or [0])[0]:
            return None   # a review removed: its system is not named any more
    if 'dependencies' in reasons:
        for a, b in Dependency.objects.filter(updated_at__gte=since).values_list('source_system_id',
                                                                                 'target_system_id'):
            systems |= {x for x in (a, b) if x}
    now_ids = None
    if reasons & {'memberships', 'systems', 'vms'}:
        # Machines added to or removed from a system, and systems added or deleted.
        now_counts = dict(InformationSystem.objects.filter(scope_q).annotate(n=Count('vms')).values_list('pk', 'n'))
        then_counts = dict(SystemResult.objects.filter(run=run).values_list('system_id', 'machines'))
        systems |= {pk for pk, n in now_counts.items() if then_counts.get(pk) != n}
        now_ids = set(now_counts)
    systems &= now_ids if now_ids is not None else set(InformationSystem.objects.filter(
        scope_q, pk__in=systems).values_list('pk', flat=True))
    if systems and (InformationSystem.objects.filter(pk__in=systems, is_shared=True).exists() or any(
            (d or {}).get('shared') for d in SystemResult.objects.filter(run=run, system_id__in=systems)
            .values_list('details', flat=True))):
        return None   # a shared platform changed: its local copies anywhere may change their strategy
    # Their dependants read their strategy and readiness.
    systems |= set(Dependency.objects.filter(target_system__in=systems, source_system__isnull=False)
                   .values_list('source_system_id', flat=True))
    if len(systems) > INCREMENTAL_LIMIT:
        return None
    return systems


def rerun(run, user=None, progress=None):
    """A new run with the same parameters: only the changed systems are assessed again when the change is
    confined to some systems; everything otherwise."""
    fingerprint = _fingerprint()
    systems = changed_systems(run, fingerprint)
    new = create(user, run.unit, Params.from_dict({**run.params, 'on': date.today().isoformat()}),
                 title=run.title, base=run)
    if systems is None:
        return execute(new, progress, fingerprint=fingerprint)
    return execute(new, progress, system_ids=sorted(systems), fingerprint=fingerprint)


# ---------------------------------------------------------------- comparison

def compare(old, new, user=None):
    """Per system and machine: what changed between two runs (readiness, strategy, priority, cost, confidence,
    and the rules that appeared or went)."""
    def rows(model, run, key, fields):
        qs = rows_of(run, model)
        if user is not None:
            qs = scoping.scope(qs, user)
        return {r[0]: r[1:] for r in qs.values_list(key, *fields)}

    sys_fields = ('readiness', 'strategy', 'priority', 'best_monthly_vnd', 'stars', 'fingerprint', 'hits')
    before, after = rows(SystemResult, old, 'system_id', sys_fields), rows(SystemResult, new, 'system_id', sys_fields)
    systems = []
    for pk in sorted(set(before) | set(after)):
        a, b = before.get(pk), after.get(pk)
        if a is not None and b is not None and a[:5] == b[:5] and a[6] == b[6]:
            continue
        systems.append({'system': pk, 'before': _sys_view(a), 'after': _sys_view(b),
                        'rules_added': _rule_ids(b) - _rule_ids(a), 'rules_removed': _rule_ids(a) - _rule_ids(b)})
    vm_fields = ('readiness', 'fingerprint', 'best_monthly_vnd', 'stars')
    mb, ma = rows(MachineResult, old, 'vm_id', vm_fields), rows(MachineResult, new, 'vm_id', vm_fields)
    changed_vms = [pk for pk in set(mb) | set(ma) if mb.get(pk) != ma.get(pk)]
    hits_before = dict(rows_of(old, MachineResult).filter(vm_id__in=changed_vms).values_list('vm_id', 'hits'))
    hits_after = dict(rows_of(new, MachineResult).filter(vm_id__in=changed_vms).values_list('vm_id', 'hits'))
    machines = []
    for pk in sorted(changed_vms):
        a, b = mb.get(pk), ma.get(pk)
        ra, rb = {h[0] for h in hits_before.get(pk) or []}, {h[0] for h in hits_after.get(pk) or []}
        machines.append({'vm': pk, 'before': a[0] if a else None, 'after': b[0] if b else None,
                         'rules_added': sorted(rb - ra), 'rules_removed': sorted(ra - rb),
                         'cost_before': a[2] if a else None, 'cost_after': b[2] if b else None})
    for item in systems:
        item['rules_added'], item['rules_removed'] = sorted(item['rules_added']), sorted(item['rules_removed'])
    codes = dict(InformationSystem.objects.filter(pk__in=[s['system'] for s in systems]).values_list('pk', 'code'))
    names = dict(VirtualMachine.objects.filter(pk__in=[m['vm'] for m in machines]).values_list('pk', 'name'))
    for item in systems:
        item['code'] = codes.get(item['system'], '')
    for item in machines:
        item['name'] = names.get(item['vm'], '')
    return {'old': old.pk, 'new': new.pk, 'systems': systems, 'machines': machines}


def _sys_view(row):
    if row is None:
        return None
    return {'readiness': row[0], 'strategy': row[1], 'priority': row[2], 'best_monthly_vnd': row[3], 'stars': row[4]}


def _rule_ids(row):
    return {h[0] for h in (row[6] if row else None) or []}


# ---------------------------------------------------------------- reviews

def review(user, system, strategy, reason, effort_days=None, criticality='', priority=None):
    """Record (or replace) the reviewer's decision on a system's strategy; audited by the model."""
    errors = {}
    if strategy not in c.Strategy.values:
        errors['strategy'] = _('Choose one of the seven strategies.')
    if not (reason or '').strip():
        errors['reason'] = _('Give the reason for the decision.')
    if priority not in (None, '') and not 0 <= int(priority) <= 100:
        errors['priority'] = _('Enter a value between %(low)s and %(high)s.') % {'low': 0, 'high': 100}
    if errors:
        raise ValidationError(errors)
    current = StrategyReview.objects.filter(system=system).first() or StrategyReview(system=system)
    scoping.ensure(user, current if current.pk else StrategyReview(system=system), scoping.CHANGE)
    current.strategy, current.reason = strategy, reason.strip()
    current.effort_days = None if effort_days in (None, '') else float(effort_days)
    current.criticality = criticality or ''
    current.priority = None if priority in (None, '') else int(priority)
    current.reviewed_by = user
    current.save()
    return current


def clear_review(user, system):
    current = StrategyReview.objects.filter(system=system).first()
    if current is not None:
        scoping.ensure(user, current, scoping.CHANGE)
        current.delete()


def result_rows_by_severity(hits, language):
    """A stored hit list as rows for a page or the API: rule, category, severity, message, remedy, evidence."""
    out = []
    for rule_id, evidence in hits or []:
        rule = rule_registry.RULES.get(rule_id)
        if rule is None:
            out.append({'id': rule_id, 'severity': '', 'category': '', 'message': rule_id, 'remedy': '',
                        'evidence': evidence})
            continue
        out.append({'id': rule_id, 'severity': rule.severity, 'category': rule.category,
                    'severity_label': str(c.Severity(rule.severity).label),
                    'category_label': str(c.RuleCategory(rule.category).label),
                    'message': rule.text('message', language, evidence),
                    'remedy': rule.text('remedy', language, evidence), 'evidence': evidence})
    order = {s: k for k, s in enumerate(rule_registry.SEVERITIES)}
    return sorted(out, key=lambda h: order.get(h['severity'], 9))
