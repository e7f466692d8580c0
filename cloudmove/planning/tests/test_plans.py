"""Wave plans end to end over a small province built by hand: a plan solved as a job, hard dependencies,
move groups (latency-sensitive links, shared machines, planners' grouping edits), pins and the reasons
they give, deadlines and groups that cannot be met explained by their conflicts, the API and its scoping,
the `plan` command, the pages and the audit trail.

The province (units of the shared `tree` fixture), every system at security level 2 on one small machine
(2 vCPU / 4 GiB / 50 GiB), so the assessment rehosts each with priority 51–52 and 3.5 person-days:

    DEP-A   P-A1 ──latency-sensitive (low)──▶ P-A5           one move group
            P-A2 ──depends on (high)──▶ P-B1                 hard precedence: P-A2 no earlier than P-B1
            P-A3 and P-A4 run on one shared machine pa34     one move group
    DEP-A1  P-A5
    DEP-B   P-B1
            P-B2 on a 64 vCPU / 512 GiB machine no flavour fits: retained, not planned
            P-B3 retired by the reviewer: not planned

Plans start on Monday 2030-03-04 with 4 waves of 4 weeks and no blackouts unless a test says otherwise,
so the waves are 03-04..03-31, 04-01..04-28, 04-29..05-26 and 05-27..06-23. With the default capacities
(an even share × 1.5) a wave takes 3 systems and 8 person-days, i.e. two of these systems (efforts count
in whole days: 4 each).
"""

import io
import json
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from cloudmove.assessment.services import runs
from cloudmove.assessment.tests.test_runs import make_providers, make_system, make_vm
from cloudmove.core import audit
from cloudmove.core.choices import AuditSource
from cloudmove.core.models import AuditRecord, Job
from cloudmove.core.services import jobs
from cloudmove.inventory.models import Dependency
from cloudmove.planning.models import GroupingEdit, WaveAssignment, WavePin, WavePlan
from cloudmove.planning.services import plans

API = '/api/planning/plans/'
START = '2030-03-04'
BASE = {'waves': 4, 'start': START, 'blackouts': [], 'time_limit': 2}
WAVE_DATES = [('2030-03-04', '2030-03-31'), ('2030-04-01', '2030-04-28'), ('2030-04-29', '2030-05-26'),
              ('2030-05-27', '2030-06-23')]
MOVING = ('P-A1', 'P-A2', 'P-A3', 'P-A4', 'P-A5', 'P-B1')
STAYING = ('P-B2', 'P-B3')
UNIT_A = ('P-A1', 'P-A2', 'P-A3', 'P-A4', 'P-A5')           # DEP-A and DEP-A1: what officer_a sees
PAYLOAD_KEYS = {'id', 'version', 'state', 'status', 'objective', 'bound', 'gap', 'greedy_objective', 'terms',
                'greedy_terms', 'seconds', 'waves', 'conflicts', 'violations', 'assessment', 'constraints',
                'error'}


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the product's default is Vietnamese)."""
    with translation.override('en'):
        yield


def english_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = 'en'
    return client


@pytest.fixture
def province(tree, users):
    make_providers()
    a, a1, b = tree['a'], tree['a1'], tree['b']
    units = {'P-A1': a, 'P-A2': a, 'P-A3': a, 'P-A4': a, 'P-A5': a1, 'P-B1': b, 'P-B2': b, 'P-B3': b}
    systems = {code: make_system(unit, code, 2) for code, unit in units.items()}
    for code in ('P-A1', 'P-A2', 'P-A5', 'P-B1', 'P-B3'):
        make_vm(units[code], systems[code], code.lower(), 2, 4096, 50)
    shared = make_vm(a, systems['P-A3'], 'pa34', 2, 4096, 50)
    shared.systems.add(systems['P-A4'])
    make_vm(b, systems['P-B2'], 'p-b2', 64, 512 * 1024, 100)
    Dependency.objects.create(unit=a, source_system=systems['P-A2'], target_system=systems['P-B1'],
                              criticality='high')
    Dependency.objects.create(unit=a, source_system=systems['P-A1'], target_system=systems['P-A5'],
                              criticality='low', latency_sensitive=True)
    runs.review(users['admin'], systems['P-B3'], 'retire', 'Replaced by the national platform')
    run = runs.execute(runs.create(None, None, {}))
    assert run.state == 'done'
    return {'systems': systems, 'run': run, 'users': users, 'ids': {s.pk: code for code, s in systems.items()}}


