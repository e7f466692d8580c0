"""The optimised plan: CP-SAT over the move groups, every constraint hard, hinted with the better
constructor, with a bound from relaxations beside the solver's own."""

import math
import time
from collections import defaultdict

from cloudmove.planning.engine.construct import affinity, greedy
from cloudmove.planning.engine.explain import conflicts
from cloudmove.planning.engine.improve import improve
from cloudmove.planning.engine.waves import (
    DIMENSIONS,
    Plan,
    allowed,
    capacity,
    contract,
    effort_days,
    evaluate,
    factor,
    is_closed,
)

LOCAL_SHARE = 0.4   # of the time limit, at most, for the local search before CP-SAT


def solve(problem, time_limit=60.0, workers=2, progress=None, seed=1, log=False):
    """The optimised plan, every constraint hard, within `time_limit` seconds in all: CP-SAT over the move
    groups, hinted with the better of the greedy baseline and the affinity constructor after a local search
    (moves and swaps, `improve`). The bound given is
    the better of the solver's and `lower_bound`'s. `progress(seconds, objective, bound)` is called on
    each improving solution."""
    began = time.perf_counter()
    base, unplaced = greedy(problem)
    plan = Plan('UNKNOWN', {}, greedy=base if not unplaced else None, greedy_unplaced=unplaced)
    if not unplaced:
        plan.greedy_objective, plan.greedy_terms = evaluate(problem, base)
    nodes, node_of, prec, cross = contract(problem)
    if any(not any(allowed(problem, v, k) for k in range(len(problem.waves))) for v in nodes):
        plan.status = 'INFEASIBLE'
        plan.conflicts = conflicts(problem, time_limit=min(10.0, time_limit))
        plan.seconds = time.perf_counter() - began
        return plan
    candidates = [base] if not unplaced else []
    other, missing = affinity(problem)
    if not missing:
        candidates.append(other)
    lower = lower_bound(problem)

    def report(objective, bound):
        entry = (round(time.perf_counter() - began, 2), objective, max(bound, lower))
        plan.solutions.append(entry)
        if progress:
            progress(*entry)

    best = min(candidates, key=lambda c: evaluate(problem, c)[0]) if candidates else None
    if best is not None:
        report(evaluate(problem, best)[0], lower)
        # Local search first (up to 40 % of the time), so CP-SAT starts from linked systems sharing waves.
        at = improve(problem, nodes, prec, cross, _hint_of(problem, best, nodes),
                     began + LOCAL_SHARE * time_limit, seed=seed)
        better = {i: problem.waves[at[v]].number for v, node in enumerate(nodes) for i in node.items}
        if evaluate(problem, better)[0] < evaluate(problem, best)[0]:
            best = better
            report(evaluate(problem, best)[0], lower)

    status, at, bound = _cp_solve(problem, nodes, prec, cross, _hint_of(problem, best, nodes) if best else None,
                                  began + time_limit - 0.5, workers, seed, log, report)   # 0.5 s to write
    if at is not None:
        for v, node in enumerate(nodes):
            for i in node.items:
                plan.waves[i] = problem.waves[at[v]].number
        if best is not None and evaluate(problem, best)[0] < evaluate(problem, plan.waves)[0]:
            plan.waves = dict(best)
        plan.status = status
    elif status == 'INFEASIBLE':
        plan.status = 'INFEASIBLE'
        plan.conflicts = conflicts(problem, time_limit=min(10.0, time_limit))
    elif best is not None:
        plan.status, plan.waves = 'FEASIBLE', dict(best)     # no better plan in the time left
    if plan.waves:
        plan.objective, plan.terms = evaluate(problem, plan.waves)
        plan.bound = plan.objective if plan.status == 'OPTIMAL' else max(bound or 0, lower)
        if not plan.solutions or plan.solutions[-1][1] != plan.objective:
            report(plan.objective, plan.bound)   # found in presolve, without a callback
    plan.seconds = time.perf_counter() - began
    return plan


def lower_bound(problem):
    """A bound no plan can beat, from relaxations the solver's own bound may miss on large problems:
    priorities sorted into the earliest capacity (systems and effort separately), the fewest waves the work
    needs, and the work spread evenly over the open waves."""
    w = problem.weights
    nw = len(problem.waves)
    order = sorted((it.priority for it in problem.items), reverse=True)
    best_priority = 0
    for dim in ('systems', 'effort'):
        caps = [capacity(problem, k, dim) for k in range(nw)]
        if any(c is None for c in caps):
            continue
        sizes = sorted(((it.priority, 1 if dim == 'systems' else effort_days(it)) for it in problem.items),
                       key=lambda t: -t[0] / max(t[1], 1))
        total, k, room = 0.0, 0, float(caps[0]) if caps else 0.0
        for prio, size in sizes:
            need = float(size)
            while need > 1e-9 and k < nw:
                take = min(need, room)
                total += prio * k * (take / max(size, 1e-9))
                need -= take
                room -= take
                if room <= 1e-9:
                    k += 1
                    room = float(caps[k]) if k < nw else 0.0
        best_priority = max(best_priority, int(math.floor(total)))
    if not order:
        return 0
    effort = sum(effort_days(it) for it in problem.items)
    open_k = [k for k in range(nw) if not is_closed(problem, k)]
    caps = [capacity(problem, k, 'effort') for k in open_k]
    length = 0
    if caps and all(c is not None for c in caps):
        room = 0
        for k, c in zip(open_k, caps, strict=True):
            room += c
            if room >= effort:
                length = k
                break
    balance = math.ceil(effort / len(open_k)) if open_k else 0
    return w.priority * best_priority + w.length * length + w.balance * balance


