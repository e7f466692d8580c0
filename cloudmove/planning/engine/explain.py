"""Explanations: `why` names the constraints that keep a system out of each earlier wave; `conflicts`
explains an impossible problem by the smallest set of its constraints that cannot hold together."""

import math
import time
from collections import defaultdict

from cloudmove.planning.engine.waves import (
    DIMENSIONS,
    WINDOW_KINDS,
    Link,
    Problem,
    allowed,
    blackouts_of,
    contract,
    effort_days,
    evaluate,
    factor,
    fits,
    in_window,
    plain,
)

# ---------------------------------------------------------------- why a system is in its wave

def why(problem, waves, i):
    """For each earlier wave, what keeps item `i` (with its whole group) out of it, the rest of the plan
    unchanged: [{'wave': n, 'reasons': [{'code': ..., ...}]}]. An earlier wave with no reason is one the
    objective chose against: its reason is 'objective' with the change in the objective that moving costs."""
    index = problem.wave_index
    item = problem.items[i]
    current = index[waves[i]]
    mates = [j for j, it in enumerate(problem.items) if item.group >= 0 and it.group == item.group] or [i]
    moving = set(mates)
    load = [dict.fromkeys(DIMENSIONS, 0.0) for _ in problem.waves]
    unit_load = [defaultdict(int) for _ in problem.waves]
    for j, number in waves.items():
        if j in moving:
            continue
        k = index[number]
        it = problem.items[j]
        load[k]['systems'] += 1
        load[k]['vms'] += it.vms
        load[k]['effort'] += max(0.0, it.effort or 0.0)
        unit_load[k][it.unit] += 1
    size = {'systems': len(mates), 'vms': sum(problem.items[j].vms for j in mates),
            'effort': sum(max(0.0, problem.items[j].effort or 0.0) for j in mates)}
    units = defaultdict(int)
    for j in mates:
        units[problem.items[j].unit] += 1
    out = []
    for k in range(current):
        w = problem.waves[k]
        reasons = []
        for b in blackouts_of(problem, k):
            if b.factor <= 0:
                reasons.append({'code': 'blackout', 'blackout': b.name})
        for j in mates:
            it = problem.items[j]
            for kind in WINDOW_KINDS:
                value = getattr(it, kind)
                if value is not None and not in_window(problem, it, kind, k):
                    reasons.append({'code': kind, 'system': it.code, 'value': plain(value)})
        for link in problem.links:
            if link.hard and link.source in moving and link.target not in moving and \
                    index[waves[link.target]] > k:
                reasons.append({'code': 'dependency', 'system': problem.items[link.source].code,
                                'on': problem.items[link.target].code, 'wave': waves[link.target]})
        if not reasons:
            f = factor(problem, k)
            for dim in DIMENSIONS:
                cap = getattr(w, dim)
                if cap is not None and load[k][dim] + size[dim] > cap * f + 1e-6:
                    reasons.append({'code': 'capacity', 'dimension': dim, 'used': round(load[k][dim], 1),
                                    'needs': round(size[dim], 1), 'capacity': round(cap * f, 1),
                                    'blackout': next((b.name for b in blackouts_of(problem, k)), '')})
            if w.per_unit is not None:
                cap = w.per_unit * f
                for u, n in units.items():
                    if unit_load[k][u] + n > cap + 1e-6:
                        reasons.append({'code': 'unit_capacity', 'unit': u, 'used': unit_load[k][u],
                                        'capacity': cap})
        if reasons and len(mates) > 1:
            reasons.append({'code': 'group', 'systems': len(mates)})
        if not reasons:
            moved = dict(waves)
            for j in mates:
                moved[j] = w.number
            before, _ = evaluate(problem, waves)
            after, terms = evaluate(problem, moved)
            reasons.append({'code': 'objective', 'delta': after - before, 'terms': terms})
        out.append({'wave': w.number, 'reasons': reasons})
    return out


# ---------------------------------------------------------------- infeasibility

def conflicts(problem, time_limit=10.0):
    """The smallest set of constraints found that cannot hold together, from CP-SAT's assumptions: every
    capacity row, blackout, pin, deadline, group and hard dependency gets an enforcement literal; the
    solver's sufficient set is then shrunk by dropping one constraint at a time while it stays impossible.
    A move group that fits no wave on its own (its pins, deadlines and blackouts leave none, or it is larger
    than every wave left) is explained from its own systems alone, which is quick at any size.
    Returns [{'code': family, ...}] (empty when the problem is feasible)."""
    began = time.perf_counter()
    nodes, _node_of, _prec, _cross = contract(problem)
    load = [dict.fromkeys(DIMENSIONS, 0) for _ in problem.waves]
    unit_load = [defaultdict(int) for _ in problem.waves]
    for node in nodes:
        if any(allowed(problem, node, k) and fits(problem, node, k, load, unit_load)
               for k in range(len(problem.waves))):
            continue
        members = set(node.items)
        local = [i for i in range(len(problem.items)) if i in members]
        position = {i: k for k, i in enumerate(local)}
        sub = Problem([problem.items[i] for i in local],
                      [Link(position[lk.source], position[lk.target], lk.weight, lk.hard)
                       for lk in problem.links if lk.source in members and lk.target in members],
                      problem.waves, problem.blackouts, problem.weights)
        found = _conflicts(sub, max(1.0, time_limit - (time.perf_counter() - began)))
        if found:
            return found
    return _conflicts(problem, max(1.0, time_limit - (time.perf_counter() - began)))


