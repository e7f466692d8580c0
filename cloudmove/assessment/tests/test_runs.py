"""Assessment runs end to end over a small province built by hand: a run as a job, re-running only what
changed (acceptance C) with the same figures a whole run gives, reviewers' strategy decisions surviving
re-runs (acceptance D), scoping and filters of the API, query counts that do not grow with the inventory,
the `assess` command, and providers left out.

The province (units of the shared `tree` fixture):

    DEP-A  SYS-A1 (level 2)  a1-web 2 vCPU/4 GiB/100 GiB, a1-db 4 vCPU/8 GiB/200 GiB   Ubuntu 24.04
           SYS-A2 (level 2)  a2-app 2 vCPU/4 GiB/80 GiB                                Windows Server 2022
           SYS-A3 (level 3)  a3-sec 2 vCPU/4 GiB/50 GiB                                Ubuntu 24.04
    DEP-B  SYS-B1 (level 2)  b1-web 2 vCPU/4 GiB/100 GiB (1 snapshot), b1-api 2 vCPU/2 GiB/60 GiB
           SYS-B2 (level 1)  b2-big 64 vCPU/512 GiB/100 GiB: larger than any flavour

Two providers, one price book each (VND per month; disks per GiB-month; Windows per core-month):

    DOMCLOUD  domestic,   hosts up to level 2: 2/4 GiB 800,000  4/8 GiB 1,600,000  8/16 GiB 3,200,000;
              block HDD 1,500; Windows 80,000
    GOVCLOUD  government, hosts up to level 4: 2/4 GiB 1,000,000  4/8 GiB 2,000,000  8/16 GiB 4,000,000;
              block SSD 3,000 and block HDD 2,000 (the cheaper HDD is chosen); Windows 100,000

A machine costs its flavour + its disks + Windows licences (at least 4 cores); a system adds half the
on-premises staff time per machine (350,000 × 0.5 = 175,000). So, per month:

    SYS-A1  DOMCLOUD (800,000 + 150,000) + (1,600,000 + 300,000) + 2 × 175,000 = 3,200,000
            GOVCLOUD (1,000,000 + 200,000) + (2,000,000 + 400,000) + 350,000  = 3,950,000
    SYS-A2  DOMCLOUD 800,000 + 120,000 + 4 × 80,000 + 175,000 = 1,415,000; GOVCLOUD 1,735,000
    SYS-A3  DOMCLOUD may not host level 3; GOVCLOUD 1,000,000 + 100,000 + 175,000 = 1,275,000
    SYS-B1  DOMCLOUD 950,000 + 890,000 + 350,000 = 2,190,000; GOVCLOUD 2,670,000
    SYS-B2  no flavour fits: no cost anywhere, not ready, retained
"""

import io
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudmove.assessment.models import AssessmentRun, MachineResult, StrategyReview, SystemResult
from cloudmove.assessment.services import runs
from cloudmove.catalog.models import (
    CriteriaFeature,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationAnswer,
    Flavour,
    PriceBook,
    Provider,
    ServicePrice,
    StorageTier,
)
from cloudmove.conftest import api_client
from cloudmove.core.models import AuditRecord, Job
from cloudmove.core.scoping import OutOfScope
from cloudmove.core.services import jobs
from cloudmove.inventory.models import Dependency, InformationSystem, VirtualDisk, VirtualMachine

API = '/api/assessment/runs/'
GIB = 1024
UBUNTU = 'Ubuntu 24.04 LTS'
WIN2022 = 'Microsoft Windows Server 2022 (64-bit)'
WIN2008 = 'Microsoft Windows Server 2008 R2 (64-bit)'
SYSTEM_COSTS = {
    'SYS-A1': {'DOMCLOUD': 3_200_000, 'GOVCLOUD': 3_950_000},
    'SYS-A2': {'DOMCLOUD': 1_415_000, 'GOVCLOUD': 1_735_000},
    'SYS-A3': {'DOMCLOUD': None, 'GOVCLOUD': 1_275_000},
    'SYS-B1': {'DOMCLOUD': 2_190_000, 'GOVCLOUD': 2_670_000},
    'SYS-B2': {'DOMCLOUD': None, 'GOVCLOUD': None},
}
READINESS = {'SYS-A1': 'ready', 'SYS-A2': 'ready', 'SYS-A3': 'ready', 'SYS-B1': 'conditional',
             'SYS-B2': 'not_ready'}
STRATEGY = {'SYS-A1': 'rehost', 'SYS-A2': 'rehost', 'SYS-A3': 'rehost', 'SYS-B1': 'rehost', 'SYS-B2': 'retain'}
# Monthly cost per provider of every system that moves (SYS-B2 stays): the systems it may host and fit.
MONTHLY_TOTALS = {'DOMCLOUD': 3_200_000 + 1_415_000 + 2_190_000,
                  'GOVCLOUD': 3_950_000 + 1_735_000 + 1_275_000 + 2_670_000}
SYSTEM_FIELDS = [f.attname for f in SystemResult._meta.concrete_fields if f.attname not in ('id', 'run_id')]
MACHINE_FIELDS = [f.attname for f in MachineResult._meta.concrete_fields if f.attname not in ('id', 'run_id')]


# ---------------------------------------------------------------- building the province

