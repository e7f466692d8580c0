"""The wave planner's problem from the assessment, the inventory and the planners' pins and grouping edits:
a fixed number of flat queries, whatever the number of systems."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from cloudmove.assessment.services import results as assessment
from cloudmove.inventory.models import Dependency, InformationSystem, VirtualMachine
from cloudmove.planning.engine import graph
from cloudmove.planning.engine import waves as engine
from cloudmove.planning.models import GroupingEdit, WavePin

STAYING = ('retire', 'retain')
HARD = ('critical', 'high')
# Lunar new year's day; the blackout runs from ten days before to seven after.
TET = {2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
       2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23), 2032: date(2032, 2, 11)}


@dataclass
class Loaded:
    problem: engine.Problem
    systems: list            # per item: (system id, unit id, strategy, machines)
    groups: list             # move groups as lists of item indices
    cycles: list             # hard-dependency cycles between systems, as lists of item indices
    hubs: list               # item indices of shared-infrastructure hubs
    assessment_id: int


def default_blackouts(start, end):
    """Tết of every year the programme spans (no moves), and the year-end closing (half capacity)."""
    out = []
    for year in range(start.year, end.year + 1):
        if year in TET:
            day = TET[year]
            out.append({'name': f'Tết {year}', 'start': (day - timedelta(days=10)).isoformat(),
                        'end': (day + timedelta(days=7)).isoformat(), 'factor': 0.0})
        out.append({'name': _('Year-end closing %(year)s') % {'year': year}, 'start': date(year, 12, 15).isoformat(),
                    'end': date(year, 12, 31).isoformat(), 'factor': 0.5})
    return out


def wave_dates(start, count, weeks):
    return [(start + timedelta(weeks=weeks * k), start + timedelta(weeks=weeks * (k + 1)) - timedelta(days=1))
            for k in range(count)]


def load(constraints, run=None):
    """The problem for the latest province-wide assessment (or `run`) under `constraints` (clean ones)."""
    run = run or assessment.latest_province_run()
    rows = [r for r in (assessment.planning_rows(run) if run else []) if r[3] not in STAYING]
    index = {r[0]: k for k, r in enumerate(rows)}
    ids = list(index)
    pins = {p.system_id: p for p in WavePin.objects.filter(system__in=ids)}
    items = []
    for sid, code, unit, _strategy, effort, priority, machines, _readiness in rows:
        pin = pins.get(sid)
        items.append(engine.Item(id=sid, code=code, priority=int(priority or 0), effort=float(effort or 0),
                                 vms=int(machines or 0), unit=unit,
                                 pin=pin.wave if pin else None, not_before=pin.not_before if pin else None,
                                 not_after=pin.not_after if pin else None, deadline=pin.deadline if pin else None))

    links, together = [], []
    deps = Dependency.objects.filter(source_system__in=ids, target_system__in=ids).values_list(
        'source_system_id', 'target_system_id', 'criticality', 'latency_sensitive', 'protocol')
    hard_pairs = set()
    for a, b, crit, latency, protocol in deps:
        if a == b:
            continue
        i, j = index[a], index[b]
        hard = crit in HARD
        links.append(engine.Link(i, j, weight=engine.CRITICALITY_WEIGHT.get(crit, 2), hard=hard))
        if latency or protocol == 'sql':
            together.append((i, j))
        if hard:
            hard_pairs.add((i, j))
    together += [(i, j) for i, j in hard_pairs if (j, i) in hard_pairs and i < j]
    # Systems sharing a machine move with it.
    through = VirtualMachine.systems.through
    by_vm = {}
    for vm, sid in through.objects.filter(informationsystem_id__in=ids).values_list(
            'virtualmachine_id', 'informationsystem_id'):
        by_vm.setdefault(vm, []).append(index[sid])
    # A machine counts once, in the first of its systems (they move together anyway).
    owned = [0] * len(items)
    for members in by_vm.values():
        together += [(members[0], m) for m in members[1:]]
        owned[min(members)] += 1
    for i, item in enumerate(items):
        item.vms = owned[i]

    n = len(items)
    edges = [(link.source, link.target) for link in links]
    threshold = constraints.get('hub_threshold') or graph.default_hub_threshold(n)
    hubs = graph.hubs(n, edges, threshold)
    hubs |= {index[pk] for pk in InformationSystem.objects.filter(pk__in=ids, is_shared=True)
             .values_list('pk', flat=True)}
    cut, add = [], []
    for a, b, action in GroupingEdit.objects.filter(source__in=ids, target__in=ids).values_list(
            'source_id', 'target_id', 'action'):
        (add if action == 'add' else cut).append((index[a], index[b]))
    group_of, groups = graph.move_groups(n, together, hubs, cut=cut, add=add)
    for i, g in enumerate(group_of):
        items[i].group = g
    cycles = graph.strongly_connected(n, [(link.source, link.target) for link in links if link.hard])

    problem = engine.Problem(items, links, build_waves(constraints, items), blackouts_of(constraints),
                             engine.Weights(**constraints['weights']))
    return Loaded(problem, [(r[0], r[2], r[3], r[6]) for r in rows], groups, cycles, sorted(hubs),
                  run.pk if run else None)


def build_waves(constraints, items):
    """Waves from the constraints. A capacity left empty is an even share of the work over the capacity the
    blackouts leave (a closed wave counts 0, a half one 0.5), times the slack (1.5 by default)."""
    count = constraints['waves']
    slack = constraints['slack']
    dates = wave_dates(constraints['start'], count, constraints['weeks'])
    bare = engine.Problem([], [], [engine.Wave(k + 1, a, b) for k, (a, b) in enumerate(dates)],
                          blackouts_of(constraints))
    open_waves = sum(engine.factor(bare, k) for k in range(count)) or 1.0
    even = {'systems': len(items) / open_waves, 'vms': sum(i.vms for i in items) / open_waves,
            'effort': sum(i.effort for i in items) / open_waves}
    caps = {}
    for dim in engine.DIMENSIONS:
        given = constraints.get(f'capacity_{dim}')
        caps[dim] = given if given is not None else max(1, math.ceil(even[dim] * slack))
    return [engine.Wave(k + 1, a, b, systems=caps['systems'], vms=caps['vms'], effort=caps['effort'],
                        per_unit=constraints.get('capacity_per_unit'))
            for k, (a, b) in enumerate(dates)]


def blackouts_of(constraints):
    return [engine.Blackout(b['name'], date.fromisoformat(b['start']), date.fromisoformat(b['end']),
                            float(b.get('factor', 0.0))) for b in constraints['blackouts']]