def solve(constraints=None, user=None, **changes):
    plan = plans.execute(plans.create(user, {**BASE, **(constraints or {}), **changes}))
    assert plan.state == 'done', plan.error
    return plan


def waves_of(plan):
    """{system code: wave} of every assignment row of a plan."""
    return dict(WaveAssignment.objects.filter(plan=plan).values_list('system__code', 'wave'))


def codes_in(data, province):
    """{wave number: [system codes]} of a plan payload."""
    return {w['number']: sorted(province['ids'][pk] for pk in w['systems']) for w in data['waves']}


def pin(province, code, reason='Planner decision', **values):
    return plans.set_pin(province['users']['admin'], province['systems'][code], reason, **values)


# ---------------------------------------------------------------- 1. a plan executed as a job

def test_plan_executed_as_a_job_places_every_moving_system(province):
    admin = province['users']['admin']
    plan = plans.start(admin, BASE, title='Programme 2030')
    job = Job.objects.get(pk=plan.job_id)
    assert (plan.state, job.kind, job.state, job.params) == ('queued', 'planning.plan', 'queued',
                                                            {'plan': plan.pk})
    assert WaveAssignment.objects.filter(plan=plan).count() == 0   # nothing before the worker runs it

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    plan.refresh_from_db()
    assert job.state == 'succeeded', job.error
    assert plan.state == 'done' and plan.error == '' and plan.finished_at is not None
    assert plan.status in ('OPTIMAL', 'FEASIBLE')
    assert job.result == {'plan': plan.pk, 'status': plan.status, 'objective': plan.objective}
    assert plan.assessment_id == province['run'].pk
    assert plan.created_by == admin and plan.title == 'Programme 2030' and plan.version == 1

    placed = waves_of(plan)
    assert set(placed) == set(MOVING)                               # retired and retained: no row at all
    assert all(placed[code] in (1, 2, 3, 4) for code in MOVING), placed

    data = plans.payload(plan)
    assert set(data) >= PAYLOAD_KEYS
    assert data['id'] == plan.pk and data['state'] == 'done' and data['status'] == plan.status
    assert data['violations'] == 0 and data['conflicts'] == [] and data['error'] is None
    assert data['objective'] == plan.objective and data['bound'] == plan.bound
    assert data['greedy_objective'] is not None and data['bound'] <= data['objective'] <= data['greedy_objective']
    assert [(w['number'], w['start'], w['end']) for w in data['waves']] == [
        (n, s, e) for n, (s, e) in enumerate(WAVE_DATES, start=1)]
    listed = [pk for w in data['waves'] for pk in w['systems']]
    assert sorted(listed) == sorted(province['systems'][c].pk for c in MOVING)   # each exactly once
    assert all(isinstance(pk, int) for pk in listed)
    for w in data['waves']:
        assert w['systems'] == sorted(w['systems'], key=lambda pk: province['ids'][pk])
        assert {province['ids'][pk] for pk in w['systems']} == {c for c, n in placed.items() if n == w['number']}
        assert w['load']['systems'] == len(w['systems']) <= w['capacity']['systems'] == 3
        assert w['load']['effort'] <= w['capacity']['effort'] == 8
    for code in STAYING:
        assert province['systems'][code].pk not in listed


# ---------------------------------------------------------------- 2. dependencies and move groups

