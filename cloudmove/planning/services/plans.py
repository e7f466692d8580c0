"""Wave plans: checked constraints, a plan solved as a job, its waves for a user's scope, the reasons a
system is in its wave, the conflicts of an impossible plan, and comparison of two plans."""

import time
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core import bulk, scoping
from cloudmove.core.services import jobs
from cloudmove.planning import choices as c
from cloudmove.planning.engine import explain, solver
from cloudmove.planning.engine import waves as engine
from cloudmove.planning.models import WaveAssignment, WavePin, WavePlan
from cloudmove.planning.services import inputs

JOB_KIND = 'planning.plan'
WEIGHTS = {f: getattr(engine.Weights(), f) for f in ('priority', 'crossing', 'length', 'balance')}
LIMITS = {'waves': (1, 60), 'weeks': (1, 26), 'time_limit': (1, 600), 'slack': (1.0, 5.0),
          'capacity_systems': (0, 100_000), 'capacity_vms': (0, 1_000_000), 'capacity_effort': (0, 10_000_000),
          'capacity_per_unit': (0, 10_000), 'hub_threshold': (2, 100_000)}
INTEGER = {'waves', 'weeks', 'capacity_systems', 'capacity_vms', 'capacity_per_unit', 'hub_threshold'}


def _next_monday(today=None):
    today = today or date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def clean_constraints(values):
    """Constraints from user input (form, API, CLI), checked; ValidationError names each bad field.
    Defaults: 12 waves of 4 weeks from next Monday, capacities an even share × 1.5, Tết and year-end
    closing as blackouts, the documented objective weights, 60 s."""
    values = {k: v for k, v in dict(values or {}).items() if v not in (None, '')}
    errors = {}
    out = {'waves': 12, 'weeks': 4, 'time_limit': 60, 'slack': 1.5}
    for name, (low, high) in LIMITS.items():
        if name not in values:
            continue
        try:
            number = float(str(values[name]).replace(',', '.'))
            if name in INTEGER and not number.is_integer():
                raise ValueError
        except (TypeError, ValueError):
            errors[name] = _('Enter a number.')
            continue
        if not low <= number <= high:
            errors[name] = _('Enter a value between %(low)s and %(high)s.') % {'low': low, 'high': high}
            continue
        out[name] = int(number) if name in INTEGER else number
    try:
        start = values.get('start')
        out['start'] = (start if isinstance(start, date) else date.fromisoformat(str(start))) if start \
            else _next_monday()
    except ValueError:
        errors['start'] = _('Enter a date as YYYY-MM-DD.')
        out['start'] = _next_monday()
    weights = dict(WEIGHTS)
    for name, value in dict(values.get('weights') or {}).items():
        if name not in WEIGHTS:
            errors[f'weights.{name}'] = _('Unknown weight.')
            continue
        try:
            weights[name] = int(value)
            if weights[name] < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors[f'weights.{name}'] = _('Enter a whole number of zero or more.')
    for name in WEIGHTS:
        if f'w_{name}' in values:
            try:
                weights[name] = int(values[f'w_{name}'])
            except (TypeError, ValueError):
                errors[f'w_{name}'] = _('Enter a whole number of zero or more.')
    out['weights'] = weights
    end = out['start'] + timedelta(weeks=out['weeks'] * out['waves'])
    blackouts = values.get('blackouts')
    if blackouts is None:
        out['blackouts'] = inputs.default_blackouts(out['start'], end)
    else:
        out['blackouts'] = []
        for n, b in enumerate(_blackout_rows(blackouts), start=1):
            try:
                first, last = date.fromisoformat(str(b['start'])), date.fromisoformat(str(b['end']))
                factor = float(str(b.get('factor', 0)).replace(',', '.'))
                if last < first or not 0 <= factor <= 1:
                    raise ValueError
            except (KeyError, TypeError, ValueError):
                errors[f'blackouts.{n}'] = _('Blackout %(n)s: give a name, start and end dates (YYYY-MM-DD) '
                                             'and a capacity share between 0 and 1.') % {'n': n}
                continue
            out['blackouts'].append({'name': str(b.get('name') or _('Blackout %(n)s') % {'n': n}),
                                     'start': first.isoformat(), 'end': last.isoformat(), 'factor': factor})
    if errors:
        raise ValidationError(errors)
    out['start'] = out['start'].isoformat()
    return out


