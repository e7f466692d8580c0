"""Local search on a plan before CP-SAT polishes it: moves of one node (a move group or a system) to another
wave, and swaps of two nodes between waves, each kept when it lowers the objective and breaks no
constraint. On a large programme CP-SAT alone spends its minute near its first solution; this descent finds
the plans where linked systems share a wave, and hands the solver a far better hint.

Feasibility is kept exactly: windows and closed waves, every capacity (and per unit), hard dependencies,
and the peak effort does not grow; a move past the last wave used pays the length term.
"""

import random
import time
from collections import defaultdict

from cloudmove.planning.engine.waves import DIMENSIONS, allowed, capacity, factor


class _State:
    def __init__(self, problem, nodes, prec, cross, at):
        self.problem, self.nodes, self.at = problem, nodes, list(at)
        nw = len(problem.waves)
        self.caps = [{d: capacity(problem, k, d) for d in DIMENSIONS} for k in range(nw)]
        self.unit_caps = [None if problem.waves[k].per_unit is None else
                          int(problem.waves[k].per_unit * factor(problem, k) + 1e-9) for k in range(nw)]
        self.load = [dict.fromkeys(DIMENSIONS, 0) for _ in range(nw)]
        self.unit_load = [defaultdict(int) for _ in range(nw)]
        self.members = [set() for _ in range(nw)]
        for v, k in enumerate(self.at):
            self._add(v, k, 1)
        self.needs, self.feeds = defaultdict(list), defaultdict(list)
        for a, b in prec:
            self.needs[a].append(b)
            self.feeds[b].append(a)
        self.links = defaultdict(list)
        for (a, b), weight in cross.items():
            self.links[a].append((b, weight))
            self.links[b].append((a, weight))
        self.last = max(self.at, default=0)
        self.peak = max((self.load[k]['effort'] for k in range(nw)), default=0)
        w = problem.weights
        self.wp, self.wc, self.wl = w.priority, w.crossing, w.length

    def _add(self, v, k, sign):
        node = self.nodes[v]
        for d in DIMENSIONS:
            self.load[k][d] += sign * node.size[d]
        for u, n in node.units.items():
            self.unit_load[k][u] += sign * n
        (self.members[k].add if sign > 0 else self.members[k].discard)(v)

    def span(self, v):
        """The waves `v` may take given its dependencies where they are now."""
        node = self.nodes[v]
        lo = max([node.lo] + [self.at[b] for b in self.needs[v]])
        hi = min([node.hi] + [self.at[a] for a in self.feeds[v]])
        return lo, hi

    def ties(self, v):
        """{wave: link weight from `v` to the nodes there}."""
        out = defaultdict(int)
        for u, weight in self.links[v]:
            out[self.at[u]] += weight
        return out

    def gain(self, v, k, ties):
        """What moving `v` to wave `k` saves (positive: better), ignoring capacity."""
        here = self.at[v]
        longer = self.wl * (k - self.last) if k > self.last else 0   # the programme grows by a wave or more
        return (self.wp * self.nodes[v].priority * (here - k) + self.wc * (ties.get(k, 0) - ties.get(here, 0))
                - longer)

    def fits(self, k, add, remove=None):
        """Wave `k` takes node `add` (after node `remove` leaves it)."""
        a, r = self.nodes[add], self.nodes[remove] if remove is not None else None
        for d in DIMENSIONS:
            load = self.load[k][d] + a.size[d] - (r.size[d] if r else 0)
            cap = self.caps[k][d]
            if cap is not None and load > cap:
                return False
            if d == 'effort' and load > self.peak:
                return False
        cap = self.unit_caps[k]
        if cap is not None:
            for u, n in a.units.items():
                if self.unit_load[k][u] + n - (r.units.get(u, 0) if r else 0) > cap:
                    return False
        return True

    def move(self, v, k):
        self._add(v, self.at[v], -1)
        self.at[v] = k
        self._add(v, k, 1)
        self.last = max(self.last, k)


def improve(problem, nodes, prec, cross, at, deadline, seed=1):
    """A better wave index per node than `at` (never worse), by moves and swaps until no pass improves or
    `deadline` (a perf_counter time) passes."""
    s = _State(problem, nodes, prec, cross, at)
    rnd = random.Random(seed)
    order = list(range(len(nodes)))
    while time.perf_counter() < deadline:
        rnd.shuffle(order)
        improved = 0
        for v in order:
            if time.perf_counter() >= deadline:
                break
            improved += _try(s, v)
        if not improved:
            break
    return s.at


def _try(s, v):
    lo, hi = s.span(v)
    here = s.at[v]
    ties = s.ties(v)
    waves = sorted({k for k in ties if lo <= k <= hi} | set(range(lo, min(hi, here - 1) + 1)) - {here},
                   key=lambda k: -s.gain(v, k, ties))
    for k in waves:
        g = s.gain(v, k, ties)
        if g <= 0:
            break
        if not allowed(s.problem, s.nodes[v], k):
            continue
        if s.fits(k, v):
            s.move(v, k)
            return 1
        if _swap(s, v, k, g):
            return 1
    return 0


def _swap(s, v, k, gain_v):
    """Swap `v` (to `k`) with a node of `k` that may take `v`'s wave, when the pair gains together."""
    here = s.at[v]
    links_v = dict(s.links[v])
    best, best_gain = None, 0
    for u in s.members[k]:
        lo, hi = s.span(u)
        if not (lo <= here <= hi) or not allowed(s.problem, s.nodes[u], here):
            continue
        # u's dependencies may include v (or the reverse): the swap must keep them in order.
        if v in s.needs[u] or u in s.needs[v]:
            continue
        together = gain_v + s.gain(u, here, s.ties(u)) - 2 * s.wc * links_v.get(u, 0)
        if together > best_gain and s.fits(k, v, u) and s.fits(here, u, v):
            best, best_gain = u, together
    if best is None:
        return False
    s.move(v, k)
    s.move(best, here)
    return True