def test_hard_dependency_latency_link_and_shared_machine(province):
    # Pins make each rule bite: without it the solver would put the system earlier (its priority outweighs
    # the crossing link). Capacities are wide so only the links decide.
    pin(province, 'P-B1', not_before=3)
    pin(province, 'P-A5', not_before=2)
    pin(province, 'P-A4', not_before=4)
    plan = solve(capacity_systems=10, capacity_vms=100, capacity_effort=1000)
    assert plan.status == 'OPTIMAL' and plans.payload(plan)['violations'] == 0
    placed = waves_of(plan)
    assert placed['P-A2'] >= placed['P-B1'] >= 3                     # P-A2 depends (high) on P-B1
    assert placed['P-A1'] == placed['P-A5'] >= 2                      # latency-sensitive link
    assert placed['P-A3'] == placed['P-A4'] == 4                      # one machine
    # The unique optimum: each as early as its pin and its links allow.
    assert placed == {'P-A1': 2, 'P-A5': 2, 'P-A2': 3, 'P-B1': 3, 'P-A3': 4, 'P-A4': 4}
    groups = dict(WaveAssignment.objects.filter(plan=plan).values_list('system__code', 'group'))
    assert groups['P-A1'] == groups['P-A5'] is not None
    assert groups['P-A3'] == groups['P-A4'] is not None and groups['P-A3'] != groups['P-A1']
    assert groups['P-A2'] is None and groups['P-B1'] is None        # a one-way hard link is no group
    assert sorted(sorted(g) for g in plan.result['groups']) == sorted(
        sorted(province['systems'][c].pk for c in pair) for pair in (('P-A1', 'P-A5'), ('P-A3', 'P-A4')))

    why = plans.why(plan, province['systems']['P-A2'])
    assert why['wave'] == 3 and [e['wave'] for e in why['earlier']] == [1, 2]
    for entry in why['earlier']:
        assert [(r['code'], r['system'], r['on'], r['wave']) for r in entry['reasons']] == [
            ('dependency', 'P-A2', 'P-B1', 3)]
        assert entry['reasons'][0]['message'] == 'P-A2 depends on P-B1, which moves in wave 3.'
    assert why['binding'] == ['dependency']


def test_grouping_edits_cut_and_add_pairs(province):
    s = province['systems']
    pin(province, 'P-A5', not_before=2)
    GroupingEdit.objects.create(source=s['P-A1'], target=s['P-A5'], action='cut', reason='Link tolerates WAN')
    GroupingEdit.objects.create(source=s['P-A2'], target=s['P-B1'], action='add', reason='One team moves both')
    GroupingEdit.objects.create(source=s['P-A3'], target=s['P-B1'], action='add', reason='Shared licence')
    # Wide capacities and no balance term: only priorities and crossing links decide.
    plan = solve(capacity_systems=10, capacity_vms=100, capacity_effort=1000, weights={'balance': 0})
    placed = waves_of(plan)
    groups = dict(WaveAssignment.objects.filter(plan=plan).values_list('system__code', 'group'))
    # Cut: P-A1 is free of P-A5; its priority (51 a wave) outweighs the crossing link (20): wave 1.
    assert groups['P-A1'] is None and groups['P-A5'] is None
    # Added pairs join P-A2, P-B1 and (through P-A3's machine) P-A4 into one group of four.
    assert groups['P-A2'] == groups['P-B1'] == groups['P-A3'] == groups['P-A4'] is not None
    assert placed == {'P-A1': 1, 'P-A5': 2, 'P-A2': 1, 'P-B1': 1, 'P-A3': 1, 'P-A4': 1}
    assert plans.payload(plan)['violations'] == 0


def test_a_shared_machine_counts_once_in_a_waves_machines(province):
    """P-A3 and P-A4 run on one machine (pa34): moving their group moves one machine, not two."""
    s = province['systems']
    GroupingEdit.objects.create(source=s['P-A1'], target=s['P-A5'], action='cut', reason='Link tolerates WAN')
    # Five machines (pa1, pa2, pa34, pa5, pb1), eight waves of one machine each: room for all.
    plan = solve(waves=8, capacity_vms=1, capacity_systems=10, capacity_effort=1000)
    data = plans.payload(plan)
    assert plan.status in ('OPTIMAL', 'FEASIBLE'), data['conflicts']
    wave = waves_of(plan)['P-A3']
    assert next(w for w in data['waves'] if w['number'] == wave)['load']['vms'] == 1