def make_provider(code, kind, max_level, flavours, tiers, windows_core_vnd):
    provider = Provider.objects.create(code=code, name=f'{code} cloud', kind=kind, max_security_level=max_level)
    book = PriceBook.objects.create(provider=provider, version='2026.1', valid_from=date(2026, 1, 1))
    for fcode, vcpus, memory_mib, price in flavours:
        Flavour.objects.create(price_book=book, code=fcode, vcpus=vcpus, memory_mib=memory_mib, monthly_vnd=price)
    for tcode, tier_kind, price, max_gib in tiers:
        StorageTier.objects.create(price_book=book, code=tcode, kind=tier_kind, gib_month_vnd=price,
                                   max_disk_gib=max_gib)
    ServicePrice.objects.create(price_book=book, code=f'{code}-WIN', category='licence', kind='windows_server',
                                unit='core_month', price_vnd=windows_core_vnd)
    return provider


def make_system(unit, code, level, **extra):
    return InformationSystem.objects.create(unit=unit, code=code, name=f'Phần mềm nghiệp vụ {code}',
                                            security_level=level, **extra)


def make_vm(unit, system, name, vcpus, memory_mib, disk_gib, os_name=UBUNTU, **extra):
    values = {'power_state': 'on', 'os_family': 'windows' if 'windows' in os_name.lower() else 'linux',
              'tools_state': 'ok', 'firmware': 'bios', **extra}
    vm = VirtualMachine.objects.create(unit=unit, name=name, vcpus=vcpus, memory_mib=memory_mib, os_name=os_name,
                                       **values)
    VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=disk_gib * GIB)
    vm.systems.add(system)
    return vm


def make_providers():
    dom = make_provider('DOMCLOUD', 'domestic', 2,
                        [('d.small', 2, 4096, 800_000), ('d.medium', 4, 8192, 1_600_000),
                         ('d.large', 8, 16384, 3_200_000)],
                        [('d.hdd', 'block_hdd', 1_500, 4096)], 80_000)
    gov = make_provider('GOVCLOUD', 'government', 4,
                        [('g.small', 2, 4096, 1_000_000), ('g.medium', 4, 8192, 2_000_000),
                         ('g.large', 8, 16384, 4_000_000)],
                        [('g.ssd', 'block_ssd', 3_000, 4096), ('g.hdd', 'block_hdd', 2_000, 2048)], 100_000)
    return dom, gov


@pytest.fixture
def province(tree, users):
    dom, gov = make_providers()
    a, b = tree['a'], tree['b']
    systems = {
        'SYS-A1': make_system(a, 'SYS-A1', 2),
        'SYS-A2': make_system(a, 'SYS-A2', 2),
        'SYS-A3': make_system(a, 'SYS-A3', 3),
        'SYS-B1': make_system(b, 'SYS-B1', 2),
        'SYS-B2': make_system(b, 'SYS-B2', 1),
    }
    vms = {
        'a1-web': make_vm(a, systems['SYS-A1'], 'a1-web', 2, 4096, 100),
        'a1-db': make_vm(a, systems['SYS-A1'], 'a1-db', 4, 8192, 200),
        'a2-app': make_vm(a, systems['SYS-A2'], 'a2-app', 2, 4096, 80, os_name=WIN2022),
        'a3-sec': make_vm(a, systems['SYS-A3'], 'a3-sec', 2, 4096, 50),
        'b1-web': make_vm(b, systems['SYS-B1'], 'b1-web', 2, 4096, 100, snapshot_count=1),
        'b1-api': make_vm(b, systems['SYS-B1'], 'b1-api', 2, 2048, 60),
        'b2-big': make_vm(b, systems['SYS-B2'], 'b2-big', 64, 512 * 1024, 100),
    }
    return {'dom': dom, 'gov': gov, 'systems': systems, 'vms': vms, 'a': a, 'b': b, 'users': users}


def full_run(user=None, unit=None, params=None):
    return runs.execute(runs.create(user, unit, params or {}))


def by_code(run):
    return {r.system.code: r for r in SystemResult.objects.filter(run=run).select_related('system')}


def machine_results(run):
    """The run's machine rows, as every reader sees them (an incremental run reads the machines of the
    systems it did not re-assess from the run that did)."""
    return runs.rows_of(run, MachineResult)


def by_name(run):
    return {r.vm.name: r for r in machine_results(run).select_related('vm')}


def rule_ids(hits):
    return [h[0] for h in hits]


def system_rows(run, skip=()):
    fields = [f for f in SYSTEM_FIELDS if f not in skip]
    return {row['system_id']: row for row in SystemResult.objects.filter(run=run).values(*fields)}


def machine_rows(run):
    return {row['vm_id']: row for row in machine_results(run).values(*MACHINE_FIELDS)}


def same_as_a_whole_run(run):
    """An incremental run's figures are those a whole run over the same inventory gives."""
    whole = full_run()
    assert system_rows(run, skip=('machines_run_id',)) == system_rows(whole, skip=('machines_run_id',))
    assert machine_rows(run) == machine_rows(whole)
    assert run.summary == whole.summary
    return whole


# ---------------------------------------------------------------- 1. a whole-province run as a job