def _blackout_rows(value):
    """Blackouts as dicts, or as text lines 'name; start; end; share' (the form's textarea)."""
    if isinstance(value, str):
        rows = []
        for line in value.splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(';')]
            rows.append(dict(zip(('name', 'start', 'end', 'factor'), parts, strict=False)))
        return rows
    return list(value)


def _engine_constraints(constraints):
    out = dict(constraints)
    out['start'] = date.fromisoformat(constraints['start'])
    return out


def can_plan(user):
    return user is None or scoping.role_allows(user, WavePlan, scoping.CHANGE)


def create(user=None, constraints=None, title='', base=None):
    if not can_plan(user):
        raise PermissionDenied(_('Only the programme office plans waves.'))
    constraints = clean_constraints(constraints)
    version = (base.version + 1) if base else 1
    return WavePlan.objects.create(title=title or '', constraints=constraints, base=base, version=version,
                                   created_by=user)


def start(user=None, constraints=None, title='', base=None):
    """A queued plan and the job that will solve it."""
    with transaction.atomic():
        plan = create(user, constraints, title, base)
        job = jobs.enqueue(JOB_KIND, user=user, plan=plan.pk)
        WavePlan.objects.filter(pk=plan.pk).update(job=job)
        plan.job = job
    return plan


@jobs.task(JOB_KIND, gettext_lazy('Wave plan'))
def _job(job, progress, plan):
    done = execute(WavePlan.objects.get(pk=plan), progress=lambda s, o, b: progress(
        0, 1, _('Solution %(objective)s (bound %(bound)s) after %(seconds)s s') % {
            'objective': f'{o:,.0f}', 'bound': f'{b:,.0f}', 'seconds': s}))
    return {'plan': done.pk, 'status': done.status, 'objective': done.objective}


def execute(plan, progress=None, workers=2):
    """Read, solve, write. `progress(seconds, objective, bound)` on each improving solution."""
    began = time.perf_counter()
    WavePlan.objects.filter(pk=plan.pk).update(state=c.PlanState.RUNNING)
    try:
        loaded = inputs.load(_engine_constraints(plan.constraints))
        problem = loaded.problem
        result = solver.solve(problem, time_limit=plan.constraints['time_limit'], workers=workers,
                              progress=progress)
        violations = engine.check(problem, result.waves) if result.waves else []
        with transaction.atomic():
            rows = []
            for i, (sid, unit, strategy, machines) in enumerate(loaded.systems):
                item = problem.items[i]
                rows.append((plan.pk, unit, sid, result.waves.get(i), (result.greedy or {}).get(i),
                             item.group if item.group >= 0 else None, item.priority, item.effort, machines,
                             strategy))
            bulk.insert(WaveAssignment, ('plan_id', 'unit_id', 'system_id', 'wave', 'greedy_wave', 'group',
                                         'priority', 'effort_days', 'machines', 'strategy'), rows)
            WavePlan.objects.filter(pk=plan.pk).update(
                state=c.PlanState.DONE, status=result.status, objective=result.objective, bound=result.bound,
                greedy_objective=result.greedy_objective, assessment_id=loaded.assessment_id,
                result=_result(loaded, result, violations), problem=_problem_dump(problem),
                seconds=round(result.seconds, 2),
                finished_at=timezone.now())
    except Exception as exc:
        WavePlan.objects.filter(pk=plan.pk).update(state=c.PlanState.FAILED, error=str(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    plan.refresh_from_db()
    plan.total_s = round(time.perf_counter() - began, 2)
    return plan


def _result(loaded, result, violations):
    """What the plan shows: the objective's terms for both plans, the waves with their capacity and load,
    the groups, cycles and hubs, and the conflicts."""
    p = loaded.problem
    ids = [item.id for item in p.items]
    waves = []
    for k, w in enumerate(p.waves):
        here = [i for i, n in result.waves.items() if n == w.number]
        waves.append({'number': w.number, 'start': w.start.isoformat(), 'end': w.end.isoformat(),
                      'capacity': {d: engine.capacity(p, k, d) for d in engine.DIMENSIONS},
                      'per_unit': w.per_unit,
                      'load': {'systems': len(here), 'vms': sum(p.items[i].vms for i in here),
                               'effort': round(sum(p.items[i].effort for i in here), 1)},
                      'blackouts': [b.name for b in engine.blackouts_of(p, k)]})
    return {
        'terms': result.terms, 'greedy_terms': result.greedy_terms, 'gap': result.gap,
        'greedy_unplaced': [ids[i] for i in result.greedy_unplaced],
        'conflicts': result.conflicts, 'solutions': result.solutions[-50:], 'violations': violations,
        'waves': waves, 'groups': [[ids[i] for i in g] for g in loaded.groups],
        'cycles': [[ids[i] for i in cyc] for cyc in loaded.cycles], 'hubs': [ids[i] for i in loaded.hubs]}


def _problem_dump(p):
    return {'items': [[it.id, it.code, it.priority, it.effort, it.vms, it.unit, it.group, it.pin, it.not_before,
                       it.not_after, it.deadline.isoformat() if it.deadline else None] for it in p.items],
            'links': [[link.source, link.target, link.weight, int(link.hard)] for link in p.links],
            'waves': [[w.number, w.start.isoformat(), w.end.isoformat(), w.systems, w.vms, w.effort, w.per_unit]
                      for w in p.waves],
            'blackouts': [[b.name, b.start.isoformat(), b.end.isoformat(), b.factor] for b in p.blackouts],
            'weights': [p.weights.priority, p.weights.crossing, p.weights.length, p.weights.balance]}


def problem_of(plan):
    """The problem a plan was solved for, as it was then."""
    d = WavePlan.objects.filter(pk=plan.pk).values_list('problem', flat=True).get()
    items = [engine.Item(id=r[0], code=r[1], priority=r[2], effort=r[3], vms=r[4], unit=r[5], group=r[6],
                         pin=r[7], not_before=r[8], not_after=r[9],
                         deadline=date.fromisoformat(r[10]) if r[10] else None) for r in d['items']]
    links = [engine.Link(r[0], r[1], weight=r[2], hard=bool(r[3])) for r in d['links']]
    waves = [engine.Wave(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2]), systems=r[3], vms=r[4],
                         effort=r[5], per_unit=r[6]) for r in d['waves']]
    blackouts = [engine.Blackout(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2]), r[3])
                 for r in d['blackouts']]
    return engine.Problem(items, links, waves, blackouts, engine.Weights(*d['weights']))


