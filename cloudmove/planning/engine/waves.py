"""The wave planner: which wave each system moves in, under every constraint at once.

A problem is items (systems to move), links between them, waves with capacities, blackout periods and
objective weights. `greedy` is the baseline (topological order, highest priority first, first wave that
fits); `solve` optimises with OR-Tools CP-SAT, hinted with the greedy plan; `check` is an independent
checker that reads the problem and a plan, never the solver's model; `evaluate` scores any plan with the
objective both use; `why` names the constraints that keep a system out of each earlier wave; `conflicts`
explains an impossible problem by the smallest set of its constraints that cannot hold together.

Objective (minimised, integers; weights in Weights, defaults documented in docs/planning.md):
    priority × Σ priority(system) × wave index           high-priority systems early
  + crossing × Σ weight(link) over links between waves   criticality low 1, medium 2, high 4, critical 8
  + length   × index of the last wave used               a shorter programme
  + balance  × effort of the busiest wave (person-days)  balanced waves
Efforts count in whole person-days, rounded up, so a plan the solver accepts never exceeds a capacity.
"""

import heapq
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from cloudmove.planning.engine import graph

DIMENSIONS = ('systems', 'vms', 'effort')
CRITICALITY_WEIGHT = {'low': 1, 'medium': 2, 'high': 4, 'critical': 8}


@dataclass
class Item:
    id: int
    code: str
    priority: int = 50               # 0-100, from the assessment
    effort: float = 5.0              # person-days
    vms: int = 1
    unit: int = 0                    # lead unit
    group: int = -1                  # move group index, -1 alone
    pin: int = None                  # wave number it must move in
    not_before: int = None           # wave numbers
    not_after: int = None
    deadline: date = None            # must have moved by (its wave ends on or before)


@dataclass
class Link:
    source: int                      # item index that depends on ...
    target: int                      # ... this item index
    weight: int = 2
    hard: bool = False               # the source moves no earlier than the target


@dataclass
class Wave:
    number: int
    start: date
    end: date
    systems: int = None              # capacities; None: unlimited
    vms: int = None
    effort: float = None
    per_unit: int = None             # systems of one lead unit in the wave


@dataclass
class Blackout:
    name: str
    start: date
    end: date
    factor: float = 0.0              # share of capacity left in an overlapping wave; 0: no moves at all


@dataclass
class Weights:
    priority: int = 1
    crossing: int = 20
    length: int = 2000
    balance: int = 10


@dataclass
class Problem:
    items: list
    links: list
    waves: list
    blackouts: list = field(default_factory=list)
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self):
        self.waves = sorted(self.waves, key=lambda w: w.number)
        self.wave_index = {w.number: k for k, w in enumerate(self.waves)}


@dataclass
class Plan:
    status: str                      # OPTIMAL / FEASIBLE / INFEASIBLE / UNKNOWN
    waves: dict                      # item index -> wave number
    objective: float = None
    bound: float = None
    terms: dict = None
    greedy: dict = None              # the baseline's plan (item index -> wave number), None if it failed
    greedy_objective: float = None
    greedy_terms: dict = None
    greedy_unplaced: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    solutions: list = field(default_factory=list)   # (seconds, objective, bound) of each improving solution
    seconds: float = 0.0

    @property
    def gap(self):
        if self.objective is None or self.bound is None:
            return None
        return 0.0 if self.objective == 0 else max(0.0, (self.objective - self.bound) / abs(self.objective))


def effort_days(item):
    return int(math.ceil(max(0.0, item.effort or 0.0) - 1e-9))


# ---------------------------------------------------------------- capacities and windows

def blackouts_of(problem, k):
    w = problem.waves[k]
    return [b for b in problem.blackouts if b.start <= w.end and b.end >= w.start]


def factor(problem, k):
    return min((b.factor for b in blackouts_of(problem, k)), default=1.0)