def test_whole_province_run_executed_as_a_job(province):
    admin = province['users']['admin']
    run = runs.start(admin, None, {}, title='Province 2026')
    assert run.state == 'queued' and run.province_wide and run.unit is None
    job = Job.objects.get(pk=run.job_id)
    assert (job.kind, job.state, job.params) == ('assessment.run', 'queued', {'run': run.pk})
    assert SystemResult.objects.filter(run=run).count() == 0   # nothing happens before the worker runs it

    assert jobs.run_pending() == 1
    run.refresh_from_db()
    job.refresh_from_db()
    assert job.state == 'succeeded', job.error
    assert run.state == 'done' and run.error == '' and run.finished_at is not None
    assert run.reassessed == 5 and run.engine_s is not None and run.total_s >= run.engine_s
    assert {o['provider'] for o in run.offers} == {'DOMCLOUD', 'GOVCLOUD'}
    assert all(o['book'] == '2026.1' and o['excluded'] == [] for o in run.offers)
    assert job.result['run'] == run.pk and job.result['systems'] == 5 and job.result['machines'] == 7

    systems = by_code(run)
    assert set(systems) == set(province['systems'])
    assert set(by_name(run)) == set(province['vms'])
    for code, result in systems.items():
        assert result.readiness == READINESS[code], (code, result.hits)
        assert result.strategy == result.recommended == STRATEGY[code]
        assert 0 <= result.priority <= 100
        assert 1 <= result.stars <= 5
        assert result.costs == SYSTEM_COSTS[code], code
        assert result.unit_id == province['systems'][code].unit_id
    assert {code: r.machines for code, r in systems.items()} == {
        'SYS-A1': 2, 'SYS-A2': 1, 'SYS-A3': 1, 'SYS-B1': 2, 'SYS-B2': 1}
    # The cheapest provider that may host it, where a flavour fits.
    assert {code: (r.best_provider, r.best_monthly_vnd) for code, r in systems.items()} == {
        'SYS-A1': ('DOMCLOUD', 3_200_000), 'SYS-A2': ('DOMCLOUD', 1_415_000), 'SYS-A3': ('GOVCLOUD', 1_275_000),
        'SYS-B1': ('DOMCLOUD', 2_190_000), 'SYS-B2': ('', None)}
    assert systems['SYS-B2'].blockers == 1 and systems['SYS-B2'].worst_vm_id == province['vms']['b2-big'].pk
    assert systems['SYS-B2'].strategy_rules[0] == '7R-BLOCKED'
    assert systems['SYS-B1'].conditions == 1 and systems['SYS-B1'].worst_vm_id == province['vms']['b1-web'].pk

    machines = by_name(run)
    assert machines['b2-big'].readiness == 'not_ready' and 'COMPUTE-NO-FIT' in rule_ids(machines['b2-big'].hits)
    assert machines['b2-big'].best_provider == '' and machines['b2-big'].best_monthly_vnd is None
    assert machines['b1-web'].readiness == 'conditional' and 'SNAPSHOTS' in rule_ids(machines['b1-web'].hits)
    assert machines['a1-db'].sizing['DOMCLOUD']['flavour'] == 'd.medium'
    assert machines['a1-db'].sizing['GOVCLOUD']['flavour'] == 'g.medium'
    assert machines['a1-db'].sizing['GOVCLOUD']['tiers'] == [['Hard disk 1', 'g.hdd', 200.0, 400_000]]
    assert (machines['a1-db'].best_provider, machines['a1-db'].best_monthly_vnd) == ('DOMCLOUD', 1_900_000)
    assert machines['a2-app'].sizing['DOMCLOUD']['licence_vnd'] == 4 * 80_000
    assert machines['a1-web'].system_id == province['systems']['SYS-A1'].pk

    summary = run.summary
    assert summary['systems'] == 5 and summary['machines_total'] == 7 and summary['machines'] == 7
    assert summary['readiness'] == {'ready': 3, 'conditional': 1, 'not_ready': 1, 'unknown': 0}
    assert sum(summary['readiness'].values()) == sum(summary['strategies'].values()) == 5
    assert sum(summary['stars'].values()) == sum(summary['quadrants'].values()) == 5
    assert {k: v for k, v in summary['strategies'].items() if v} == {'rehost': 4, 'retain': 1}
    assert summary['monthly_cost_vnd'] == MONTHLY_TOTALS
    assert summary['hosted_systems'] == {'DOMCLOUD': 3, 'GOVCLOUD': 4}
    assert runs.latest() == run
    assert runs.stale_reasons(run) == []


# ---------------------------------------------------------------- 2. acceptance C: re-run what changed

