"""The dashboards: every panel from its app's data, scoped to the user (a unit sees only its own), one
unit's dashboard for the province's users, a leader's home page that is the dashboard, and a number of
queries that does not grow with the data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cloudmove.execution.models import DecommissionRecord, Inspection, Migration, Risk, StateChange
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import Phase, Task
from cloudmove.reporting.services import dashboard
from cloudmove.surveys.models import Campaign, CampaignAssignment


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


def programme(tree, k=0):
    """Systems, migrations, risks, decommissioning, tasks and a campaign in DEP-A and DEP-B (k: a batch)."""
    a, b = tree['a'], tree['b']
    made = {}
    for unit, states in ((a, ('planned', 'live', 'closed', 'blocked')), (b, ('migrating',))):
        for n, state in enumerate(states):
            system = InformationSystem.objects.create(unit=unit, code=f'{unit.code}-S{k}-{n}', name='x')
            m = Migration.objects.create(system=system, wave=1 + n, state=state)
            made.setdefault(unit.code, []).append(m)
            if state == 'blocked':
                StateChange.objects.create(migration=m, source='migrating', target='blocked',
                                           comment=f'Thiếu đường truyền {k}')
            if state == 'closed':
                DecommissionRecord.objects.create(system=system, item=f'Máy chủ {k}', power_w=500, rack_units=2,
                                                  decommissioned_on=date(2026, 10, 1))
            Risk.objects.create(system=system, title='R', likelihood=4, impact=5)
            Inspection.objects.create(system=system, inspector='Đoàn', inspected_on=date(2026, 11, 1),
                                      findings='Thiếu biên bản', follow_up='Bổ sung biên bản')
    phase, _ = Phase.objects.get_or_create(number=4, defaults={'name': 'Chuyển đổi', 'start': date(2026, 1, 1),
                                                               'end': date(2026, 12, 31)})
    Task.objects.create(phase=phase, code=f'T{k}', title='Chuyển đổi đợt 1', lead_unit=a,
                        start=date(2026, 1, 1), end=timezone.localdate() - timedelta(days=3))
    campaign = Campaign.objects.create(unit=tree['root'], name=f'Khảo sát {k}', end_date=date(2027, 1, 1),
                                       state='launched')
    CampaignAssignment.objects.create(campaign=campaign, unit=a, due_date=date(2027, 1, 1), state='approved',
                                      completeness=100)
    CampaignAssignment.objects.create(campaign=campaign, unit=b, due_date=date(2027, 1, 1), state='in_progress',
                                      completeness=40)
    return made


def test_every_panel_is_drawn_from_the_data_in_scope(tree, users):
    programme(tree)
    d = dashboard.dashboard(users['admin'])
    phases = {p['label']: p['n'] for p in d['phases']}
    assert phases['In the inventory'] == 5 and phases['In a wave'] == 5
    assert phases['Live or later'] == 2 and phases['Closed'] == 1
    states = {s['state']: s['n'] for s in d['states']}
    assert (states['planned'], states['live'], states['closed'], states['blocked'], states['migrating']) == (
        1, 1, 1, 1, 1)
    assert {r['label']: (r['total'], r['live']) for r in d['by_unit']} == {'Dept A': (4, 2), 'Dept B': (1, 0)}
    assert [(m.system.code, m.reason) for m in d['blocked']] == [('DEP-A-S0-3', 'Thiếu đường truyền 0')]
    assert d['benefits']['realised']['power_w'] == 500 and d['heatmap']['open'] == 5
    assert [t.code for t in d['overdue']] == ['T0']
    assert d['campaigns'][0]['states']['approved'] == 1 and d['campaigns'][0]['completeness'] == 70
    assert len(d['inspections']) == 5
    assert d['assessment'] is None   # no assessment yet: its panels are left out, not faked

    # a unit's officer sees only its own unit
    mine = dashboard.dashboard(users['officer_b'])
    assert {p['label']: p['n'] for p in mine['phases']}['In a wave'] == 1
    assert [r['label'] for r in mine['by_unit']] == ['Dept B'] and mine['blocked'] == []
    assert mine['heatmap']['open'] == 1 and mine['benefits']['realised']['items'] == 0
    assert mine['campaigns'][0]['total'] == 1 and mine['campaigns'][0]['completeness'] == 40
    # the province's user may look at one unit
    one = dashboard.dashboard(users['admin'], tree['b'])
    assert {s['state']: s['n'] for s in one['states']}['migrating'] == 1 and one['heatmap']['open'] == 1


def test_the_pages_and_the_leaders_home(tree, users, web):
    programme(tree)
    page = web('leader').get('/').content.decode()
    assert 'data-home-dashboard' in page and page.count('data-panel=') >= 8   # a leader's home is the dashboard
    officer = web('officer_b')
    assert 'data-dashboard-link' in officer.get('/').content.decode()
    text = officer.get('/reporting/dashboard/').content.decode()
    assert 'DEP-A-S0' not in text and 'dashboard-charts' in text
    # another unit asked for by id: the officer stays on its own
    assert 'Thiếu đường truyền' not in officer.get(f'/reporting/dashboard/?unit={tree["a"].pk}').content.decode()
    admin = web('admin').get(f'/reporting/dashboard/?unit={tree["a"].pk}').content.decode()
    assert 'Thiếu đường truyền 0' in admin and 'Sở A' in admin   # the page speaks Vietnamese


def test_the_number_of_queries_does_not_grow_with_the_data(tree, users, web):
    programme(tree, 0)
    client = web('admin')
    client.get('/reporting/dashboard/')
    with CaptureQueriesContext(connection) as few:
        client.get('/reporting/dashboard/')
    for k in range(1, 6):
        programme(tree, k)
    with CaptureQueriesContext(connection) as many:
        client.get('/reporting/dashboard/')
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as few:
        dashboard.dashboard(users['officer_a'])
    programme(tree, 9)
    with CaptureQueriesContext(connection) as many:
        dashboard.dashboard(users['officer_a'])
    assert len(many) == len(few)