# ---------------------------------------------------------------- 3. pins and deadlines

def test_pin_places_the_system_and_is_its_reason(province):
    pin(province, 'P-B1', 'Contract with the vendor ends in April', wave=3)
    plan = solve()
    assert plan.status in ('OPTIMAL', 'FEASIBLE')
    placed = waves_of(plan)
    assert placed['P-B1'] == 3
    assert placed['P-A2'] >= 3                                        # its dependant follows it
    assert plans.payload(plan)['violations'] == 0

    why = plans.why(plan, province['systems']['P-B1'])
    assert (why['system'], why['code'], why['wave']) == (province['systems']['P-B1'].pk, 'P-B1', 3)
    assert [e['wave'] for e in why['earlier']] == [1, 2]
    for entry in why['earlier']:
        assert [(r['code'], r['value']) for r in entry['reasons']] == [('pin', 3)]
        assert entry['reasons'][0]['message'] == 'P-B1 is pinned to wave 3.'
    assert why['binding'] == ['pin']
    # A system in wave 1 has nothing holding it back.
    first = next(code for code, n in placed.items() if n == 1)
    assert plans.why(plan, province['systems'][first])['earlier'] == []
    # A system the plan does not move has no reason.
    assert plans.why(plan, province['systems']['P-B3']) is None


def test_deadline_before_every_wave_is_infeasible_and_named(province):
    pin(province, 'P-A2', 'Data centre lease ends', deadline=date(2030, 3, 10))  # wave 1 ends 03-31
    plan = solve()
    assert plan.status == 'INFEASIBLE'
    data = plans.payload(plan)
    assert all(w['systems'] == [] for w in data['waves'])
    assert set(waves_of(plan).values()) == {None}                   # rows kept, no wave given
    deadline = [c for c in data['conflicts'] if c['code'] == 'deadline']
    assert len(deadline) == 1 and deadline[0]['system'] == 'P-A2' and deadline[0]['value'] == '2030-03-10'
    assert deadline[0]['message'] == 'P-A2 must have moved by 2030-03-10.'
    assert data['conflicts'] == deadline                              # the deadline alone is the conflict
    assert plans.why(plan, province['systems']['P-A2']) is None


# ---------------------------------------------------------------- 4. an impossible group

def test_group_larger_than_every_wave_names_group_and_capacities(province):
    # Eight waves of one system each: room for the six systems, not for a group of two in one wave.
    plan = solve(waves=8, capacity_systems=1, capacity_vms=100, capacity_effort=1000, time_limit=5)
    assert plan.status == 'INFEASIBLE'
    data = plans.payload(plan)
    codes = [c['code'] for c in data['conflicts']]
    assert 'group' in codes and 'capacity' in codes, data['conflicts']
    assert all(c['message'] for c in data['conflicts'])
    groups = [c for c in data['conflicts'] if c['code'] == 'group']
    assert len(groups) == 1 and sorted(groups[0]['systems']) in (['P-A1', 'P-A5'], ['P-A3', 'P-A4'])
    assert groups[0]['message'] == f"Move group of 2 systems ({', '.join(groups[0]['systems'])}) moves in one wave."
    capacities = [c for c in data['conflicts'] if c['code'] == 'capacity']
    # Every wave's capacity is part of it (any wave left unlimited would take the group), nothing else.
    assert sorted(c['wave'] for c in capacities) == list(range(1, 9))
    assert {(c['dimension'], c['capacity']) for c in capacities} == {('systems', 1)}
    assert capacities[0]['message'] == f"Capacity of wave {capacities[0]['wave']}: 1 systems."
    assert len(data['conflicts']) == 9


# ---------------------------------------------------------------- 5. the API