# ---------------------------------------------------------------- reading

def latest(user=None):
    qs = WavePlan.objects.filter(state=c.PlanState.DONE).defer('problem')
    if user is not None:
        qs = scoping.scope(qs, user)
    return qs.order_by('-finished_at', '-pk').first()


def assignments(plan, user=None):
    qs = WaveAssignment.objects.filter(plan=plan)
    return scoping.scope(qs, user) if user is not None else qs


def payload(plan, user=None):
    """The plan as the API and `cloudmove plan waves --json` give it; the systems a user may not see are
    left out of the waves, and the figures of the whole plan stay."""
    by_wave = {}
    for sid, wave in assignments(plan, user).exclude(wave=None).order_by('system__code').values_list(
            'system_id', 'wave'):
        by_wave.setdefault(wave, []).append(sid)
    result = plan.result or {}
    return {
        'id': plan.pk, 'version': plan.version, 'state': plan.state, 'status': plan.status or None,
        'objective': plan.objective, 'bound': plan.bound, 'gap': result.get('gap'),
        'greedy_objective': plan.greedy_objective, 'terms': result.get('terms'),
        'greedy_terms': result.get('greedy_terms'), 'seconds': plan.seconds,
        'waves': [{'number': w['number'], 'start': w['start'], 'end': w['end'], 'capacity': w['capacity'],
                   'load': w['load'], 'blackouts': w['blackouts'], 'systems': by_wave.get(w['number'], [])}
                  for w in result.get('waves', [])],
        'conflicts': [dict(x, message=describe(x)) for x in _scoped_conflicts(plan, user, result)],
        'violations': len(result.get('violations', [])), 'assessment': plan.assessment_id,
        'constraints': dict(plan.constraints), 'error': plan.error or None}


def _scoped_conflicts(plan, user, result):
    """The conflicts, with the systems of units the user may not see named only as such."""
    found = result.get('conflicts', [])
    if user is None or scoping.sees_all(WaveAssignment, user) or not found:
        return found
    visible = set(assignments(plan, user).values_list('system__code', flat=True))
    hidden = _('a system of another unit')

    def name(code):
        return code if code in visible else hidden

    out = []
    for conflict in found:
        conflict = dict(conflict)
        for key in ('system', 'on'):
            if key in conflict:
                conflict[key] = name(conflict[key])
        if isinstance(conflict.get('systems'), list):
            conflict['systems'] = [name(code) for code in conflict['systems']]
        out.append(conflict)
    return out