def test_acceptance_c_rerun_reassesses_only_the_changed_system(province, api):
    old = full_run()
    assert runs.stale_reasons(old) == []
    vm = province['vms']['a2-app']
    vm.os_name = WIN2008
    vm.save()

    assert runs.stale_reasons(old) == ['vms']
    assert api['admin'].get(f'{API}{old.pk}/').json()['stale'] == ['vms']
    assert runs.changed_systems(old) == {province['systems']['SYS-A2'].pk}
    new = runs.rerun(old)
    assert new.pk != old.pk and new.base_id == old.pk and new.state == 'done'
    assert new.reassessed == 1
    assert runs.stale_reasons(new) == []
    assert SystemResult.objects.filter(run=new).count() == 5
    assert machine_results(new).count() == 7

    machine = by_name(new)['a2-app']
    assert 'OS-ENDED' in rule_ids(machine.hits)
    ended = dict(machine.hits)['OS-ENDED']
    assert ended['ended'] == '2023-01-10' and 'Windows Server 2008' in ended['os']
    # OS-ENDED is a condition and nothing blocks: the machine and its system are ready with conditions.
    assert machine.readiness == 'conditional'
    system = by_code(new)['SYS-A2']
    assert system.readiness == 'conditional' and by_code(old)['SYS-A2'].readiness == 'ready'
    assert system.conditions == 1
    # Out of vendor support: the rules now recommend replatforming.
    assert system.strategy == system.recommended == 'replatform' and system.strategy_rules[0] == '7R-EOL'
    assert system.costs == SYSTEM_COSTS['SYS-A2']   # a Windows licence before and after: same price

    # Every other row is carried over from the first run as it was.
    changed_system, changed_vm = province['systems']['SYS-A2'].pk, vm.pk
    before, after = system_rows(old), system_rows(new)
    assert set(before) == set(after)
    for pk in set(before) - {changed_system}:
        assert after[pk] == before[pk]
    assert after[changed_system] != before[changed_system]
    mbefore, mafter = machine_rows(old), machine_rows(new)
    assert set(mbefore) == set(mafter)
    for pk in set(mbefore) - {changed_vm}:
        assert mafter[pk] == mbefore[pk]

    diff = runs.compare(old, new)
    assert (diff['old'], diff['new']) == (old.pk, new.pk)
    assert [m['vm'] for m in diff['machines']] == [vm.pk]
    changed = diff['machines'][0]
    assert changed['name'] == 'a2-app'
    assert (changed['before'], changed['after']) == ('ready', 'conditional')
    # It already ran Windows (LICENCE-NOT-PORTABLE both times): the end of support is the only new finding.
    assert changed['rules_added'] == ['OS-ENDED'] and changed['rules_removed'] == []
    assert changed['cost_before'] == changed['cost_after'] == 1_240_000
    assert [s['system'] for s in diff['systems']] == [changed_system]
    entry = diff['systems'][0]
    assert entry['code'] == 'SYS-A2'
    assert entry['before']['readiness'] == 'ready' and entry['after']['readiness'] == 'conditional'
    assert entry['before']['strategy'] == 'rehost' and entry['after']['strategy'] == 'replatform'
    assert entry['before']['best_monthly_vnd'] == entry['after']['best_monthly_vnd'] == 1_415_000
    assert entry['rules_added'] == [] and entry['rules_removed'] == []   # OS-ENDED is a machine rule

    assert new.summary['readiness'] == {'ready': 2, 'conditional': 2, 'not_ready': 1, 'unknown': 0}
    assert {k: v for k, v in new.summary['strategies'].items() if v} == {'rehost': 3, 'replatform': 1,
                                                                         'retain': 1}
    assert new.summary['monthly_cost_vnd'] == MONTHLY_TOTALS
    same_as_a_whole_run(new)
    # A run with nothing changed re-assesses nothing and differs in nothing.
    again = runs.rerun(new)
    assert again.reassessed == 0 and SystemResult.objects.filter(run=again).count() == 5
    assert runs.compare(new, again) == {'old': new.pk, 'new': again.pk, 'systems': [], 'machines': []}
    # The API shows the re-run whole: every machine, the changed one with its new finding.
    listed = api['admin'].get(f'{API}{new.pk}/machines/').json()
    assert listed['count'] == 7
    app = next(r for r in listed['results'] if r['vm_name'] == 'a2-app')
    assert app['readiness'] == 'conditional' and 'OS-ENDED' in rule_ids(app['hits'])
    a1 = api['admin'].get(f'{API}{again.pk}/systems/{province["systems"]["SYS-A1"].pk}/').json()
    assert sorted(m['name'] for m in a1['machines']) == ['a1-db', 'a1-web']


def test_rerun_of_a_system_sharing_a_machine_prices_it_as_a_whole_run_does(province):
    """A machine serving two systems is shared out equally in their costs; re-assessing one of the two
    must not charge it the whole machine."""
    shared = province['vms']['a1-db']
    shared.systems.add(province['systems']['SYS-A2'])
    old = full_run()
    # a1-db on DOMCLOUD: 1,900,000 + 175,000 staff, half to each system.
    assert by_code(old)['SYS-A1'].costs['DOMCLOUD'] == 950_000 + 175_000 + (1_900_000 + 175_000) / 2
    assert by_code(old)['SYS-A2'].costs['DOMCLOUD'] == 1_415_000 + (1_900_000 + 175_000) / 2
    system = province['systems']['SYS-A2']
    system.users_count = 300
    system.save()
    # Only SYS-A2 changed (re-assessing SYS-A1 with it, which shares the machine, would do too).
    changed = runs.changed_systems(old)
    assert system.pk in changed and changed <= {system.pk, province['systems']['SYS-A1'].pk}
    new = runs.rerun(old)
    assert new.reassessed == len(changed)
    assert by_code(new)['SYS-A2'].costs == by_code(old)['SYS-A2'].costs
    same_as_a_whole_run(new)


def test_rerun_of_a_system_keeps_its_hard_dependency_on_a_system_not_reassessed(province):
    """SYS-A1 depends hard on SYS-B2, which stays on premises: a condition of SYS-A1. Re-assessing SYS-A1
    alone must still see the dependency."""
    a1, b2 = province['systems']['SYS-A1'], province['systems']['SYS-B2']
    Dependency.objects.create(unit=province['a'], source_system=a1, target_system=b2, criticality='high')
    old = full_run()
    result = by_code(old)['SYS-A1']
    assert result.readiness == 'conditional' and 'DEP-HARD-STAYS' in rule_ids(result.hits)
    assert result.dependencies == 1 and by_code(old)['SYS-B2'].dependants == 1
    a1.users_count = 300
    a1.save()
    changed = runs.changed_systems(old)
    assert a1.pk in changed and changed <= {a1.pk, b2.pk}
    new = runs.rerun(old)
    assert new.reassessed == len(changed)
    result = by_code(new)['SYS-A1']
    assert result.readiness == 'conditional' and 'DEP-HARD-STAYS' in rule_ids(result.hits)
    assert result.dependencies == 1
    same_as_a_whole_run(new)


