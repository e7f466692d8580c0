"""Two constructors of a plan: `greedy`, the baseline every optimised plan is shown beside (topological
order, the most urgent then the highest priority first, first wave that fits), and `affinity`, which
fills waves one after another with what is worth most in each (a seed for the solver)."""

import heapq
from collections import defaultdict
from dataclasses import dataclass

from cloudmove.planning.engine import graph
from cloudmove.planning.engine.waves import DIMENSIONS, Node, allowed, contract, fits, is_closed, sum_units


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
                      sum_units(nodes[v].units for v in vs), sum(nodes[v].priority for v in vs))
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
                       if allowed(problem, node, k) and fits(problem, node, k, load, unit_load)), None)
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
            if not (allowed(problem, node, k) and fits(problem, node, k, load, unit_load)):
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
