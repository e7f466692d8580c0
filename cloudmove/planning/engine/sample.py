"""A synthetic programme of the benchmark's size, for the benchmark and the tests: systems with efforts
and priorities, move groups, dependency links (the hard ones acyclic, as a real programme's are after
its cycles are grouped), monthly waves with capacities, Tết and a year-end closing."""

import random
from datetime import date, timedelta

from cloudmove.planning.engine.waves import Blackout, Item, Link, Problem, Wave


def programme(systems=2000, links=8000, groups=150, waves=24, start=date(2027, 1, 4), seed=1, slack=1.35,
              hard_share=0.3, units=60, local=0.85):
    rnd = random.Random(seed)
    items = [Item(id=i + 1, code=f'SYS-{i + 1:04d}', priority=rnd.randint(0, 100),
                  effort=round(rnd.uniform(2, 30), 1), vms=rnd.randint(1, 8), unit=rnd.randrange(units))
             for i in range(systems)]
    grouped = rnd.sample(range(systems), min(systems, groups * 4))
    for g in range(groups):
        for i in grouped[g * 4:(g + 1) * 4][:rnd.randint(2, 4)]:
            items[i].group = g
    order = list(range(systems))
    rnd.shuffle(order)
    rank = {v: k for k, v in enumerate(order)}
    by_unit = {}
    for i, item in enumerate(items):
        by_unit.setdefault(item.unit, []).append(i)
    out = []
    seen = set()
    while len(out) < links:
        # Most links stay within a unit's own systems; the rest cross the province.
        a = rnd.randrange(systems)
        b = rnd.choice(by_unit[items[a].unit]) if rnd.random() < local else rnd.randrange(systems)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        hard = rnd.random() < hard_share and rank[a] > rank[b]
        out.append(Link(a, b, weight=rnd.choice((1, 2, 2, 4, 8)), hard=hard))
    plan_waves = []
    per_wave = systems / waves * slack
    totals = {'vms': sum(i.vms for i in items), 'effort': sum(i.effort for i in items)}
    for k in range(waves):
        first = start + timedelta(weeks=4 * k)
        plan_waves.append(Wave(k + 1, first, first + timedelta(days=27), systems=int(per_wave),
                               vms=int(totals['vms'] / waves * slack), effort=round(totals['effort'] / waves * slack)))
    blackouts = [Blackout('Tết', date(start.year, 2, 1), date(start.year, 2, 20), 0.0),
                 Blackout('Year-end closing', date(start.year, 12, 10), date(start.year, 12, 31), 0.5)]
    for i in rnd.sample(range(systems), 40):
        if items[i].group < 0:
            items[i].deadline = plan_waves[waves // 2].end
    for i in rnd.sample(range(systems), 10):
        if items[i].group < 0 and items[i].deadline is None:
            items[i].not_before = 3
    return Problem(items, out, plan_waves, blackouts)