def test_api_start_read_and_scope(province, api):
    before = WavePlan.objects.count()
    response = api['admin'].post(API, {**BASE, 'title': 'Via API'}, format='json')
    assert response.status_code == 202, response.content
    plan = WavePlan.objects.get(pk=response.json()['id'])
    assert response.json()['state'] == 'queued' and plan.title == 'Via API'
    assert plan.created_by == province['users']['admin']

    refused = api['officer_a'].post(API, BASE, format='json')
    assert refused.status_code == 403
    assert WavePlan.objects.count() == before + 1

    assert jobs.run_pending() == 1
    data = api['admin'].get(f'{API}{plan.pk}/').json()
    assert set(data) >= PAYLOAD_KEYS
    assert data['id'] == plan.pk and data['state'] == 'done' and data['status'] in ('OPTIMAL', 'FEASIBLE')
    assert data['violations'] == 0 and data['conflicts'] == []
    assert data['objective'] is not None and data['bound'] is not None and data['greedy_objective'] is not None
    assert [w['number'] for w in data['waves']] == [1, 2, 3, 4]
    assert sorted(c for codes in codes_in(data, province).values() for c in codes) == sorted(MOVING)
    assert api['admin'].get(API).json()['results'][0]['id'] == plan.pk

    # A unit officer reads the plan, with only its unit subtree's systems in the waves.
    mine = api['officer_a'].get(f'{API}{plan.pk}/')
    assert mine.status_code == 200
    seen = sorted(c for codes in codes_in(mine.json(), province).values() for c in codes)
    assert seen == sorted(UNIT_A)
    assert mine.json()['objective'] == data['objective']             # the figures of the whole plan stay
    b1, a5 = province['systems']['P-B1'], province['systems']['P-A5']
    assert api['officer_a'].get(f'{API}{plan.pk}/systems/{b1.pk}/why/').status_code == 404
    own = api['officer_a'].get(f'{API}{plan.pk}/systems/{a5.pk}/why/')
    assert own.status_code == 200 and own.json()['code'] == 'P-A5'
    assert api['admin'].get(f'{API}{plan.pk}/systems/{b1.pk}/why/').json()['code'] == 'P-B1'
    staying = province['systems']['P-B3']
    assert api['admin'].get(f'{API}{plan.pk}/systems/{staying.pk}/why/').status_code == 404
    assert api['officer_a'].get(f'{API}{plan.pk + 1000}/').status_code == 404


@pytest.mark.parametrize(('values', 'field'), [
    ({'waves': 0}, 'waves'),
    ({'start': 'notadate'}, 'start'),
    ({'blackouts': [{'name': 'Audit', 'start': '2030-04-10', 'end': '2030-04-01', 'factor': 0}]}, 'blackouts.1'),
    ({'waves': 61}, 'waves'),
    ({'weights': {'speed': 3}}, 'weights.speed'),
])
def test_api_rejects_bad_constraints_naming_the_field(province, api, values, field):
    response = api['admin'].post(API, {**BASE, **values}, format='json')
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}, response.json()
    assert WavePlan.objects.count() == 0 and Job.objects.filter(kind='planning.plan').count() == 0


def test_constraints_errors_name_every_bad_field_at_once(db):
    with pytest.raises(ValidationError) as caught:
        plans.clean_constraints({'waves': 0, 'start': 'notadate', 'time_limit': 'soon',
                                 'blackouts': [{'name': 'X', 'start': '2030-04-10', 'end': '2030-04-01'}]})
    assert set(caught.value.message_dict) == {'waves', 'start', 'time_limit', 'blackouts.1'}


def test_api_names_every_bad_field_of_one_request(province, api):
    """One request with three bad fields answers all three, as the service does (not one at a time)."""
    response = api['admin'].post(API, {**BASE, 'waves': 0, 'start': 'notadate', 'blackouts': [
        {'name': 'Audit', 'start': '2030-04-10', 'end': '2030-04-01', 'factor': 0}]}, format='json')
    assert response.status_code == 400
    assert set(response.json()) == {'waves', 'start', 'blackouts.1'}, response.json()