def test_rerun_of_a_local_copy_of_a_shared_platform_still_retires_it(province):
    """A unit's system doing what a province-wide shared platform does is retired (7R-DUPLICATE), also when
    only the unit's system is re-assessed."""
    name = 'Hệ thống quản lý tài sản công'
    InformationSystem.objects.create(unit=province['a'], code='SHARED-TS', name=name, security_level=2,
                                     is_shared=True)
    local = InformationSystem.objects.create(unit=province['b'], code='B-TS', name=name, security_level=2)
    make_vm(province['b'], local, 'b-ts', 2, 4096, 40)
    old = full_run()
    assert by_code(old)['B-TS'].strategy == 'retire' and by_code(old)['B-TS'].strategy_rules[0] == '7R-DUPLICATE'
    local.users_count = 40
    local.save()
    changed = runs.changed_systems(old)
    assert local.pk in changed and changed <= {local.pk, InformationSystem.objects.get(code='SHARED-TS').pk}
    new = runs.rerun(old)
    assert new.reassessed == len(changed)
    result = by_code(new)['B-TS']
    assert (result.strategy, result.strategy_rules[0]) == ('retire', '7R-DUPLICATE')
    same_as_a_whole_run(new)


# ---------------------------------------------------------------- 3. acceptance D: reviews survive re-runs

def test_acceptance_d_review_survives_every_rerun(province):
    admin = province['users']['admin']
    target = province['systems']['SYS-A1']
    old = full_run(admin)
    assert by_code(old)['SYS-A1'].strategy == 'rehost'

    review = runs.review(admin, target, 'retain', 'Law requires it stays', effort_days=12, priority=90)
    row = StrategyReview.objects.get(system=target)
    assert row.pk == review.pk
    assert (row.strategy, row.reason, row.effort_days, row.priority, row.reviewed_by) == (
        'retain', 'Law requires it stays', 12, 90, admin)
    record = AuditRecord.objects.get(object_type='assessment.strategyreview', object_id=str(row.pk),
                                     action='create')
    assert record.after['strategy'] == 'retain' and record.after['reason'] == 'Law requires it stays'
    assert record.after['system_id'] == target.pk and record.after['priority'] == 90

    def check(run):
        result = by_code(run)['SYS-A1']
        assert (result.strategy, result.reviewed, result.effort_days, result.priority) == ('retain', True, 12, 90)
        assert result.recommended == 'rehost' and result.strategy_rules == ['7R-DEFAULT']
        assert not any(r.reviewed for code, r in by_code(run).items() if code != 'SYS-A1')
        # A retained system no longer counts in the cost of moving.
        assert run.summary['monthly_cost_vnd']['DOMCLOUD'] == MONTHLY_TOTALS['DOMCLOUD'] - 3_200_000
        assert run.summary['strategies']['retain'] == 2

    assert runs.stale_reasons(old) == ['reviews']
    assert runs.changed_systems(old) == {target.pk}
    incremental = runs.rerun(old)
    assert incremental.reassessed == 1
    check(incremental)
    check(full_run(admin))
    # A later incremental re-run that re-assesses the system for another reason keeps the decision too.
    vm = province['vms']['a1-web']
    vm.tools_state = 'old'
    vm.save()
    later = runs.rerun(incremental)
    assert later.reassessed == 1
    check(later)

    # A reason is required, and a refused review changes nothing.
    for reason in ('', '   ', None):
        with pytest.raises(ValidationError) as info:
            runs.review(admin, target, 'rehost', reason)
        assert 'reason' in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        runs.review(admin, province['systems']['SYS-A2'], 'retain', '')
    assert not StrategyReview.objects.filter(system=province['systems']['SYS-A2']).exists()
    assert StrategyReview.objects.get(system=target).strategy == 'retain'
    # An officer of another unit cannot decide for unit A's system.
    with pytest.raises(OutOfScope):
        runs.review(province['users']['officer_b'], target, 'rehost', 'We would rather move it')
    assert StrategyReview.objects.get(system=target).strategy == 'retain'

    # Once the decision is withdrawn, the rules decide again.
    runs.clear_review(admin, target)
    result = by_code(runs.rerun(later))['SYS-A1']
    assert (result.strategy, result.reviewed) == ('rehost', False)


# ---------------------------------------------------------------- 4. scoping