def _conflicts(problem, time_limit):
    from ortools.sat.python import cp_model

    began = time.perf_counter()
    nw = len(problem.waves)
    constraints = _constraints(problem)

    def infeasible(active, seconds):
        model = cp_model.CpModel()
        x = [[model.NewBoolVar(f'x{i}_{k}') for k in range(nw)] for i in range(len(problem.items))]
        pos = []
        for i in range(len(problem.items)):
            model.AddExactlyOne(x[i])
            p = model.NewIntVar(0, nw - 1, f'w{i}')
            model.Add(p == sum(k * x[i][k] for k in range(nw)))
            pos.append(p)
        lits = []
        for n, con in enumerate(constraints):
            if n not in active:
                continue
            lit = model.NewBoolVar(f'a{n}')
            lits.append((lit, n))
            _post(model, problem, con, x, pos, lit)
        model.AddAssumptions([lit for lit, _ in lits])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, seconds)
        solver.parameters.num_workers = 1
        status = solver.Solve(model)
        if status != cp_model.INFEASIBLE:
            return None
        by_index = {lit.Index(): n for lit, n in lits}
        return {by_index[i] for i in solver.SufficientAssumptionsForInfeasibility() if i in by_index}

    core = infeasible(set(range(len(constraints))), time_limit / 2)
    if core is None:
        return []
    for n in sorted(core):
        if n not in core:
            continue
        left = time_limit - (time.perf_counter() - began)
        if left <= 0.2:
            break
        smaller = infeasible(core - {n}, min(left, 2.0))
        if smaller is not None:
            core = smaller
    return [_describe(problem, constraints[n]) for n in sorted(core)]


def _constraints(problem):
    out = []
    for k, w in enumerate(problem.waves):
        for dim in DIMENSIONS:
            if getattr(w, dim) is not None:
                out.append(('capacity', k, dim))
        if w.per_unit is not None:
            out.append(('unit_capacity', k, None))
    for b, blackout in enumerate(problem.blackouts):
        if any(blackout.start <= w.end and blackout.end >= w.start for w in problem.waves):
            out.append(('blackout', b, None))
    for i, item in enumerate(problem.items):
        for kind in WINDOW_KINDS:
            if getattr(item, kind) is not None:
                out.append((kind, i, None))
    groups = sorted({item.group for item in problem.items if item.group >= 0})
    for g in groups:
        out.append(('group', g, None))
    for n, link in enumerate(problem.links):
        if link.hard:
            out.append(('dependency', n, None))
    return out


def _post(model, problem, con, x, pos, lit):
    kind, a, dim = con
    items = problem.items
    if kind == 'capacity':
        cap = getattr(problem.waves[a], dim)
        size = [1 if dim == 'systems' else it.vms if dim == 'vms' else effort_days(it) for it in items]
        model.Add(sum(s * x[i][a] for i, s in enumerate(size)) <= int(math.floor(cap + 1e-9))).OnlyEnforceIf(lit)
    elif kind == 'unit_capacity':
        cap = problem.waves[a].per_unit
        units = defaultdict(list)
        for i, it in enumerate(items):
            units[it.unit].append(x[i][a])
        for lits in units.values():
            model.Add(sum(lits) <= cap).OnlyEnforceIf(lit)
    elif kind == 'blackout':
        b = problem.blackouts[a]
        for k, w in enumerate(problem.waves):
            if not (b.start <= w.end and b.end >= w.start):
                continue
            if b.factor <= 0:
                for i in range(len(items)):
                    model.Add(x[i][k] == 0).OnlyEnforceIf(lit)
                continue
            for dim in DIMENSIONS:
                cap = getattr(w, dim)
                if cap is None:
                    continue
                size = [1 if dim == 'systems' else it.vms if dim == 'vms' else effort_days(it) for it in items]
                model.Add(sum(s * x[i][k] for i, s in enumerate(size)) <= int(math.floor(cap * b.factor + 1e-9))) \
                    .OnlyEnforceIf(lit)
            if w.per_unit is not None:
                units = defaultdict(list)
                for i, it in enumerate(items):
                    units[it.unit].append(x[i][k])
                for lits in units.values():
                    model.Add(sum(lits) <= int(math.floor(w.per_unit * b.factor + 1e-9))).OnlyEnforceIf(lit)
    elif kind in WINDOW_KINDS:
        for k in range(len(problem.waves)):
            if not in_window(problem, items[a], kind, k):
                model.Add(x[a][k] == 0).OnlyEnforceIf(lit)
    elif kind == 'group':
        members = [i for i, it in enumerate(items) if it.group == a]
        for i in members[1:]:
            model.Add(pos[i] == pos[members[0]]).OnlyEnforceIf(lit)
    elif kind == 'dependency':
        link = problem.links[a]
        model.Add(pos[link.source] >= pos[link.target]).OnlyEnforceIf(lit)


def _describe(problem, con):
    kind, a, dim = con
    if kind in ('capacity', 'unit_capacity'):
        w = problem.waves[a]
        return {'code': kind, 'wave': w.number, 'dimension': dim,
                'capacity': getattr(w, dim) if dim else w.per_unit}
    if kind == 'blackout':
        b = problem.blackouts[a]
        return {'code': kind, 'blackout': b.name, 'start': b.start.isoformat(), 'end': b.end.isoformat(),
                'factor': b.factor}
    if kind in WINDOW_KINDS:
        item = problem.items[a]
        return {'code': kind, 'system': item.code, 'value': plain(getattr(item, kind))}
    if kind == 'group':
        members = [it.code for it in problem.items if it.group == a]
        return {'code': kind, 'group': a, 'systems': members}
    link = problem.links[a]
    return {'code': kind, 'system': problem.items[link.source].code, 'on': problem.items[link.target].code}