def why(plan, system, user=None):
    """Why a system is in its wave: for each earlier wave, the constraints that keep it out, as text."""
    row = assignments(plan, user).filter(system=system).first()
    if row is None or row.wave is None:
        return None
    problem = problem_of(plan)
    index = {item.id: k for k, item in enumerate(problem.items)}
    plan_waves = dict(assignments(plan).exclude(wave=None).values_list('system_id', 'wave'))
    placed = {index[sid]: w for sid, w in plan_waves.items() if sid in index}
    out = explain.why(problem, placed, index[system.pk])
    for entry in out:
        entry['reasons'] = [dict(r, message=describe(r)) for r in entry['reasons']]
    return {'system': system.pk, 'code': system.code, 'wave': row.wave, 'earlier': out,
            'binding': sorted({r['code'] for e in out for r in e['reasons']})}


def describe(reason):
    """One reason or conflict as a sentence in the user's language."""
    r = reason
    code = r.get('code')
    dims = {'systems': _('systems'), 'vms': _('machines'), 'effort': _('person-days'), None: _('systems')}
    if code == 'blackout':
        return _('Blackout period "%(name)s".') % {'name': r.get('blackout')}
    if code == 'capacity':
        if 'used' in r:
            return _('Capacity full: %(used)s of %(capacity)s %(dim)s used, %(needs)s more needed.') % {
                'used': r['used'], 'capacity': r['capacity'], 'needs': r['needs'], 'dim': dims[r['dimension']]}
        return _('Capacity of wave %(wave)s: %(capacity)s %(dim)s.') % {
            'wave': r['wave'], 'capacity': r['capacity'], 'dim': dims[r.get('dimension')]}
    if code == 'unit_capacity':
        if 'used' in r:
            return _('The lead unit already has %(used)s of its %(capacity)s systems in this wave.') % r
        return _('Systems per lead unit in wave %(wave)s: at most %(capacity)s.') % r
    if code == 'dependency':
        if 'wave' in r:
            return _('%(system)s depends on %(on)s, which moves in wave %(wave)s.') % r
        return _('%(system)s moves no earlier than %(on)s, which it depends on.') % r
    if code == 'group':
        if 'systems' in r and isinstance(r['systems'], list):
            return _('Move group of %(n)s systems (%(codes)s) moves in one wave.') % {
                'n': len(r['systems']), 'codes': ', '.join(r['systems'][:8])}
        return _('It moves with its group of %(n)s systems.') % {'n': r.get('systems')}
    if code == 'pin':
        return _('%(system)s is pinned to wave %(value)s.') % r
    if code == 'not_before':
        return _('%(system)s moves no earlier than wave %(value)s.') % r
    if code == 'not_after':
        return _('%(system)s moves no later than wave %(value)s.') % r
    if code == 'deadline':
        return _('%(system)s must have moved by %(value)s.') % r
    if code == 'objective':
        return _('Allowed, but the objective would rise by %(delta)s (priority, crossing links, length, '
                 'balance).') % {'delta': f"{r['delta']:,.0f}"}
    return str(code)


def compare(old, new, user=None):
    """Systems whose wave differs between two plans, and the change in each objective term."""
    before = dict(assignments(old, user).values_list('system_id', 'wave'))
    after = dict(assignments(new, user).values_list('system_id', 'wave'))
    moved = [{'system': pk, 'before': before.get(pk), 'after': after.get(pk)}
             for pk in sorted(set(before) | set(after)) if before.get(pk) != after.get(pk)]
    terms = {k: (v or 0) - ((old.result or {}).get('terms') or {}).get(k, 0)
             for k, v in ((new.result or {}).get('terms') or {}).items()}
    return {'moved': moved, 'objective': (new.objective or 0) - (old.objective or 0), 'terms': terms}


def replan(plan, user=None, changes=None):
    """A new version of a plan with some constraints changed (pins are read afresh)."""
    constraints = {**plan.constraints, **(changes or {})}
    return start(user, constraints, title=plan.title, base=plan)


# ---------------------------------------------------------------- pins

def set_pin(user, system, reason, wave=None, not_before=None, not_after=None, deadline=None):
    if not (reason or '').strip():
        raise ValidationError({'reason': _('Give the reason for the pin.')})
    pin = WavePin.objects.filter(system=system).first() or WavePin(system=system)
    scoping.ensure(user, pin, scoping.CHANGE)
    pin.wave, pin.not_before, pin.not_after, pin.deadline = wave, not_before, not_after, deadline
    pin.reason = reason.strip()
    pin.save()
    return pin
