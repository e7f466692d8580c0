"""The dependency graph of systems as the graph page draws it: nodes with their unit, strategy, readiness,
wave and move group, hubs and cycles marked; edges with direction, criticality and the latency flag.
A user sees the systems of its scope and the links between them; a fixed number of queries."""

from django.db.models import Q

from cloudmove.assessment.services import results as assessment
from cloudmove.core import scoping
from cloudmove.inventory.models import Dependency, InformationSystem
from cloudmove.planning.engine import graph
from cloudmove.planning.models import WaveAssignment
from cloudmove.planning.services import plans

HARD = ('critical', 'high')
LIMIT = 3000   # nodes drawn at most (the filters narrow a larger province)


def system_graph(user, unit=None, wave=None, strategy=None, readiness=None, around=None):
    """{'nodes': [...], 'edges': [...], 'plan': id, 'assessment': id, 'truncated': bool}. `around`: a
    system whose neighbours (both ways) are drawn with it."""
    systems = scoping.scope(InformationSystem.objects.all(), user)
    if unit:
        systems = systems.filter(unit__path__startswith=unit.path)
    if around is not None:
        links = Dependency.objects.filter(Q(source_system=around) | Q(target_system=around),
                                          source_system__isnull=False, target_system__isnull=False)
        ids = {around.pk} | {x for pair in links.values_list('source_system_id', 'target_system_id') for x in pair}
        systems = systems.filter(pk__in=ids)
    rows = list(systems.order_by('code').values_list('pk', 'code', 'name', 'unit__code', 'is_shared')[:LIMIT + 1])
    truncated = len(rows) > LIMIT
    rows = rows[:LIMIT]
    wanted = [r[0] for r in rows]
    plan = plans.latest(user)
    run = assessment.latest_province_run()
    facts = {}
    if run is not None:
        for sid, _code, _unit, strat, _effort, priority, _machines, ready in assessment.planning_rows(run, wanted):
            facts[sid] = {'strategy': strat, 'readiness': ready, 'priority': priority}
    waves = {}
    if plan is not None:
        assigned = scoping.scope(WaveAssignment.objects.filter(plan=plan, system__in=wanted), user)
        waves = {sid: (w, g) for sid, w, g in assigned.values_list('system_id', 'wave', 'group')}
    keep = []
    for pk, code, name, unit_code, shared in rows:
        f = facts.get(pk, {})
        w, g = waves.get(pk, (None, None))
        if strategy and f.get('strategy') != strategy or readiness and f.get('readiness') != readiness:
            continue
        if wave and str(w) != str(wave):
            continue
        keep.append({'id': pk, 'code': code, 'name': name, 'unit': unit_code, 'shared': shared,
                     'strategy': f.get('strategy', ''), 'readiness': f.get('readiness', ''),
                     'priority': f.get('priority'), 'wave': w, 'group': g})
    index = {n['id']: k for k, n in enumerate(keep)}
    edges = []
    for pk, a, b, crit, latency, direction, protocol in scoping.scope(Dependency.objects.filter(
            source_system__in=list(index), target_system__in=list(index)), user).values_list(
            'pk', 'source_system_id', 'target_system_id', 'criticality', 'latency_sensitive', 'direction',
            'protocol'):
        edges.append({'id': pk, 'source': a, 'target': b, 'criticality': crit, 'latency': latency,
                      'direction': direction, 'protocol': protocol, 'hard': crit in HARD})
    pairs = [(index[e['source']], index[e['target']]) for e in edges]
    hubs = graph.hubs(len(keep), pairs, graph.default_hub_threshold(len(keep)))
    in_cycle = {v for part in graph.strongly_connected(
        len(keep), [p for p, e in zip(pairs, edges, strict=True) if e['hard']]) for v in part}
    for k, node in enumerate(keep):
        node['hub'] = k in hubs or node['shared']
        node['cycle'] = k in in_cycle
    for e in edges:
        e['cycle'] = index[e['source']] in in_cycle and index[e['target']] in in_cycle and e['hard']
    return {'nodes': keep, 'edges': edges, 'plan': plan.pk if plan else None,
            'assessment': run.pk if run else None, 'truncated': truncated}