def capacity(problem, k, dim, with_blackouts=True):
    """A wave's capacity in one dimension, reduced by the blackouts it overlaps; None when unlimited."""
    cap = getattr(problem.waves[k], dim)
    if cap is None:
        return None
    f = factor(problem, k) if with_blackouts else 1.0
    return int(math.floor(cap * f + 1e-9)) if dim != 'effort' else math.floor(cap * f + 1e-9)


def is_closed(problem, k):
    return factor(problem, k) <= 0


def deadline_index(problem, deadline):
    """The last wave index that ends on or before `deadline` (-1: none does)."""
    last = -1
    for k, w in enumerate(problem.waves):
        if w.end <= deadline:
            last = k
    return last


def window(problem, item):
    """The wave indices an item's pins and deadline allow, as (lo, hi); lo > hi when none."""
    lo, hi = 0, len(problem.waves) - 1
    index = problem.wave_index
    if item.pin is not None:
        k = index.get(item.pin, -1)
        lo, hi = max(lo, k), min(hi, k) if k >= 0 else -1
    if item.not_before is not None:
        lo = max(lo, _at_or_after(problem, item.not_before))
    if item.not_after is not None:
        hi = min(hi, _at_or_before(problem, item.not_after))
    if item.deadline is not None:
        hi = min(hi, deadline_index(problem, item.deadline))
    return lo, hi


WINDOW_KINDS = ('pin', 'not_before', 'not_after', 'deadline')


def _in_window(problem, item, kind, k):
    """Whether wave index k meets one of the item's window constraints alone."""
    lo, hi = window(problem, Item(item.id, item.code, **{kind: getattr(item, kind)}))
    return lo <= k <= hi


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _at_or_after(problem, number):
    return next((k for k, w in enumerate(problem.waves) if w.number >= number), len(problem.waves))


def _at_or_before(problem, number):
    return max((k for k, w in enumerate(problem.waves) if w.number <= number), default=-1)


# ---------------------------------------------------------------- contraction into move groups

@dataclass
class Node:
    items: list
    lo: int
    hi: int
    size: dict                       # dimension -> amount
    units: dict                      # lead unit -> systems
    priority: int


def contract(problem):
    """Each move group becomes one node (it moves in one wave); its window is the members' intersection."""
    members = defaultdict(list)
    for i, item in enumerate(problem.items):
        members[('g', item.group) if item.group >= 0 else ('i', i)].append(i)
    nodes, node_of = [], [0] * len(problem.items)
    for key in sorted(members, key=lambda k: members[k][0]):
        its = members[key]
        lo, hi = 0, len(problem.waves) - 1
        units = defaultdict(int)
        for i in its:
            a, b = window(problem, problem.items[i])
            lo, hi = max(lo, a), min(hi, b)
            units[problem.items[i].unit] += 1
            node_of[i] = len(nodes)
        nodes.append(Node(its, lo, hi, {'systems': len(its), 'vms': sum(problem.items[i].vms for i in its),
                                        'effort': sum(effort_days(problem.items[i]) for i in its)},
                          dict(units), sum(problem.items[i].priority for i in its)))
    prec, cross = set(), defaultdict(int)
    for link in problem.links:
        a, b = node_of[link.source], node_of[link.target]
        if a == b:
            continue
        if link.hard:
            prec.add((a, b))
        cross[(min(a, b), max(a, b))] += link.weight
    return nodes, node_of, sorted(prec), dict(cross)


def _allowed(problem, node, k):
    return node.lo <= k <= node.hi and not is_closed(problem, k)


def _fits(problem, node, k, load, unit_load):
    for dim in DIMENSIONS:
        cap = capacity(problem, k, dim)
        if cap is not None and load[k][dim] + node.size[dim] > cap:
            return False
    per_unit = problem.waves[k].per_unit
    if per_unit is not None:
        cap = int(math.floor(per_unit * factor(problem, k) + 1e-9))
        if any(unit_load[k][u] + n > cap for u, n in node.units.items()):
            return False
    return True


# ---------------------------------------------------------------- objective

