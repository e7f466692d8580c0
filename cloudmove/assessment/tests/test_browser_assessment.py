"""The assessment in a real browser: the programme admin opens it from the menu, starts a run of the
province, the worker runs the job, the run page ranks the systems and a system's page explains its result
and takes a review; a unit officer sees its own unit's systems only."""

import pytest
from playwright.sync_api import expect

from cloudmove.assessment.models import AssessmentRun, StrategyReview
from cloudmove.core.models import Unit
from cloudmove.core.services import jobs
from cloudmove.core.tests.browser import second_user, sign_in
from cloudmove.inventory.models import InformationSystem, VirtualDisk, VirtualMachine

pytestmark = pytest.mark.browser


def _system(unit_code, code, os_name, vcpus):
    unit = Unit.objects.get(code=unit_code)
    system = InformationSystem.objects.create(unit=unit, code=code, name=f'Hệ thống {code}', security_level=2,
                                              users_count=500, criticality='high')
    vm = VirtualMachine.objects.create(unit=unit, name=f'{code.lower()}-app01', vcpus=vcpus, memory_mib=8192,
                                       power_state='on', os_name=os_name, firmware='bios', tools_state='ok')
    vm.systems.add(system)
    VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=100 * 1024)
    return system


def test_admin_runs_an_assessment_and_a_unit_sees_its_own(page):
    ours = _system('SYT', 'SYT-HIS', 'Microsoft Windows Server 2008 R2 (64-bit)', 4)
    theirs = _system('SKHCN', 'SKHCN-QLKH', 'Ubuntu Linux (64-bit) 22.04', 2)
    sign_in(page, 'admin')
    page.click('[data-section=assessment]')
    page.click('.dropdown-menu.show a[href="/assessment/runs/"]')
    page.click('[data-start-run] button[type=submit]')
    expect(page.locator('[data-run-state]')).to_be_visible()   # queued: the page follows the job
    run = AssessmentRun.objects.get()
    assert run.job is not None and jobs.run_pending() == 1
    page.goto(page.base + f'/assessment/runs/{run.pk}/')
    ranking = page.locator('[data-ranking] tbody tr')
    expect(ranking).to_have_count(2)
    expect(page.locator('[data-charts]')).to_contain_text('Sẵn sàng')
    expect(page.locator('[data-quadrant] circle')).to_have_count(2)

    page.click(f'[data-ranking] a[href$="/systems/{ours.pk}/"]')
    expect(page.locator('[data-hits] tr[data-rule=OS-ENDED]')).to_contain_text('Windows Server 2008 R2')
    expect(page.locator('[data-hits] tr[data-rule=OS-ENDED]')).to_contain_text('Nâng cấp hệ điều hành')
    expect(page.locator('[data-strategy]')).to_have_attribute('data-strategy', 'replatform')
    expect(page.locator('[data-sizing] tbody tr')).to_have_count(1)
    page.select_option('#rv-strategy', 'retain')
    page.fill('#rv-reason', 'Chờ nâng cấp phần mềm của nhà cung cấp')
    page.fill('#rv-effort', '12')
    page.click('[data-review-form] button:not([name=clear])')
    expect(page.locator('[data-review]')).to_contain_text('Chờ nâng cấp phần mềm')
    review = StrategyReview.objects.get(system=ours)
    assert (review.strategy, review.effort_days, review.reviewed_by.username) == ('retain', 12.0, 'admin')

    officer = second_user(page, 'cb.syt')
    officer.goto(officer.base + f'/assessment/runs/{run.pk}/')
    expect(officer.locator('[data-ranking] tbody tr')).to_have_count(1)
    expect(officer.locator('[data-ranking]')).to_contain_text('SYT-HIS')
    expect(officer.locator('[data-ranking]')).not_to_contain_text('SKHCN-QLKH')
    response = officer.goto(officer.base + f'/assessment/runs/{run.pk}/systems/{theirs.pk}/')
    assert response.status == 404
