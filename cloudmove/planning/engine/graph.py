"""The dependency graph of systems: cycles, shared-infrastructure hubs and move groups.

Nodes are 0..n-1; an edge (a, b) says a depends on b. Pure Python, linear in nodes and edges."""

from collections import defaultdict


def strongly_connected(n, edges):
    """The strongly connected parts with more than one node (or a node depending on itself): each is a
    cycle of dependencies. Iterative Tarjan, so deep graphs do not overflow the stack."""
    succ = [[] for _ in range(n)]
    loops = set()
    for a, b in edges:
        if a == b:
            loops.add(a)
        else:
            succ[a].append(b)
    index, low, on_stack = [-1] * n, [0] * n, [False] * n
    stack, out, counter = [], [], 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if i < len(succ[v]):
                work.append((v, i + 1))
                w = succ[v][i]
                if index[w] < 0:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                part = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    part.append(w)
                    if w == v:
                        break
                if len(part) > 1 or v in loops:
                    out.append(sorted(part))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return sorted(out)


def hubs(n, edges, threshold):
    """Nodes that at least `threshold` distinct other nodes depend on: shared infrastructure (DNS, directory,
    the data-sharing platform). Grouping through them would put half the province in one group."""
    callers = defaultdict(set)
    for a, b in edges:
        if a != b:
            callers[b].add(a)
    return {b for b, who in callers.items() if len(who) >= threshold}


def default_hub_threshold(n):
    """Reached by 5 % of the systems, and by at least 5."""
    return max(5, -(-n * 5 // 100))


class _Union:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def move_groups(n, together, hub_nodes=(), cut=(), add=()):
    """Groups of nodes that must move together: the connected parts of the `together` pairs (shared
    machines or databases, latency-sensitive links, hard links both ways), minus the pairs planners `cut`,
    plus the pairs they `add`; a hub joins no group through a derived pair. Returns (group index per node,
    -1 when alone; the groups as sorted node lists, largest first)."""
    hub_nodes, cut = set(hub_nodes), {frozenset(p) for p in cut}
    union = _Union(n)
    for a, b in together:
        if a == b or a in hub_nodes or b in hub_nodes or frozenset((a, b)) in cut:
            continue
        union.join(a, b)
    for a, b in add:
        if a != b:
            union.join(a, b)
    parts = defaultdict(list)
    for v in range(n):
        parts[union.find(v)].append(v)
    groups = sorted((sorted(p) for p in parts.values() if len(p) > 1), key=lambda p: (-len(p), p[0]))
    of = [-1] * n
    for g, members in enumerate(groups):
        for v in members:
            of[v] = g
    return of, groups