def test_results_are_scoped_to_the_unit(province, api):
    run = full_run(province['users']['admin'])
    officer = api['officer_a']

    systems = officer.get(f'{API}{run.pk}/systems/')
    assert systems.status_code == 200
    body = systems.json()
    assert body['count'] == 3
    assert sorted(r['system_code'] for r in body['results']) == ['SYS-A1', 'SYS-A2', 'SYS-A3']
    assert {r['unit'] for r in body['results']} == {'DEP-A'}
    machines = officer.get(f'{API}{run.pk}/machines/').json()
    assert machines['count'] == 4
    assert sorted(r['vm_name'] for r in machines['results']) == ['a1-db', 'a1-web', 'a2-app', 'a3-sec']
    # Not by asking for another unit either.
    assert officer.get(f'{API}{run.pk}/systems/?unit=DEP-B').json()['count'] == 0
    assert officer.get(f'{API}{run.pk}/machines/?system={province["systems"]["SYS-B1"].pk}').json()['count'] == 0

    other = province['systems']['SYS-B1']
    assert officer.get(f'{API}{run.pk}/systems/{other.pk}/').status_code == 404
    own = officer.get(f'{API}{run.pk}/systems/{province["systems"]["SYS-A1"].pk}/')
    assert own.status_code == 200 and own.json()['system']['code'] == 'SYS-A1'
    # The run's summary counts only what the officer may see.
    detail = officer.get(f'{API}{run.pk}/').json()
    assert detail['summary']['systems'] == 3 and detail['summary']['machines_total'] == 4
    assert detail['summary']['readiness'] == {'ready': 3, 'conditional': 0, 'not_ready': 0, 'unknown': 0}
    assert detail['summary']['monthly_cost_vnd'] == {'DOMCLOUD': 3_200_000 + 1_415_000,
                                                     'GOVCLOUD': 3_950_000 + 1_735_000 + 1_275_000}
    assert runs.summary_of(run, province['users']['officer_a'])['systems'] == 3
    assert runs.summary_of(run, province['users']['admin'])['systems'] == 5

    runs_before, jobs_before = AssessmentRun.objects.count(), Job.objects.count()
    assert officer.post(API, {'unit': 'DEP-B'}, format='json').status_code == 403
    assert officer.post(API, {}, format='json').status_code == 403   # the whole province is the admins'
    assert (AssessmentRun.objects.count(), Job.objects.count()) == (runs_before, jobs_before)

    invalid = officer.post(API, {'unit': 'DEP-A', 'percentile': 500}, format='json')
    assert invalid.status_code == 400 and 'percentile' in invalid.json()
    assert officer.post(API, {'unit': 'DEP-A', 'sizing': 'guess'}, format='json').status_code == 400
    assert officer.post(API, {'unit': 'NO-SUCH-UNIT'}, format='json').status_code == 400
    assert (AssessmentRun.objects.count(), Job.objects.count()) == (runs_before, jobs_before)

    started = officer.post(API, {'unit': 'DEP-A', 'title': 'Unit A'}, format='json')
    assert started.status_code == 202, started.content
    data = started.json()
    assert data['state'] == 'queued' and data['unit'] == 'DEP-A' and data['job']
    job = Job.objects.get(pk=data['job'])
    assert (job.kind, job.state, job.params, job.created_by) == (
        'assessment.run', 'queued', {'run': data['id']}, province['users']['officer_a'])
    jobs.run_pending()
    unit_run = AssessmentRun.objects.get(pk=data['id'])
    assert unit_run.state == 'done' and not unit_run.province_wide
    assert sorted(by_code(unit_run)) == ['SYS-A1', 'SYS-A2', 'SYS-A3']
    # A system outside the unit's run has no result in it.
    outside = api['admin'].get(f'{API}{unit_run.pk}/systems/{other.pk}/')
    assert outside.status_code == 404
    # A unit's run is not another unit's business.
    assert api['officer_b'].get(f'{API}{unit_run.pk}/').status_code == 404
    assert unit_run.pk not in [r['id'] for r in api['officer_b'].get(API).json()['results']]
    assert unit_run.pk in [r['id'] for r in officer.get(API).json()['results']]

    # A cloud provider reads no assessment results.
    provider = api['provider']
    assert provider.get(API).json()['count'] == 0
    for url in (f'{API}{run.pk}/systems/', f'{API}{run.pk}/machines/', f'{API}{run.pk}/systems/{other.pk}/'):
        response = provider.get(url)
        assert response.status_code in (403, 404) or response.json()['count'] == 0, url
    assert provider.post(API, {}, format='json').status_code == 403


# ---------------------------------------------------------------- 5. filters and pagination

def test_api_filters_and_pagination(province, api):
    run = full_run()
    admin = api['admin']
    url = f'{API}{run.pk}/systems/'

    every = admin.get(url).json()
    assert {'count', 'next', 'previous', 'results'} <= set(every)
    assert every['count'] == 5 and every['next'] is None and every['previous'] is None
    priorities = [r['priority'] for r in every['results']]
    assert priorities == sorted(priorities, reverse=True)

    ready = admin.get(f'{url}?readiness=ready').json()
    assert sorted(r['system_code'] for r in ready['results']) == ['SYS-A1', 'SYS-A2', 'SYS-A3']
    assert ready['count'] == 3 and {r['readiness'] for r in ready['results']} == {'ready'}
    rehost = admin.get(f'{url}?strategy=rehost').json()
    assert sorted(r['system_code'] for r in rehost['results']) == ['SYS-A1', 'SYS-A2', 'SYS-A3', 'SYS-B1']
    assert {r['strategy'] for r in rehost['results']} == {'rehost'}
    assert [r['system_code'] for r in admin.get(f'{url}?strategy=retain').json()['results']] == ['SYS-B2']
    both = admin.get(f'{url}?readiness=conditional&strategy=rehost').json()
    assert [r['system_code'] for r in both['results']] == ['SYS-B1']
    assert admin.get(f'{url}?readiness=unknown').json()['count'] == 0
    unit_b = admin.get(f'{url}?unit=DEP-B').json()
    assert sorted(r['system_code'] for r in unit_b['results']) == ['SYS-B1', 'SYS-B2']

    page = admin.get(f'{url}?page_size=2').json()
    assert page['count'] == 5 and len(page['results']) == 2 and page['next'] and page['previous'] is None
    rest = admin.get(page['next']).json()
    assert len(rest['results']) == 2 and rest['previous']
    assert not {r['id'] for r in page['results']} & {r['id'] for r in rest['results']}

    murl = f'{API}{run.pk}/machines/'
    machines = admin.get(murl).json()
    assert {'count', 'next', 'previous', 'results'} <= set(machines) and machines['count'] == 7
    assert [r['vm_name'] for r in admin.get(f'{murl}?readiness=not_ready').json()['results']] == ['b2-big']
    assert [r['vm_name'] for r in admin.get(f'{murl}?readiness=conditional').json()['results']] == ['b1-web']
    ready_vms = admin.get(f'{murl}?readiness=ready').json()
    assert ready_vms['count'] == 5 and {r['readiness'] for r in ready_vms['results']} == {'ready'}
    sys_a1 = province['systems']['SYS-A1'].pk
    assert sorted(r['vm_name'] for r in admin.get(f'{murl}?system={sys_a1}').json()['results']) == [
        'a1-db', 'a1-web']
    assert [r['vm_name'] for r in admin.get(f'{murl}?unit=DEP-B&readiness=ready').json()['results']] == ['b1-api']