def test_officer_sees_no_other_units_system_in_the_conflicts(province, api, web):
    """An impossible plan's conflicts name systems; a unit officer must not learn DEP-B's codes from them."""
    pin(province, 'P-B1', 'Lease ends', deadline=date(2030, 3, 10))
    plan = solve()
    assert plan.status == 'INFEASIBLE'
    assert [c['system'] for c in plans.payload(plan)['conflicts']] == ['P-B1']      # the admin sees it
    data = api['officer_a'].get(f'{API}{plan.pk}/').json()
    assert 'P-B1' not in json.dumps(data['conflicts'], ensure_ascii=False), data['conflicts']
    html = english_client(web('officer_a')).get(f'/planning/plans/{plan.pk}/').content.decode()
    assert 'P-B1' not in html


# ---------------------------------------------------------------- 6. the command

def test_plan_command_waves_and_why(province):
    buf = io.StringIO()
    call_command('plan', 'waves', '--waves', '4', '--time-limit', '5', '--json', stdout=buf)
    data = json.loads(buf.getvalue())                                # one JSON object, nothing else
    assert set(data) >= PAYLOAD_KEYS
    assert data['state'] == 'done' and data['status'] in ('OPTIMAL', 'FEASIBLE') and data['violations'] == 0
    assert len(data['waves']) == 4 and [w['number'] for w in data['waves']] == [1, 2, 3, 4]
    first = date.fromisoformat(data['waves'][0]['start'])
    assert first.weekday() == 0 and date.today() < first <= date.today() + timedelta(days=7)
    assert sorted(c for codes in codes_in(data, province).values() for c in codes) == sorted(MOVING)

    pin(province, 'P-B1', wave=3)
    call_command('plan', 'waves', '--waves', '4', '--time-limit', '2', '--start', START, '--no-blackouts',
                 '--json', stdout=io.StringIO())
    buf = io.StringIO()
    call_command('plan', 'why', 'P-B1', '--json', stdout=buf)
    why = json.loads(buf.getvalue())
    assert (why['code'], why['wave']) == ('P-B1', 3)
    assert [(e['wave'], [r['code'] for r in e['reasons']]) for e in why['earlier']] == [(1, ['pin']), (2, ['pin'])]
    assert why['earlier'][0]['reasons'][0]['message'] == 'P-B1 is pinned to wave 3.'

    text = io.StringIO()
    call_command('plan', 'why', 'P-B1', stdout=text)
    assert text.getvalue().splitlines() == ['P-B1 is in wave 3.', 'Not wave 1:', '  - P-B1 is pinned to wave 3.',
                                            'Not wave 2:', '  - P-B1 is pinned to wave 3.']

    with pytest.raises(CommandError, match='Unknown system: NO-SUCH'):
        call_command('plan', 'why', 'NO-SUCH', '--json', stdout=io.StringIO())
    with pytest.raises(CommandError, match='P-B3'):                   # retired: no wave
        call_command('plan', 'why', 'P-B3', stdout=io.StringIO())
    with pytest.raises(CommandError, match='waves'):
        call_command('plan', 'waves', '--waves', '0', stdout=io.StringIO())


# ---------------------------------------------------------------- 7. the pages

def test_pages_show_the_form_the_waves_and_the_reasons(province, web):
    pin(province, 'P-B1', wave=3)
    plan = solve()
    b1 = province['systems']['P-B1']

    client = english_client(web('admin'))
    page = client.get('/planning/plans/')
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-start-plan' in html and 'name="waves"' in html and 'name="blackouts"' in html
    assert f'href="/planning/plans/{plan.pk}/"' in html

    html = client.get(f'/planning/plans/{plan.pk}/').content.decode()
    for number in (1, 2, 3, 4):
        assert f'data-wave="{number}"' in html
    for code in MOVING:
        assert f'>{code}</a>' in html
    for code in STAYING:
        assert code not in html
    assert '<span data-violations>0</span>' in html and f'<span data-status>{plan.status}</span>' in html

    page = client.get(f'/planning/plans/{plan.pk}/systems/{b1.pk}/')
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-reason="pin"') == 2 and 'P-B1 is pinned to wave 3.' in html

    officer = english_client(web('officer_a'))
    html = officer.get('/planning/plans/').content.decode()
    assert 'data-start-plan' not in html and f'href="/planning/plans/{plan.pk}/"' in html
    html = officer.get(f'/planning/plans/{plan.pk}/').content.decode()
    for code in UNIT_A:
        assert f'>{code}</a>' in html
    for code in ('P-B1', 'P-B2', 'P-B3'):
        assert code not in html
    assert officer.get(f'/planning/plans/{plan.pk}/systems/{b1.pk}/').status_code == 404


