"""The programme plan: the six work items loaded as phases, tasks scoped to the units that lead or
coordinate them (a unit's own plan), Gantt rows with dependencies and late tasks, overdue and upcoming
lists, the budget rolled up by unit, phase and source equal to the sum of the tasks, and its workbook."""

import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from cloudmove.planning.models import Phase, Task
from cloudmove.planning.services import programme

TODAY = date(2026, 6, 15)


@pytest.fixture
def plan(tree, users):
    programme.load_seed_phases(tree['root'])
    p4, p5 = Phase.objects.get(number=4), Phase.objects.get(number=5)
    make = Task.objects.create
    t1 = make(phase=p4, code='A-1', title='Dịch chuyển cổng thông tin', lead_unit=tree['a'], start=date(2026, 1, 5),
              end=date(2026, 5, 31), status='in_progress', progress=70, funding_source='unit_budget',
              estimate_vnd=300_000_000, approved_vnd=300_000_000, committed_vnd=200_000_000, spent_vnd=150_000_000)
    t2 = make(phase=p4, code='A1-1', title='Đào tạo', lead_unit=tree['a1'], start=date(2026, 7, 1),
              end=date(2026, 7, 31), funding_source='programme', estimate_vnd=50_000_000, milestone=True)
    t3 = make(phase=p5, code='B-1', title='Ngừng hệ thống cũ', lead_unit=tree['b'], start=date(2026, 6, 20),
              end=date(2026, 9, 30), funding_source='programme', estimate_vnd=120_000_000, spent_vnd=10_000_000)
    t4 = make(phase=p5, code='B-2', title='Kiểm thử', lead_unit=tree['b'], start=date(2026, 2, 1),
              end=date(2026, 3, 1), status='done', progress=100, funding_source='other', estimate_vnd=80_000_000,
              spent_vnd=80_000_000)
    t3.coordinating_units.add(tree['a'])      # DEP-A coordinates B-1: it is in DEP-A's plan too
    t2.depends_on.add(t1)
    return {'tasks': {t.code: t for t in (t1, t2, t3, t4)}, 'users': users, 'tree': tree}


def test_the_six_work_items_of_the_plan(db):
    assert programme.load_seed_phases() == (6, 0)
    assert programme.load_seed_phases() == (0, 0)
    phases = list(Phase.objects.order_by('number').values_list('number', 'start', 'end'))
    assert phases[0] == (1, date(2022, 1, 1), date(2023, 3, 31)) and phases[3] == (4, date(2024, 1, 1),
                                                                                    date(2024, 12, 31))
    assert [p[0] for p in phases] == [1, 2, 3, 4, 5, 6] and phases[5][1:] == (date(2023, 1, 1), date(2025, 12, 31))


def test_seed_content_as_tasks_chained_with_a_milestone_each(tree):
    phases, tasks = programme.load_seed_phases(tree['a'], with_tasks=True)
    assert (phases, tasks) == (6, 23)
    p4 = Task.objects.filter(phase__number=4).order_by('code')
    assert p4.count() == 9 and [t.milestone for t in p4].count(True) == 1
    assert all(t.phase.start <= t.start <= t.end <= t.phase.end for t in Task.objects.select_related('phase'))
    second = Task.objects.get(code='4.2')
    assert list(second.depends_on.values_list('code', flat=True)) == ['4.1']


def test_a_unit_plan_is_what_it_leads_or_coordinates(plan):
    users, tree = plan['users'], plan['tree']
    codes = {t.code for t in programme.tasks_for(users['officer_a'])}
    assert codes == {'A-1', 'A1-1', 'B-1'}
    assert {t.code for t in programme.tasks_for(users['officer_b'])} == {'B-1', 'B-2'}
    assert {t.code for t in programme.tasks_for(users['admin'], tree['a1'])} == {'A1-1'}
    assert {t.code for t in programme.tasks_for(users['admin'])} == {'A-1', 'A1-1', 'B-1', 'B-2'}


def test_gantt_rows_overdue_and_upcoming(plan):
    admin = plan['users']['admin']
    rows = programme.gantt(admin, today=TODAY)
    phases = [r for r in rows if r['custom_class'] == 'cm-phase']
    assert len(phases) == 6 and phases[0]['name'].startswith('1. Hướng dẫn')
    by_id = {r['id']: r for r in rows}
    t = plan['tasks']
    assert by_id[f't{t["A-1"].pk}']['custom_class'] == 'cm-late'            # ended 31 May, 70 %
    assert by_id[f't{t["A1-1"].pk}']['custom_class'] == 'cm-milestone'
    assert by_id[f't{t["A1-1"].pk}']['dependencies'] == f't{t["A-1"].pk}'
    assert by_id[f't{t["B-2"].pk}']['custom_class'] == 'cm-task'            # done: not late
    assert [x.code for x in programme.overdue(admin, TODAY)] == ['A-1']
    assert [x.code for x in programme.upcoming(admin, TODAY)] == ['B-1', 'A1-1']
    assert [x.code for x in programme.overdue(plan['users']['officer_b'], TODAY)] == []


def test_budget_roll_ups_equal_the_sum_of_the_tasks(plan):
    admin = plan['users']['admin']
    data = programme.budget(admin)
    tasks = plan['tasks'].values()
    for field in programme.MONEY:
        total = sum(getattr(x, field) for x in tasks)
        assert data['total'][field] == total
        for key in ('by_unit', 'by_phase', 'by_source'):
            assert sum(r[field] or 0 for r in data[key]) == total
    by_source = {r['funding_source']: r for r in data['by_source']}
    assert by_source['programme']['estimate_vnd'] == 170_000_000 and by_source['programme']['tasks'] == 2
    assert {r['lead_unit__code']: r['estimate_vnd'] for r in data['by_unit']} == {
        'DEP-A': 300_000_000, 'DEP-A1': 50_000_000, 'DEP-B': 200_000_000}
    # A unit's budget: its own plan's tasks (B-1 counts for DEP-A, which coordinates it).
    mine = programme.budget(plan['users']['officer_a'])
    assert mine['total']['tasks'] == 3 and mine['total']['estimate_vnd'] == 470_000_000


def test_budget_page_and_workbook(plan, web):
    client = web('admin')
    page = client.get('/planning/budget/')
    assert page.status_code == 200 and '550.000.000' in page.content.decode().replace(',', '.')
    response = client.get('/planning/budget/', {'format': 'xlsx'})
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b''.join(response.streaming_content)))
    assert len(book.sheet_names) == 4
    tasks = book.get_sheet_by_index(0).to_python()
    assert len(tasks) == 5 and sorted(r[0] for r in tasks[1:]) == ['A-1', 'A1-1', 'B-1', 'B-2']
    by_unit = book.get_sheet_by_index(1).to_python()
    assert by_unit[-1][2] == 550_000_000
    officer = web('officer_b').get('/planning/budget/', {'format': 'xlsx'})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b''.join(officer.streaming_content))).get_sheet_by_index(0)
    assert sorted(r[0] for r in rows.to_python()[1:]) == ['B-1', 'B-2']


def test_programme_page_and_loading_the_phases(tree, web):
    client = web('admin')
    page = client.get('/planning/programme/').content.decode()
    assert 'data-load-phases' in page
    assert client.post('/planning/programme/load/').status_code == 302
    assert Phase.objects.count() == 6
    page = client.get('/planning/programme/').content.decode()
    assert 'data-load-phases' not in page and 'gantt-data' in page
    assert web('officer_a').post('/planning/programme/load/').status_code == 403