# ---------------------------------------------------------------- 6. queries do not grow with the inventory

def _counts(run, clients, users):
    """Queries of the list pages and the summary, each measured after one warm-up call."""
    out = {}
    for who in ('admin', 'officer_a'):
        for page in ('systems', 'machines'):
            url = f'{API}{run.pk}/{page}/'
            assert clients[who].get(url).status_code == 200
            with CaptureQueriesContext(connection) as ctx:
                response = clients[who].get(url)
            assert response.status_code == 200
            out[(who, page)] = len(ctx)
        runs.summary_of(run, users[who])
        with CaptureQueriesContext(connection) as ctx:
            runs.summary_of(run, users[who])
        out[(who, 'summary')] = len(ctx)
    return out


def test_query_counts_do_not_grow_with_the_number_of_machines(tree, users):
    make_providers()
    a, b = tree['a'], tree['b']
    clients = {name: api_client(users[name]) for name in ('admin', 'officer_a')}

    def add(systems, per_system, start):
        for k in range(systems):
            unit = a if k % 2 == 0 else b
            system = make_system(unit, f'SYS-{start + k:03d}', 2)
            for v in range(per_system):
                make_vm(unit, system, f'vm-{start + k:03d}-{v}', 2, 4096, 40, snapshot_count=v % 2)

    def measure(vms):
        whole = full_run()
        assert whole.summary['machines_total'] == vms
        # And an incremental re-run, whose machine rows are partly read from the run before.
        vm = VirtualMachine.objects.order_by('pk').first()
        vm.os_name = WIN2008
        vm.save()
        partial = runs.rerun(whole)
        assert partial.reassessed == 1 and partial.summary['machines_total'] == vms
        assert clients['admin'].get(f'{API}{partial.pk}/machines/').json()['count'] == vms
        return _counts(whole, clients, users), _counts(partial, clients, users)

    add(3, 1, 0)
    few = measure(3)
    add(9, 3, 3)
    many = measure(30)
    assert SystemResult.objects.filter(run=AssessmentRun.objects.order_by('-pk').first()).count() == 12
    assert many == few


# ---------------------------------------------------------------- 7. the command line