def evaluate(problem, waves):
    """The objective's terms and total for a plan (item index -> wave number)."""
    index = problem.wave_index
    pos = {i: index[w] for i, w in waves.items()}
    terms = {'priority': sum(problem.items[i].priority * k for i, k in pos.items()),
             'crossing': sum(link.weight for link in problem.links
                             if pos.get(link.source) != pos.get(link.target)),
             'length': max(pos.values(), default=0)}
    effort = defaultdict(int)
    for i, k in pos.items():
        effort[k] += effort_days(problem.items[i])
    terms['balance'] = max(effort.values(), default=0)
    w = problem.weights
    total = (w.priority * terms['priority'] + w.crossing * terms['crossing'] + w.length * terms['length']
             + w.balance * terms['balance'])
    return total, terms


# ---------------------------------------------------------------- greedy baseline

@dataclass
class _Blocks:
    """Move groups with the hard-dependency cycles between them merged: what the constructors place."""
    nodes: list
    members: dict                    # block -> node indices
    merged: dict                     # block -> Node (sizes, window, units summed)
    needs: dict                      # block -> blocks it depends on
    feeds: dict                      # block -> blocks that depend on it
    latest: dict                     # block -> the latest wave index it and its dependants allow
    priority: dict                   # block -> highest mean priority of its nodes
    links: dict                      # block -> {other block: link weight}


def _blocks(problem):
    nodes, node_of, prec, cross = contract(problem)
    block_of = list(range(len(nodes)))
    members = {v: [v] for v in range(len(nodes))}
    for part in graph.strongly_connected(len(nodes), prec):
        for v in part:
            block_of[v] = part[0]
            members.pop(v, None)
        members[part[0]] = part
    needs, feeds = defaultdict(set), defaultdict(set)
    for a, b in prec:
        ba, bb = block_of[a], block_of[b]
        if ba != bb:
            needs[ba].add(bb)
            feeds[bb].add(ba)
    merged = {b: Node([i for v in vs for i in nodes[v].items], max(nodes[v].lo for v in vs),
                      min(nodes[v].hi for v in vs), {d: sum(nodes[v].size[d] for v in vs) for d in DIMENSIONS},
                      _sum_units(nodes[v].units for v in vs), sum(nodes[v].priority for v in vs))
              for b, vs in members.items()}
    # A prerequisite inherits the latest wave its dependants may use, so a deadline pulls its chain forward.
    latest = {b: merged[b].hi for b in members}
    for b in reversed(_topological(members, needs, feeds)):
        for c in feeds[b]:
            latest[b] = min(latest[b], latest[c])
    links = defaultdict(lambda: defaultdict(int))
    for (a, b), weight in cross.items():
        ba, bb = block_of[a], block_of[b]
        if ba != bb:
            links[ba][bb] += weight
            links[bb][ba] += weight
    priority = {b: max(nodes[v].priority / len(nodes[v].items) for v in vs) for b, vs in members.items()}
    return _Blocks(nodes, members, merged, needs, feeds, latest, priority, links)


def _place(problem, blocks, at):
    plan = {}
    for b, k in at.items():
        for i in blocks.merged[b].items:
            plan[i] = problem.waves[k].number
    return plan


