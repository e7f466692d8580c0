"""The dependency graph: nodes and edges of a user's scope with their wave, strategy, readiness, hub and
cycle marks; the filters; a system's neighbourhood on its page; queries that do not grow with the data."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudmove.inventory.models import Dependency, InformationSystem
from cloudmove.planning.services import graph
from cloudmove.planning.tests.test_plans import province, solve  # noqa: F401  (fixture)


def _data(response):
    html = response.content.decode()
    start = html.index('id="graph-data"')
    return json.loads(html[html.index('>', start) + 1:html.index('</script>', start)])


def test_nodes_carry_wave_strategy_and_readiness(province):  # noqa: F811
    plan = solve()
    data = graph.system_graph(province['users']['admin'])
    nodes = {n['code']: n for n in data['nodes']}
    assert set(nodes) == set(province['systems']) and data['plan'] == plan.pk
    assert nodes['P-B3']['strategy'] == 'retire' and nodes['P-B3']['wave'] is None
    assert nodes['P-B2']['readiness'] == 'not_ready'
    waves = {code: n['wave'] for code, n in nodes.items() if n['wave'] is not None}
    assert set(waves) == {'P-A1', 'P-A2', 'P-A3', 'P-A4', 'P-A5', 'P-B1'}
    assert nodes['P-A3']['group'] is not None and nodes['P-A3']['group'] == nodes['P-A4']['group']
    edges = {(province['ids'][e['source']], province['ids'][e['target']]): e for e in data['edges']}
    assert set(edges) == {('P-A2', 'P-B1'), ('P-A1', 'P-A5')}
    assert edges[('P-A2', 'P-B1')]['hard'] and not edges[('P-A1', 'P-A5')]['hard']
    assert edges[('P-A1', 'P-A5')]['latency'] and not any(n['cycle'] for n in nodes.values())


def test_cycles_and_hubs_are_marked(province, tree):  # noqa: F811
    s = province['systems']
    Dependency.objects.create(unit=tree['b'], source_system=s['P-B1'], target_system=s['P-A2'], criticality='critical')
    InformationSystem.objects.create(unit=tree['a'], code='P-DNS', name='DNS', is_shared=True)
    for n in range(5):   # five systems depend on P-A4: reached by at least 5, it is a hub
        other = InformationSystem.objects.create(unit=tree['a'], code=f'P-X{n}', name=f'X {n}')
        Dependency.objects.create(unit=tree['a'], source_system=other, target_system=s['P-A4'])
    nodes = {n['code']: n for n in graph.system_graph(province['users']['admin'])['nodes']}
    assert nodes['P-A2']['cycle'] and nodes['P-B1']['cycle'] and not nodes['P-A1']['cycle']
    assert {code for code, n in nodes.items() if n['hub']} == {'P-DNS', 'P-A4'}


def test_a_unit_sees_its_own_systems_and_their_links(province):  # noqa: F811
    solve()
    data = graph.system_graph(province['users']['officer_a'])
    codes = {n['code'] for n in data['nodes']}
    assert codes == {'P-A1', 'P-A2', 'P-A3', 'P-A4', 'P-A5'}
    # The link to DEP-B's P-B1 is not drawn: its other end is not in the unit's scope.
    assert [(province['ids'][e['source']], province['ids'][e['target']]) for e in data['edges']] == [('P-A1', 'P-A5')]


def test_filters_and_the_page(province, web):  # noqa: F811
    plan = solve()
    client = web('admin')
    response = client.get('/planning/graph/', {'strategy': 'retire'})
    assert response.status_code == 200
    assert [n['code'] for n in _data(response)['nodes']] == ['P-B3']
    wave = plan.assignments.get(system=province['systems']['P-B1']).wave
    codes = {n['code'] for n in _data(client.get('/planning/graph/', {'wave': wave}))['nodes']}
    assert 'P-B1' in codes and all(
        plan.assignments.get(system__code=code).wave == wave for code in codes)
    assert {n['code'] for n in _data(client.get('/planning/graph/', {'unit': 'DEP-A1'}))['nodes']} == {'P-A5'}
    assert {n['code'] for n in _data(client.get('/planning/graph/', {'readiness': 'not_ready'}))['nodes']} == {'P-B2'}
    page = client.get(reverse('inventory:informationsystem_detail', args=[province['systems']['P-A2'].pk]))
    page = page.content.decode()
    assert 'data-planning-panel' in page and 'graph-near' in page and f'/planning/plans/{plan.pk}/systems/' in page


def test_page_queries_do_not_grow_with_the_systems(province, web, tree):  # noqa: F811
    solve()
    client = web('admin')

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get('/planning/graph/').status_code == 200
        return len(ctx.captured_queries)

    client.get('/planning/graph/')
    before = count()
    for n in range(40):
        other = InformationSystem.objects.create(unit=tree['a'], code=f'X-{n}', name=f'X {n}')
        Dependency.objects.create(unit=tree['a'], source_system=other, target_system=province['systems']['P-A1'])
    assert count() == before
