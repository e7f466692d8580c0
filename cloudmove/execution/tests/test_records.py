"""The read-outs over the work records and their pages: the risk heat map, risks seeded from the
assessment, the training summary per unit, the realised benefits beside the planned ones; the wave board,
a migration's page and the home panel; all scoped."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cloudmove.assessment.services import results, runs
from cloudmove.assessment.tests.test_runs import make_system, make_vm
from cloudmove.core.services import objects
from cloudmove.execution.models import DecommissionRecord, Migration, Risk, TrainingSession
from cloudmove.execution.services import lifecycle, records
from cloudmove.planning.tests.test_designs import province  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


def test_the_heat_map_counts_open_risks_in_scope(province):  # noqa: F811
    a, b = province['system'], province['other']
    for lk, im, status, system in ((5, 5, 'identified', a), (5, 5, 'mitigating', a), (2, 3, 'accepted', a),
                                   (1, 1, 'closed', a), (4, 4, 'identified', b)):
        Risk.objects.create(system=system, title=f'R{lk}{im}{status}', likelihood=lk, impact=im, status=status,
                            mitigation='m')
    Risk.objects.create(system=None, title='Thiếu nhân lực toàn chương trình', likelihood=3, impact=3)

    def grid(user):
        return {(row['likelihood'], cell['impact']): cell['n'] for row in records.heatmap(user)['rows']
                for cell in row['cells'] if cell['n']}

    assert grid(province['users']['admin']) == {(5, 5): 2, (2, 3): 1, (4, 4): 1, (3, 3): 1}   # closed ones left out
    assert grid(province['users']['officer_a']) == {(5, 5): 2, (2, 3): 1}
    heat = records.heatmap(province['users']['officer_a'])
    assert [r['likelihood'] for r in heat['rows']] == [5, 4, 3, 2, 1]
    assert heat['rows'][0]['cells'][4]['level'] == 'high' and heat['rows'][4]['cells'][0]['level'] == 'low'
    assert heat['open'] == 3 and [r.title for r in heat['top']][:2] == ['R55identified', 'R55mitigating']


def test_risks_are_seeded_once_from_the_assessments_conditions(province):  # noqa: F811
    system = make_system(province['system'].unit, 'D-A-OLD', 3, personal_data=True, internet_facing=True)
    make_vm(system.unit, system, 'd-a-old-1', 4, 8192, 100, os_name='Microsoft Windows Server 2008 R2 (64-bit)',
            tools_state='not_installed')
    runs.execute(runs.create(None, None, {}))
    found = results.for_design(system, machines=False)['findings']
    assert found, 'an end-of-life system has conditions to meet'
    assert lifecycle.seed_risks(province['users']['officer_a'], system) == len(found)
    assert lifecycle.seed_risks(province['users']['officer_a'], system) == 0
    risks = Risk.objects.filter(system=system)
    assert sorted(risks.values_list('source_rule', flat=True)) == sorted(h['id'] for h in found)
    assert set(risks.values_list('status', flat=True)) == {'identified'}   # waiting for review
    blocker = [h for h in found if h['severity'] == 'blocker']
    assert risks.filter(likelihood=4).count() == len(blocker)


def test_the_training_summary_counts_each_units_sessions(tree, users):
    a, b, a1 = tree['a'], tree['b'], tree['a1']
    s1 = TrainingSession.objects.create(unit=a, topic='Vận hành', held_on=date(2026, 5, 1), trainer='NCC',
                                        attendees=12, hours=8)
    s1.units.set([a, b])
    s2 = TrainingSession.objects.create(unit=a, topic='Chuyển giao', transfer=True, held_on=date(2026, 6, 1),
                                        trainer='NCC', attendees=5, hours=16)
    s2.units.set([a, a1])
    rows = {r['unit'].code: (r['sessions'], r['transfers'], r['attendees'], r['hours'], r['last'])
            for r in records.training_summary(users['admin'])['rows']}
    assert rows == {'DEP-A': (2, 1, 17, 24, date(2026, 6, 1)), 'DEP-B': (1, 0, 12, 8, date(2026, 5, 1)),
                    'DEP-A1': (1, 1, 5, 16, date(2026, 6, 1))}
    # DEP-B sees the session it attended, not DEP-A's other one
    mine = {r['unit'].code for r in records.training_summary(users['officer_b'])['rows']}
    assert mine == {'DEP-A', 'DEP-B'} and records.training_summary(users['officer_b'])['totals']['sessions'] == 1
    # an attending unit reads the session; the organiser alone changes it
    from cloudmove.core import scoping

    assert scoping.allowed(users['officer_b'], s1) and not scoping.allowed(users['officer_b'], s1, scoping.CHANGE)
    assert scoping.allowed(users['officer_a'], s1, scoping.CHANGE)


def test_realised_benefits_sum_the_decommission_records(province):  # noqa: F811
    a, b = province['system'], province['other']
    for system, item, watts, ru, done in ((a, 'Máy chủ 1', 500, 2, True), (a, 'Máy chủ 2', 300, 1, True),
                                          (a, 'Tủ đĩa', 700, 3, False), (b, 'Máy chủ B', 400, 2, True)):
        DecommissionRecord.objects.create(system=system, item=item, power_w=watts, rack_units=ru,
                                          decommissioned_on=date(2026, 9, 1) if done else None)
    Migration.objects.create(system=a, state='closed')
    admin = records.benefits(province['users']['admin'])
    assert (admin['realised']['items'], admin['realised']['power_w'], admin['realised']['rack_units']) == (3, 1200, 5)
    assert admin['realised']['kwh_month'] == 864.0   # 1,200 W × 720 h
    assert [(r['unit'].code, r['power_w']) for r in admin['per_unit']] == [('DEP-A', 800), ('DEP-B', 400)]
    planned = results.planned_benefits([a.pk])
    assert admin['planned'] == planned == admin['planned_closed'] and planned['systems'] == 1
    assert planned['freed_kwh_month'] > 0
    officer_b = records.benefits(province['users']['officer_b'])
    assert officer_b['realised']['items'] == 1 and officer_b['planned']['systems'] == 0


def test_pages_show_the_data_in_scope(province, web):  # noqa: F811
    a, b = province['system'], province['other']
    officer = province['users']['officer_a']
    mine = objects.create_object(officer, Migration, {'system': a, 'wave': 1})
    theirs = Migration.objects.create(system=b, wave=2, state='migrating')
    Risk.objects.create(system=a, title='Rủi ro của A', likelihood=4, impact=5)

    client = web('officer_a')
    board = client.get('/execution/board/')
    assert board.status_code == 200
    text = board.content.decode()
    assert f'data-card="{mine.pk}"' in text and f'data-card="{theirs.pk}"' not in text
    page = client.get(f'/execution/migrations/{mine.pk}/').content.decode()
    assert 'data-migration-panel' in page and 'data-option="preparing"' in page and 'data-option="blocked"' in page
    assert client.get(f'/execution/migrations/{theirs.pk}/').status_code == 404
    assert client.post(f'/execution/migrations/{theirs.pk}/transition/', {'to': 'blocked', 'comment': 'x'}
                       ).status_code == 404
    response = client.post(f'/execution/migrations/{mine.pk}/transition/', {'to': 'preparing'})
    assert response.status_code == 302 and Migration.objects.get(pk=mine.pk).state == 'preparing'
    heat = client.get('/execution/risks/heat-map/').content.decode()
    assert 'data-cell="4-5"' in heat and '?likelihood=4&impact=5' in heat
    home = client.get('/').content.decode()
    assert 'data-execution-home' in home
    for url in ('/execution/training/summary/', '/execution/benefits/', '/execution/risks/',
                '/execution/probes/', '/execution/decommission/'):
        assert client.get(url).status_code == 200, url
    system_page = client.get(f'/inventory/systems/{a.pk}/').content.decode()
    assert 'data-system-migration' in system_page

    # the board's query count does not grow with the cards
    admin = web('admin')
    admin.get('/execution/board/')   # the first request of a session costs a few more
    with CaptureQueriesContext(connection) as few:
        admin.get('/execution/board/')
    for n in range(20):
        Migration.objects.create(system=type(a).objects.create(unit=a.unit, code=f'X-{n}', name='x'), wave=3)
    with CaptureQueriesContext(connection) as many:
        admin.get('/execution/board/')
    assert len(many) == len(few)


def test_sizing_rerun_after_go_live_suggests_down_sizing(province):  # noqa: F811
    from datetime import datetime, timedelta

    from django.utils import timezone

    from cloudmove.execution.services import optimise
    from cloudmove.inventory.models import PerformanceSummary
    from cloudmove.planning.services import designs
    from cloudmove.planning.tests.test_designs import COMPLETE

    officer, unit = province['users']['officer_a'], province['system'].unit
    system = make_system(unit, 'D-A-BIG', 2)
    big = make_vm(unit, system, 'd-a-big-1', 8, 16384, 100)
    unmeasured = make_vm(unit, system, 'd-a-big-2', 8, 16384, 100)
    runs.execute(runs.create(None, None, {'sizing': 'as-is'}))
    design = designs.open_design(officer, system)
    design = objects.update_object(officer, design, {**COMPLETE, 'target_subnet': '10.201.0.0/29'})
    designs.plan_reip(design)
    design = designs.approve(officer, design, 'Giám đốc Sở A', date(2030, 1, 15), '16/QĐ-SA')
    before = {m.vm_id: m for m in design.machines.all()}
    assert before[big.pk].assessed_vcpus == 8 and before[big.pk].assessed_monthly_vnd == 3_350_000   # d.large, 100 GiB

    with pytest.raises(ValidationError, match='not been live'):
        optimise.optimise(officer, system)
    live = timezone.localdate() - timedelta(days=20)
    Migration.objects.create(system=system, state='live', live_since=live)
    start = timezone.make_aware(datetime.combine(live + timedelta(days=1), datetime.min.time()))
    for metric, p95 in (('cpu_pct', 10.0), ('memory_pct', 20.0)):
        PerformanceSummary.objects.create(unit=unit, vm=big, metric=metric, avg=p95 / 2, p95=p95, max=p95 * 2,
                                          window_start=start, window_end=start + timedelta(days=18))
        PerformanceSummary.objects.create(unit=unit, vm=unmeasured, metric=metric, avg=5, p95=10, max=20,
                                          window_start=start - timedelta(days=40),   # before go-live
                                          window_end=start - timedelta(days=20))
    run, written, left_out = optimise.optimise(officer, system)
    assert run.state == 'done' and run.unit == unit
    assert left_out == ['d-a-big-2'] and [f.vm_id for f in written] == [big.pk]
    finding = written[0]
    assert finding.suggested_vcpus < 8 and finding.suggested_memory_mib < 16384
    assert finding.current_vcpus == 8 and 0 < finding.monthly_saving_vnd < 3_350_000
    assert f'run {run.pk}' in finding.basis and 'DOMCLOUD' in finding.basis
    # a second run updates the proposal instead of adding one
    optimise.optimise(officer, system)
    assert system.execution_optimisationfinding_set.count() == 1
    with pytest.raises(PermissionDenied):   # another unit may not
        optimise.optimise(province['users']['officer_b'], system)
