"""The guarded migration lifecycle end to end on one system (D-A1 of DEP-A, from the designs' fixture):
each guard refuses with exactly what is missing until its condition is met, from planned to closed; block
and resume, rollback with the fallback plan's record; the history, audit trail and notifications; the API's
200/409 answers; the `migration` command; records from the wave plan."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from cloudmove.core import scoping
from cloudmove.core.models import AuditRecord, Notification
from cloudmove.core.services import objects
from cloudmove.execution import choices as c
from cloudmove.execution.engine import lifecycle as engine
from cloudmove.execution.models import AcceptanceTest, DecommissionRecord, Incident, Migration, Risk, StateChange
from cloudmove.execution.services import lifecycle
from cloudmove.planning.services import designs
from cloudmove.planning.tests.test_designs import approved, province  # noqa: F401  (fixture)

API = '/api/execution/migrations/'


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


@pytest.fixture
def move(province):  # noqa: F811
    officer = province['users']['officer_a']
    migration = objects.create_object(officer, Migration, {'system': province['system'], 'wave': 1})
    return {**province, 'migration': migration, 'officer': officer, 'admin': province['users']['admin']}


def codes(migration, target, comment=''):
    return [m['code'] for m in lifecycle.missing(Migration.objects.get(pk=migration.pk), target, comment)]


def message(move, target, k=0):
    return lifecycle.missing(Migration.objects.get(pk=move['migration'].pk), target)[k]['message']


def go(move, target, comment='', user=None):
    m = Migration.objects.get(pk=move['migration'].pk)
    return lifecycle.transition(user or move['officer'], m, target, comment)


def refused(move, target, comment='', user=None):
    with pytest.raises(lifecycle.Refused) as info:
        go(move, target, comment, user)
    return [m['code'] for m in info.value.missing]


def review_risks(move):
    for risk in Risk.objects.filter(system=move['system']):
        objects.update_object(move['officer'], risk, {'status': 'mitigating', 'mitigation': 'Chuyển ngoài giờ'})


def pass_tests(move, kinds=None):
    for test in AcceptanceTest.objects.filter(migration=move['migration']):
        if kinds is None or test.kind in kinds:
            objects.update_object(move['officer'], test, {'result': 'passed', 'tested_on': timezone.localdate(),
                                                          'signed_by': 'Trần Văn C, Trưởng phòng'})


def to_trial_run(move):
    go(move, 'preparing')
    approved(move)
    lifecycle.seed_risks(move['officer'], move['system'])
    Risk.objects.create(system=move['system'], title='Gián đoạn', status='accepted', mitigation='Ngoài giờ')
    review_risks(move)
    lifecycle.apply_runbook_template(move['officer'], move['migration'])
    go(move, 'migrating')
    move['migration'].steps.update(status='done')
    go(move, 'verifying')
    lifecycle.apply_test_templates(move['officer'], move['migration'])
    go(move, 'trial_run')


# ---------------------------------------------------------------- the declared table

def test_the_table_declares_the_lifecycle():
    assert set(engine.STATES) == set(c.MigrationState.values)
    for t in engine.TRANSITIONS:
        assert t.target in engine.STATES and set(t.sources) <= set(engine.STATES)
        assert all(code in lifecycle.EVALUATORS for code in t.conditions), t
    # the main line in order, blocked from every open state, rollback only while the move is in flight
    for a, b in zip(engine.MAIN_LINE, engine.MAIN_LINE[1:], strict=False):
        assert engine.find(a, b) is not None
    assert [s for s in engine.STATES if engine.find(s, 'blocked')] == list(engine.MAIN_LINE[:-1])
    assert [s for s in engine.STATES if engine.find(s, 'rolled_back')] == ['migrating', 'verifying', 'trial_run']
    assert engine.targets('closed') == []
    assert engine.check('planned', 'live', lambda code: True) == ['not_allowed']
    assert engine.check('trial_run', 'live', lambda code: code != 'golive_approved') == ['golive_approved']


# ---------------------------------------------------------------- planned to closed

def test_each_guard_refuses_until_its_condition_is_met(move):
    m, officer, admin = move['migration'], move['officer'], move['admin']
    assert refused(move, 'live') == ['not_allowed']
    go(move, 'preparing', 'Bắt đầu chuẩn bị')

    assert refused(move, 'migrating') == ['design_approved', 'fallback_plan', 'risks_reviewed', 'runbook_ready']
    approved(move)
    assert codes(m, 'migrating') == ['risks_reviewed', 'runbook_ready']
    assert 'No risk is recorded' in message(move, 'migrating')
    seeded = lifecycle.seed_risks(officer, move['system'])
    Risk.objects.create(system=move['system'], title='Nhà cung cấp chậm bàn giao', mitigation='')
    assert Risk.objects.filter(system=move['system']).count() == seeded + 1
    assert 'Nhà cung cấp chậm bàn giao' in message(move, 'migrating')
    review_risks(move)
    assert codes(m, 'migrating') == ['runbook_ready']
    steps = lifecycle.apply_runbook_template(officer, m)
    assert steps == m.steps.count() >= 8
    go(move, 'migrating')

    assert refused(move, 'verifying') == ['runbook_done']
    m.steps.filter(number=2).update(status='failed')
    assert 'failed: 2.' in message(move, 'verifying')
    m.steps.update(status='done')
    go(move, 'verifying')

    assert refused(move, 'trial_run') == ['tests_planned']
    added = lifecycle.apply_test_templates(officer, m)
    assert added == 7 and lifecycle.apply_test_templates(officer, m) == 0   # internet-facing: with the pentest
    go(move, 'trial_run')

    assert refused(move, 'live') == ['functional_passed', 'performance_passed', 'security_passed', 'golive_approved']
    pass_tests(move, kinds=('functional', 'features', 'performance'))
    assert codes(m, 'live') == ['security_passed', 'golive_approved']
    assert 'Penetration test' in message(move, 'live')
    pass_tests(move)
    with pytest.raises(PermissionDenied):   # the unit does not approve its own go-live
        lifecycle.approve_golive(officer, m, 'Sở A', '1/QĐ')
    with pytest.raises(ValidationError):
        lifecycle.approve_golive(admin, m, '', '')
    lifecycle.approve_golive(admin, m, 'Lê Văn D, Giám đốc Sở KH&CN', '30/QĐ-SKHCN')
    live = go(move, 'live')
    assert live.live_since == timezone.localdate()

    assert refused(move, 'decommissioning') == ['healthy_days', 'old_data_kept']
    assert 'Live for 0 of the 30 days' in message(move, 'decommissioning')
    Migration.objects.filter(pk=m.pk).update(live_since=timezone.localdate() - timedelta(days=31))
    incident = Incident.objects.create(system=move['system'], kind='health', title='Cổng không phản hồi',
                                       opened_at=timezone.now() - timedelta(days=3))
    assert 'health incident' in message(move, 'decommissioning')
    incident.closed_at = timezone.now() - timedelta(days=2)
    incident.save()
    assert codes(m, 'decommissioning') == ['healthy_days', 'old_data_kept']   # it was open inside the 30 days
    Incident.objects.filter(pk=incident.pk).update(opened_at=timezone.now() - timedelta(days=60),
                                                   closed_at=timezone.now() - timedelta(days=45))
    old = objects.create_object(officer, DecommissionRecord, {'system': move['system'], 'item': 'Máy chủ cũ 1',
                                                              'power_w': 500, 'rack_units': 2})
    assert codes(m, 'decommissioning') == ['old_data_kept']
    objects.update_object(officer, old, {'old_data': 'archived'})
    go(move, 'decommissioning')

    assert refused(move, 'closed') == ['decommission_record']
    assert 'Máy chủ cũ 1' in message(move, 'closed')
    objects.update_object(officer, old, {'decommissioned_on': timezone.localdate(), 'sanitisation': 'purge',
                                         'disposal': 'reuse'})
    closed = go(move, 'closed', 'Hoàn thành')
    assert closed.state == 'closed' and lifecycle.options(closed) == []
    with pytest.raises(ValidationError):   # closed is kept as it was
        objects.update_object(officer, closed, {'notes': 'sửa'})

    history = list(StateChange.objects.filter(migration=m).values_list('source', 'target', 'by__username'))
    assert history == [('planned', 'preparing', 'officer_a'), ('preparing', 'migrating', 'officer_a'),
                       ('migrating', 'verifying', 'officer_a'), ('verifying', 'trial_run', 'officer_a'),
                       ('trial_run', 'live', 'officer_a'), ('live', 'decommissioning', 'officer_a'),
                       ('decommissioning', 'closed', 'officer_a')]
    states = [r.after.get('state') for r in AuditRecord.objects.filter(object_type='execution.migration',
                                                                       object_id=str(m.pk)).order_by('seq')
              if r.after and 'state' in r.after]
    assert states[-7:] == ['preparing', 'migrating', 'verifying', 'trial_run', 'live', 'decommissioning', 'closed']
    assert AuditRecord.objects.filter(object_type='execution.statechange', action='create').count() == 7
    # the programme office is told of every change; the officer who made them is not told of their own
    told = Notification.objects.filter(user=admin, title__startswith='D-A1:')
    assert told.count() == 7 and told.filter(title__contains='Closed').exists()
    assert not Notification.objects.filter(user=officer, title__startswith='D-A1:').exists()


def test_block_resume_and_rollback_with_the_fallback_plan(move):
    to_trial_run(move)
    assert refused(move, 'blocked') == ['comment']
    go(move, 'blocked', 'Chờ nhà cung cấp mở cổng kết nối')
    assert Migration.objects.get(pk=move['migration'].pk).blocked_from == 'trial_run'
    assert refused(move, 'preparing') == ['resumes_here']
    assert 'blocked while Trial run' in message(move, 'preparing')
    go(move, 'trial_run')
    lifecycle.approve_golive(move['admin'], move['migration'], 'Lê Văn D', '31/QĐ')

    assert refused(move, 'rolled_back') == ['comment']
    back = go(move, 'rolled_back', 'Sai lệch dữ liệu sau đồng bộ')
    change = StateChange.objects.filter(migration=back).order_by('-pk').first()
    design = designs.approved(move['system'])
    assert change.details['fallback'] == {'trigger': design.fallback_trigger, 'steps': design.fallback_steps,
                                          'decider': design.fallback_decider, 'keep_days': design.fallback_keep_days}
    assert change.details['design_version'] == design.version and change.comment == 'Sai lệch dữ liệu sau đồng bộ'
    assert back.golive_approved_on is None   # the approval was for the move that failed
    assert lifecycle.options(back)[0]['state'] == 'preparing'
    go(move, 'preparing')
    assert refused(move, 'rolled_back', 'x') == ['not_allowed']   # not from preparation


def test_transitions_are_scoped(move):
    m, users = move['migration'], move['users']
    with pytest.raises(scoping.OutOfScope):
        lifecycle.transition(users['officer_b'], m, 'preparing')
    with pytest.raises(PermissionDenied):
        lifecycle.transition(users['viewer_a'], m, 'preparing')
    assert Migration.objects.get(pk=m.pk).state == 'planned' and not StateChange.objects.exists()
    board = {col['state']: col['cards'] for col in lifecycle.board(users['officer_b'])}
    assert board['planned'] == [] and [x.pk for x in lifecycle.board(users['viewer_a'])[0]['cards']] == [m.pk]


# ---------------------------------------------------------------- API and command line

def test_api_transition_answers_200_or_409_with_what_is_missing(move, api):
    url = f'{API}{move["migration"].pk}/transition/'
    response = api['officer_a'].post(url, {'to': 'preparing', 'comment': 'Bắt đầu'}, format='json')
    assert response.status_code == 200, response.content
    assert response.json()['state'] == 'preparing' and response.json()['id'] == move['migration'].pk

    response = api['officer_a'].post(url, {'to': 'migrating'}, format='json', HTTP_ACCEPT_LANGUAGE='en')
    assert response.status_code == 409
    body = response.json()
    assert list(body) == ['missing']
    assert [m['code'] for m in body['missing']] == ['design_approved', 'fallback_plan', 'risks_reviewed',
                                                   'runbook_ready']
    assert all(set(m) == {'code', 'message'} and m['message'] for m in body['missing'])
    assert Migration.objects.get(pk=move['migration'].pk).state == 'preparing'

    # in the user's language
    vi = api['officer_a'].post(url, {'to': 'migrating'}, format='json', HTTP_ACCEPT_LANGUAGE='vi')
    assert vi.status_code == 409 and vi.json()['missing'][0]['message'] != body['missing'][0]['message']

    assert api['officer_a'].post(url, {'to': 'nowhere'}, format='json').status_code == 400
    assert api['officer_b'].post(url, {'to': 'blocked', 'comment': 'x'}, format='json').status_code == 404
    assert api['viewer_a'].post(url, {'to': 'blocked', 'comment': 'x'}, format='json').status_code == 403
    assert api['admin'].post(f'{API}999999/transition/', {'to': 'blocked'}, format='json').status_code == 404


def test_api_go_live_approval_is_for_the_programme_office_or_a_leader(move, api):
    to_trial_run(move)
    url = f'{API}{move["migration"].pk}/approve-golive/'
    body = {'approver': 'Lê Văn D, Giám đốc', 'reference': '32/QĐ-SKHCN'}
    assert api['officer_a'].post(url, body, format='json').status_code == 403
    assert api['leader'].post(url, {'approver': 'x', 'reference': ''}, format='json').status_code == 400
    response = api['leader'].post(url, body, format='json')
    assert response.status_code == 200 and response.json()['golive_reference'] == '32/QĐ-SKHCN'
    assert 'golive_approved' not in codes(move['migration'], 'live')


def test_command_moves_and_lists_what_is_missing(move, capsys):
    code = move['system'].code
    call_command('migration', 'transition', code, '--to', 'preparing')
    assert 'Preparing' in capsys.readouterr().out
    with pytest.raises(CommandError) as info:
        call_command('migration', 'transition', code, '--to', 'migrating')
    assert 'No approved migration design' in str(info.value) and 'No runbook' in str(info.value)
    call_command('migration', 'show', code, '--json')
    shown = json.loads(capsys.readouterr().out)
    assert shown['state'] == 'preparing'
    assert [o['state'] for o in shown['next']] == ['migrating', 'blocked']
    with pytest.raises(CommandError):
        call_command('migration', 'transition', 'NO-SUCH', '--to', 'preparing')


def test_records_follow_the_wave_plan(province):  # noqa: F811
    from cloudmove.planning.services import plans

    with pytest.raises(ValidationError):
        lifecycle.sync_from_plan(None)
    plan = plans.execute(plans.create(None, {'waves': 4, 'time_limit': 5}))
    assert plan.state == 'done', plan.error
    with pytest.raises(PermissionDenied):
        lifecycle.sync_from_plan(province['users']['officer_a'])
    created, updated = lifecycle.sync_from_plan(province['users']['admin'])
    waves = dict(plans.assignments(plan).exclude(wave=None).values_list('system_id', 'wave'))
    assert created == len(waves) >= 1 and updated == 0
    assert dict(Migration.objects.values_list('system_id', 'wave')) == waves
    assert lifecycle.sync_from_plan(None) == (0, 0)


def test_the_healthy_days_setting_is_the_programme_offices_and_audited(users):
    assert lifecycle.healthy_days() == 30
    with pytest.raises(PermissionDenied):
        lifecycle.set_healthy_days(users['officer_a'], 5)
    with pytest.raises(ValidationError):
        lifecycle.set_healthy_days(users['admin'], 4000)
    assert lifecycle.set_healthy_days(users['admin'], 10) == 10 and lifecycle.healthy_days() == 10
    entry = AuditRecord.objects.filter(object_type='core.sitesetting').get()
    assert (entry.action, entry.before, entry.after) == ('update', {'value': 30}, {'value': 10})