def _hint_of(problem, plan, nodes):
    """A plan (item -> wave number) as wave indices per node (its first item's)."""
    return [problem.wave_index[plan[node.items[0]]] for node in nodes]


def _cp_solve(problem, nodes, prec, cross, hint, deadline, workers, seed, log, report):
    """One CP-SAT model over `nodes` (each moves in one wave): (status, wave index per node or None, bound)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    nw = len(problem.waves)
    x, pos = {}, []
    for v, node in enumerate(nodes):
        ks = [k for k in range(nw) if allowed(problem, node, k)]
        if not ks:
            return 'INFEASIBLE', None, None
        lits = {k: model.NewBoolVar(f'x{v}_{k}') for k in ks}
        x[v] = lits
        model.AddExactlyOne(lits.values())
        p = model.NewIntVar(min(ks), max(ks), f'w{v}')
        model.Add(p == sum(k * lit for k, lit in lits.items()))
        pos.append(p)
    by_wave = defaultdict(list)
    for v, lits in x.items():
        for k, lit in lits.items():
            by_wave[k].append((v, lit))
    effort_load = []
    for k in range(nw):
        entries = by_wave.get(k, [])
        for dim in DIMENSIONS:
            cap = capacity(problem, k, dim)
            if cap is not None:
                model.Add(sum(nodes[v].size[dim] * lit for v, lit in entries) <= int(cap))
        per_unit = problem.waves[k].per_unit
        if per_unit is not None:
            cap = int(math.floor(per_unit * factor(problem, k) + 1e-9))
            units = defaultdict(list)
            for v, lit in entries:
                for u, n in nodes[v].units.items():
                    units[u].append(n * lit)
            for terms in units.values():
                model.Add(sum(terms) <= cap)
        effort_load.append(sum(nodes[v].size['effort'] * lit for v, lit in entries))
    for a, b in prec:
        model.Add(pos[a] >= pos[b])
    crossing, crossing_vars = [], []
    for (a, b), weight in cross.items():
        c = model.NewBoolVar(f'c{a}_{b}')
        model.Add(pos[a] == pos[b]).OnlyEnforceIf(c.Not())
        crossing.append(weight * c)
        crossing_vars.append(c)
    last = model.NewIntVar(0, nw - 1, 'last')
    for p in pos:
        model.Add(last >= p)
    peak = model.NewIntVar(0, max(sum(n.size['effort'] for n in nodes), 0), 'peak')
    for load in effort_load:
        model.Add(peak >= load)
    w = problem.weights
    model.Minimize(w.priority * sum(n.priority * p for n, p in zip(nodes, pos, strict=True))
                   + w.crossing * sum(crossing) + w.length * last + w.balance * peak)
    if hint is not None:
        # Every variable hinted, so the first solution is the hint itself.
        for v in range(len(nodes)):
            model.AddHint(pos[v], hint[v])
            for kk, lit in x[v].items():
                model.AddHint(lit, kk == hint[v])
        for (a, b), c in zip(cross, crossing_vars, strict=True):
            model.AddHint(c, hint[a] != hint[b])
        model.AddHint(last, max(hint, default=0))
        loads = defaultdict(int)
        for v, node in enumerate(nodes):
            loads[hint[v]] += node.size['effort']
        model.AddHint(peak, max(loads.values(), default=0))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, deadline - time.perf_counter())   # what is left
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    solver.parameters.log_search_progress = bool(log)

    class Progress(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            if report:
                report(self.ObjectiveValue(), self.BestObjectiveBound())

    status = solver.Solve(model, Progress())
    name = {cp_model.OPTIMAL: 'OPTIMAL', cp_model.FEASIBLE: 'FEASIBLE',
            cp_model.INFEASIBLE: 'INFEASIBLE'}.get(status, 'UNKNOWN')
    if name not in ('OPTIMAL', 'FEASIBLE'):
        return name, None, None
    return name, [solver.Value(p) for p in pos], solver.BestObjectiveBound()