def call(*args):
    out = io.StringIO()
    call_command('assess', *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_assess_command_json(province):
    text = call('--json')
    assert len(text.strip().splitlines()) == 1
    data = json.loads(text)
    assert set(data) == {'run', 'systems', 'machines', 'readiness', 'strategies', 'monthly_cost_vnd', 'engine_s',
                         'total_s'}
    run = AssessmentRun.objects.get(pk=data['run'])
    assert run.state == 'done' and run.province_wide
    assert (data['systems'], data['machines']) == (5, 7)
    assert data['readiness'] == {'ready': 3, 'conditional': 1, 'not_ready': 1, 'unknown': 0}
    assert data['strategies']['rehost'] == 4 and data['strategies']['retain'] == 1
    assert sum(data['strategies'].values()) == 5
    assert data['monthly_cost_vnd'] == MONTHLY_TOTALS
    assert isinstance(data['engine_s'], float) and data['total_s'] >= data['engine_s'] >= 0

    shown = json.loads(call('show', 'SYS-A3', '--json'))
    assert shown['run'] == run.pk
    assert shown['system']['code'] == 'SYS-A3' and shown['system']['unit'] == 'DEP-A'
    assert shown['readiness'] == 'ready' and shown['strategy'] == 'rehost'
    hit = shown['hits'][0]
    assert [h['id'] for h in shown['hits']] == ['SEC-PROVIDERS-LEFT-OUT']
    assert hit['severity'] == 'information' and hit['evidence']['security_level'] == 3
    assert 'DOMCLOUD' in hit['evidence']['reasons'] and 'DOMCLOUD' in hit['message']
    assert shown['cost']['monthly_vnd'] == SYSTEM_COSTS['SYS-A3']
    assert (shown['cost']['best_provider'], shown['cost']['best_monthly_vnd']) == ('GOVCLOUD', 1_275_000)
    assert shown['cost']['horizon_vnd'] == {'DOMCLOUD': None, 'GOVCLOUD': 1_275_000 * 60}
    assert shown['confidence']['stars'] == 1   # sized from performance data, and there is none
    assert 0 <= shown['priority']['score'] <= 100
    assert [m['name'] for m in shown['machines']] == ['a3-sec']
    machine = shown['machines'][0]
    assert [h['id'] for h in machine['hits']] == ['PERF-NONE']
    assert {h['severity'] for h in machine['hits']} == {'information'} and 'evidence' in machine['hits'][0]
    sizing = {s['provider']: s for s in machine['sizing']}
    assert (sizing['GOVCLOUD']['flavour'], sizing['GOVCLOUD']['monthly_vnd']) == ('g.small', 1_100_000)
    assert sizing['GOVCLOUD']['allowed'] is True and sizing['DOMCLOUD']['allowed'] is False
    assert machine['best_provider'] == 'GOVCLOUD'

    windows = json.loads(call('show', 'SYS-A2', '--json'))
    app = windows['machines'][0]
    assert {h['id'] for h in app['hits']} == {'PERF-NONE', 'LICENCE-NOT-PORTABLE'}
    assert {s['provider']: (s['flavour'], s['monthly_vnd']) for s in app['sizing']} == {
        'DOMCLOUD': ('d.small', 1_240_000), 'GOVCLOUD': ('g.small', 1_560_000)}

    # One unit, sized as allocated: every data point of that sizing is known, so five stars.
    unit_b = json.loads(call('--unit', 'DEP-B', '--sizing', 'as-is', '--json'))
    assert (unit_b['systems'], unit_b['machines']) == (2, 3)
    assert unit_b['readiness'] == {'ready': 0, 'conditional': 1, 'not_ready': 1, 'unknown': 0}
    assert unit_b['monthly_cost_vnd'] == {'DOMCLOUD': 2_190_000, 'GOVCLOUD': 2_670_000}
    b1 = json.loads(call('show', 'SYS-B1', '--run', str(unit_b['run']), '--json'))
    assert b1['confidence']['stars'] == 5
    with pytest.raises(CommandError):
        call('show', 'SYS-A1', '--run', str(unit_b['run']), '--json')   # not in that unit's run
    with pytest.raises(CommandError):
        call('--unit', 'NOPE', '--json')
    with pytest.raises(CommandError):
        call('show', 'NO-SUCH-SYSTEM', '--json')

    vm = province['vms']['a2-app']
    vm.os_name = WIN2008
    vm.save()
    rerun = json.loads(call('rerun', '--run', str(run.pk), '--json'))
    new = AssessmentRun.objects.get(pk=rerun['run'])
    assert new.base_id == run.pk and new.reassessed == 1
    assert rerun['readiness'] == {'ready': 2, 'conditional': 2, 'not_ready': 1, 'unknown': 0}
    diff = json.loads(call('compare', str(run.pk), str(new.pk), '--json'))
    assert [(m['name'], m['rules_added']) for m in diff['machines']] == [('a2-app', ['OS-ENDED'])]
    assert [s['code'] for s in diff['systems']] == ['SYS-A2']


# ---------------------------------------------------------------- 8. providers left out

def test_a_system_above_a_providers_security_level_never_goes_there(province):
    run = full_run()
    result = by_code(run)['SYS-A3']
    assert result.best_provider == 'GOVCLOUD' and result.costs['DOMCLOUD'] is None
    assert rule_ids(result.hits) == ['SEC-PROVIDERS-LEFT-OUT']
    machine = by_name(run)['a3-sec']
    # DOMCLOUD is cheaper for this machine, but not allowed to host it.
    assert machine.sizing['DOMCLOUD']['allowed'] is False and machine.sizing['GOVCLOUD']['allowed'] is True
    assert machine.sizing['DOMCLOUD']['monthly_vnd'] < machine.sizing['GOVCLOUD']['monthly_vnd']
    assert (machine.best_provider, machine.best_monthly_vnd) == ('GOVCLOUD', 1_100_000)
    # Levels within DOMCLOUD's limit may go there.
    assert by_code(run)['SYS-A1'].best_provider == 'DOMCLOUD'


def exclude_by_criteria(provider, other):
    """A published criteria set with one mandatory criterion that `provider` does not meet."""
    cs = CriteriaSet.objects.create(code='TEST-CLOUD', name='Test criteria', state='published')
    group = CriteriaGroup.objects.create(criteria_set=cs, code='G1', name_vi='Kỹ thuật')
    feature = CriteriaFeature.objects.create(group=group, code='F1', name_vi='Máy ảo')
    criterion = Criterion.objects.create(feature=feature, code='C1', text_vi='Có sao lưu hằng ngày', mandatory=True)
    for p, result in ((provider, 'not_met'), (other, 'met')):
        evaluation = Evaluation.objects.create(provider=p, criteria_set=cs, state='completed')
        EvaluationAnswer.objects.create(evaluation=evaluation, criterion=criterion, result=result)


def test_a_provider_excluded_by_the_criteria_is_never_the_best(province):
    old = full_run()
    assert by_code(old)['SYS-A1'].best_provider == 'DOMCLOUD'
    exclude_by_criteria(province['dom'], province['gov'])

    assert 'criteria' in runs.stale_reasons(old)
    assert runs.changed_systems(old) is None   # touches every system: a whole run
    new = runs.rerun(old)
    assert new.reassessed == 5
    assert {o['provider']: o['excluded'] for o in new.offers} == {'DOMCLOUD': ['C1'], 'GOVCLOUD': []}
    assert not SystemResult.objects.filter(run=new, best_provider='DOMCLOUD').exists()
    assert not machine_results(new).filter(best_provider='DOMCLOUD').exists()
    systems = by_code(new)
    for code, result in systems.items():
        assert result.costs['DOMCLOUD'] is None, code
        assert result.costs['GOVCLOUD'] == SYSTEM_COSTS[code]['GOVCLOUD'], code
        assert result.best_provider == ('GOVCLOUD' if code != 'SYS-B2' else ''), code
    assert systems['SYS-A1'].best_monthly_vnd == 3_950_000
    assert all(not m.sizing['DOMCLOUD']['allowed'] for m in by_name(new).values())
    left_out = dict(systems['SYS-A1'].hits)['SEC-PROVIDERS-LEFT-OUT']
    assert 'DOMCLOUD' in left_out['reasons'] and 'C1' in left_out['reasons']
    assert new.summary['monthly_cost_vnd'] == {'DOMCLOUD': 0, 'GOVCLOUD': MONTHLY_TOTALS['GOVCLOUD']}
    assert new.summary['hosted_systems'] == {'DOMCLOUD': 0, 'GOVCLOUD': 4}
    assert new.summary['readiness'] == old.summary['readiness']