def greedy(problem):
    """The baseline. Topological order of the hard dependencies (cycles move as one), the most urgent
    (latest allowed wave, its dependants' deadlines included) then the highest priority first, each into the
    first wave at or after its prerequisites that is open, allowed and has room. Returns (plan, the item
    indices it could not place)."""
    bl = _blocks(problem)
    waiting = {b: len(bl.needs[b]) for b in bl.members}
    key = {b: (bl.latest[b], -bl.priority[b], bl.merged[b].items[0]) for b in bl.members}
    ready = [(key[b], b) for b, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    at, unplaced = {}, []
    load = [dict.fromkeys(DIMENSIONS, 0) for _ in problem.waves]
    unit_load = [defaultdict(int) for _ in problem.waves]
    while ready:
        _, b = heapq.heappop(ready)
        node = bl.merged[b]
        earliest = max([node.lo] + [at.get(p, len(problem.waves)) for p in bl.needs[b]])
        placed = next((k for k in range(earliest, node.hi + 1)
                       if _allowed(problem, node, k) and _fits(problem, node, k, load, unit_load)), None)
        if placed is None:
            unplaced.extend(node.items)
        else:
            at[b] = placed
            _add(node, placed, load, unit_load)
        for c in bl.feeds[b]:
            waiting[c] -= 1
            if waiting[c] == 0:
                heapq.heappush(ready, (key[c], c))
    return _place(problem, bl, at), sorted(unplaced)


def _add(node, k, load, unit_load):
    for d in DIMENSIONS:
        load[k][d] += node.size[d]
    for u, n in node.units.items():
        unit_load[k][u] += n


def affinity(problem):
    """A second constructor, to seed the solver: waves filled one after another, each with the ready
    blocks worth most now (their priority, plus the links to what is already in the wave, at the
    objective's weights), urgent ones first. Returns (plan, unplaced) like greedy."""
    bl = _blocks(problem)
    w = problem.weights
    nw = len(problem.waves)
    at, unplaced = {}, []
    load = [dict.fromkeys(DIMENSIONS, 0) for _ in problem.waves]
    unit_load = [defaultdict(int) for _ in problem.waves]
    left = {b: len(bl.needs[b]) for b in bl.members}
    ready = {b for b, n in left.items() if n == 0}
    for k in range(nw):
        if is_closed(problem, k):
            continue
        pull = defaultdict(int)
        heap = []

        def push(b, k=k, heap=heap, pull=pull):
            node = bl.merged[b]
            if node.lo <= k:
                urgent = bl.latest[b] <= k
                heapq.heappush(heap, (not urgent, -(w.priority * node.priority + w.crossing * pull[b]),
                                      node.items[0], b))

        for b in ready:
            push(b)
        skipped = set()
        while heap:
            _, score, _, b = heapq.heappop(heap)
            if b not in ready or b in skipped:
                continue
            node = bl.merged[b]
            if -score != w.priority * node.priority + w.crossing * pull[b] and bl.latest[b] > k:
                continue   # a stale entry: a fresher one is in the heap
            if not (_allowed(problem, node, k) and _fits(problem, node, k, load, unit_load)):
                skipped.add(b)
                continue
            at[b] = k
            ready.discard(b)
            _add(node, k, load, unit_load)
            for c, weight in bl.links[b].items():
                if c in ready:
                    pull[c] += weight
                    push(c)
            for c in bl.feeds[b]:
                left[c] -= 1
                if left[c] == 0:
                    ready.add(c)
                    pull[c] = sum(wt for d, wt in bl.links[c].items() if at.get(d) == k)
                    push(c)
        for b in list(ready):
            if bl.latest[b] <= k or bl.merged[b].hi <= k:
                ready.discard(b)
                unplaced.extend(bl.merged[b].items)
    unplaced.extend(i for b in ready for i in bl.merged[b].items)
    placed = set(at)
    unplaced.extend(i for b in bl.members if b not in placed and b not in ready
                    for i in bl.merged[b].items if i not in unplaced)
    return _place(problem, bl, at), sorted(set(unplaced))


def _topological(blocks, needs, feeds):
    left = {b: len(needs[b]) for b in blocks}
    order = [b for b, n in left.items() if n == 0]
    for b in order:
        for c in feeds[b]:
            left[c] -= 1
            if left[c] == 0:
                order.append(c)
    return order


def _sum_units(dicts):
    out = defaultdict(int)
    for d in dicts:
        for u, n in d.items():
            out[u] += n
    return dict(out)


# ---------------------------------------------------------------- CP-SAT

def solve(problem, time_limit=60.0, workers=2, progress=None, seed=1, log=False):
    """The optimised plan, every constraint hard, within `time_limit` seconds in all: CP-SAT over the move
    groups, hinted with the better of the greedy baseline and the affinity constructor. The bound given is
    the better of the solver's and `lower_bound`'s. `progress(seconds, objective, bound)` is called on
    each improving solution."""
    began = time.perf_counter()
    base, unplaced = greedy(problem)
    plan = Plan('UNKNOWN', {}, greedy=base if not unplaced else None, greedy_unplaced=unplaced)
    if not unplaced:
        plan.greedy_objective, plan.greedy_terms = evaluate(problem, base)
    nodes, node_of, prec, cross = contract(problem)
    if any(not any(_allowed(problem, v, k) for k in range(len(problem.waves))) for v in nodes):
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
        ks = [k for k in range(nw) if _allowed(problem, node, k)]
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


# ---------------------------------------------------------------- independent checker

def check(problem, waves):
    """Every violated constraint of a plan, read from the problem alone: [(family, text)]."""
    out = []
    index = problem.wave_index
    for i, item in enumerate(problem.items):
        number = waves.get(i)
        if number is None or number not in index:
            out.append(('placement', f'{item.code}: no wave'))
    if out:
        return out
    pos = {i: index[waves[i]] for i in range(len(problem.items))}
    for i, item in enumerate(problem.items):
        w = problem.waves[pos[i]]
        if is_closed(problem, pos[i]):
            out.append(('blackout', f'{item.code}: wave {w.number} falls in a blackout'))
        if item.pin is not None and w.number != item.pin:
            out.append(('pin', f'{item.code}: pinned to wave {item.pin}, placed in {w.number}'))
        if item.not_before is not None and w.number < item.not_before:
            out.append(('not_before', f'{item.code}: wave {w.number} before {item.not_before}'))
        if item.not_after is not None and w.number > item.not_after:
            out.append(('not_after', f'{item.code}: wave {w.number} after {item.not_after}'))
        if item.deadline is not None and w.end > item.deadline:
            out.append(('deadline', f'{item.code}: wave {w.number} ends {w.end} after {item.deadline}'))
    for k, w in enumerate(problem.waves):
        here = [i for i in pos if pos[i] == k]
        f = factor(problem, k)
        for dim, amount in (('systems', len(here)), ('vms', sum(problem.items[i].vms for i in here)),
                            ('effort', sum(max(0.0, problem.items[i].effort or 0.0) for i in here))):
            cap = getattr(w, dim)
            if cap is not None and amount > cap * f + 1e-6:
                out.append(('capacity', f'wave {w.number}: {dim} {amount:g} > {cap * f:g}'))
        if w.per_unit is not None:
            counts = defaultdict(int)
            for i in here:
                counts[problem.items[i].unit] += 1
            for unit, n in counts.items():
                if n > w.per_unit * f + 1e-6:
                    out.append(('unit_capacity', f'wave {w.number}: unit {unit} has {n} > {w.per_unit * f:g}'))
    groups = defaultdict(set)
    for i, item in enumerate(problem.items):
        if item.group >= 0:
            groups[item.group].add(pos[i])
    for g, ks in groups.items():
        if len(ks) > 1:
            out.append(('group', f'group {g} split over {len(ks)} waves'))
    for link in problem.links:
        if link.hard and pos[link.source] < pos[link.target]:
            a, b = problem.items[link.source], problem.items[link.target]
            out.append(('dependency', f'{a.code} moves before {b.code}, which it depends on'))
    return out


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
                if value is not None and not _in_window(problem, it, kind, k):
                    reasons.append({'code': kind, 'system': it.code, 'value': _plain(value)})
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
        if any(_allowed(problem, node, k) and _fits(problem, node, k, load, unit_load)
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
            if not _in_window(problem, items[a], kind, k):
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
        return {'code': kind, 'system': item.code, 'value': _plain(getattr(item, kind))}
    if kind == 'group':
        members = [it.code for it in problem.items if it.group == a]
        return {'code': kind, 'group': a, 'systems': members}
    link = problem.links[a]
    return {'code': kind, 'system': problem.items[link.source].code, 'on': problem.items[link.target].code}
