"""The wave planner's problem and plan: items (systems to move), links between them, waves with
capacities, blackout periods and objective weights; what a wave allows and holds; the move groups
contracted into nodes; `evaluate`, the objective every plan is scored with; and `check`, an independent
checker that reads the problem and a plan, never a solver's model. The constructors are in `construct`,
CP-SAT in `solver`, the reasons and conflicts in `explain`.

Objective (minimised, integers; weights in Weights, defaults documented in docs/planning.md):
    priority × Σ priority(system) × wave index           high-priority systems early
  + crossing × Σ weight(link) over links between waves   criticality low 1, medium 2, high 4, critical 8
  + length   × index of the last wave used               a shorter programme
  + balance  × effort of the busiest wave (person-days)  balanced waves
Efforts count in whole person-days, rounded up, so a plan the solver accepts never exceeds a capacity.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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
        lo = max(lo, at_or_after(problem, item.not_before))
    if item.not_after is not None:
        hi = min(hi, at_or_before(problem, item.not_after))
    if item.deadline is not None:
        hi = min(hi, deadline_index(problem, item.deadline))
    return lo, hi


WINDOW_KINDS = ('pin', 'not_before', 'not_after', 'deadline')


def in_window(problem, item, kind, k):
    """Whether wave index k meets one of the item's window constraints alone."""
    lo, hi = window(problem, Item(item.id, item.code, **{kind: getattr(item, kind)}))
    return lo <= k <= hi


def plain(value):
    return value.isoformat() if isinstance(value, date) else value


def at_or_after(problem, number):
    return next((k for k, w in enumerate(problem.waves) if w.number >= number), len(problem.waves))


def at_or_before(problem, number):
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


def allowed(problem, node, k):
    return node.lo <= k <= node.hi and not is_closed(problem, k)


def fits(problem, node, k, load, unit_load):
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

def sum_units(dicts):
    out = defaultdict(int)
    for d in dicts:
        for u, n in d.items():
            out[u] += n
    return dict(out)