def test_start_form_queues_a_plan_or_explains_the_error(province, web):
    client = english_client(web('admin'))
    response = client.post('/planning/plans/start/', {
        'title': 'From the form', 'waves': '4', 'weeks': '4', 'start': START, 'time_limit': '2',
        'blackouts': 'Provincial audit; 2030-04-01; 2030-04-28; 0'})
    plan = WavePlan.objects.get(title='From the form')
    assert response.status_code == 302 and response['Location'] == f'/planning/plans/{plan.pk}/'
    assert plan.constraints['blackouts'] == [{'name': 'Provincial audit', 'start': '2030-04-01',
                                              'end': '2030-04-28', 'factor': 0.0}]
    assert jobs.run_pending() == 1
    plan.refresh_from_db()
    assert plan.state == 'done' and plan.status in ('OPTIMAL', 'FEASIBLE')
    assert 2 not in set(waves_of(plan).values())                      # the closed wave takes nobody

    bad = client.post('/planning/plans/start/', {'waves': '0', 'start': START}, follow=True)
    assert bad.redirect_chain == [('/planning/plans/', 302)]
    assert 'Enter a value between 1 and 60.' in bad.content.decode()
    assert WavePlan.objects.count() == 1

    assert web('officer_a').post('/planning/plans/start/', {'waves': '4'}).status_code == 403
    assert WavePlan.objects.count() == 1


# ---------------------------------------------------------------- 8. the audit trail

def test_plan_and_pin_land_in_the_audit_trail(province, api):
    admin = province['users']['admin']
    response = api['admin'].post(API, {**BASE, 'title': 'Audited'}, format='json')
    assert response.status_code == 202
    pk = response.json()['id']
    record = AuditRecord.objects.get(object_type='planning.waveplan', object_id=str(pk), action='create')
    assert record.user_id == admin.pk
    assert record.after['title'] == 'Audited' and record.after['constraints']['waves'] == 4
    assert record.after['constraints']['start'] == START

    system = province['systems']['P-A2']
    with audit.context(AuditSource.UI, user=admin):
        first = plans.set_pin(admin, system, 'Budget arrives in wave 3', wave=3)
        again = plans.set_pin(admin, system, 'Budget arrives in wave 2', wave=2)
    assert first.pk == again.pk and WavePin.objects.filter(system=system).count() == 1
    created = AuditRecord.objects.get(object_type='planning.wavepin', object_id=str(first.pk), action='create')
    assert created.user_id == admin.pk
    assert created.after['wave'] == 3 and created.after['reason'] == 'Budget arrives in wave 3'
    assert created.after['system_id'] == system.pk
    updated = AuditRecord.objects.get(object_type='planning.wavepin', object_id=str(first.pk), action='update')
    assert updated.before['wave'] == 3 and updated.after['wave'] == 2

    # A unit officer pins its own systems only; a pin needs a reason.
    officer = province['users']['officer_a']
    assert plans.set_pin(officer, province['systems']['P-A5'], 'Unit calendar', not_before=2).not_before == 2
    with pytest.raises(PermissionDenied):
        plans.set_pin(officer, province['systems']['P-B1'], 'Not mine', wave=1)
    with pytest.raises(ValidationError):
        plans.set_pin(admin, system, '  ', wave=1)
    assert not WavePin.objects.filter(system=province['systems']['P-B1']).exists()
