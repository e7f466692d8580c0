"""Wave planning in a real browser: the programme admin opens it from the menu, plans the waves of the
assessed province, the worker solves the job, the plan page lists each wave's systems with the greedy
baseline beside them, and a system's page says why it is in its wave; a unit officer sees only its own
unit's systems in the plan."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cloudmove.assessment.services import runs
from cloudmove.core.models import Unit
from cloudmove.core.services import jobs
from cloudmove.core.tests.browser import second_user, sign_in
from cloudmove.inventory.models import Dependency, InformationSystem, VirtualDisk, VirtualMachine
from cloudmove.planning.models import WavePlan

pytestmark = pytest.mark.browser


def _system(unit_code, code, users):
    unit = Unit.objects.get(code=unit_code)
    system = InformationSystem.objects.create(unit=unit, code=code, name=f'Hệ thống {code}', security_level=2,
                                              users_count=users, criticality='high')
    vm = VirtualMachine.objects.create(unit=unit, name=f'{code.lower()}-app01', vcpus=2, memory_mib=4096,
                                       power_state='on', os_name='Ubuntu Linux (64-bit) 22.04', firmware='bios',
                                       tools_state='ok')
    vm.systems.add(system)
    VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=50 * 1024)
    return system


def test_admin_plans_the_waves_and_a_unit_sees_its_own(page):
    portal = _system('SYT', 'SYT-PORTAL', 50_000)
    his = _system('SYT', 'SYT-HIS', 200)
    theirs = _system('SKHCN', 'SKHCN-QLKH', 100)
    # The portal cannot move before the hospital system it depends on.
    Dependency.objects.create(unit=portal.unit, source_system=portal, target_system=his, criticality='critical')
    runs.execute(runs.create(None, None, {}))

    sign_in(page, 'admin')
    page.click('[data-section=design]')
    page.click('.dropdown-menu.show a[href="/planning/plans/"]')
    page.fill('#plan-waves', '4')
    page.fill('#plan-limit', '3')
    page.click('[data-plan-extra] summary')
    page.fill('#plan-cs', '1')
    page.fill('#plan-blackouts', '')
    page.click('[data-start-plan] button[type=submit]')
    expect(page.locator('[data-plan-state]')).to_be_visible()
    plan = WavePlan.objects.get()
    assert plan.job is not None and jobs.run_pending() == 1
    page.goto(page.base + f'/planning/plans/{plan.pk}/')
    expect(page.locator('[data-status]')).to_have_text('OPTIMAL')
    expect(page.locator('[data-violations]')).to_have_text('0')
    expect(page.locator('[data-wave]')).to_have_count(4)
    placed = {}
    for code in ('SYT-PORTAL', 'SYT-HIS', 'SKHCN-QLKH'):
        wave = page.locator(f'[data-wave]:has(a:text-is("{code}"))')
        expect(wave).to_have_count(1)
        placed[code] = int(wave.get_attribute('data-wave'))
    assert placed['SYT-HIS'] < placed['SYT-PORTAL'] and len(set(placed.values())) == 3

    # The portal (most users) goes as early as its dependency allows: right after the hospital system,
    # and the wave they could share holds one system only.
    assert placed == {'SYT-HIS': 1, 'SYT-PORTAL': 2, 'SKHCN-QLKH': 3}
    page.click(f'a[href="/planning/plans/{plan.pk}/systems/{portal.pk}/"]')
    expect(page.locator('h1')).to_contain_text('SYT-PORTAL')
    expect(page.locator('[data-why] .card')).to_have_count(1)
    expect(page.locator('[data-why] [data-reason]:not([data-reason=capacity])')).to_have_count(0)
    expect(page.locator('[data-why] [data-reason=capacity]').first).to_contain_text('hệ thống')

    # The graph draws the three systems and the one dependency; the portal's page shows its neighbourhood.
    page.click('[data-section=design]')
    page.click('.dropdown-menu.show a[href="/planning/graph/"]')
    expect(page.locator('[data-graph]')).to_have_attribute('data-rendered', '3')
    expect(page.locator('[data-graph]')).to_have_attribute('data-rendered-edges', '1')
    expect(page.locator('[data-graph] canvas').first).to_be_visible()
    page.goto(page.base + reverse('inventory:informationsystem_detail', args=[portal.pk]))
    expect(page.locator('[data-planning-panel] [data-graph]')).to_have_attribute('data-rendered', '2')
    expect(page.locator('[data-planning-panel]')).to_contain_text('2')

    officer = second_user(page, 'cb.syt')
    officer.goto(officer.base + f'/planning/plans/{plan.pk}/')
    expect(officer.locator('[data-wave] tbody tr')).to_have_count(2)
    expect(officer.locator('main')).not_to_contain_text('SKHCN-QLKH')
    response = officer.goto(officer.base + f'/planning/plans/{plan.pk}/systems/{theirs.pk}/')
    assert response.status == 404
    officer.goto(officer.base + '/planning/graph/')
    expect(officer.locator('[data-graph]')).to_have_attribute('data-rendered', '2')


def test_programme_gantt_shows_the_phases_of_the_plan(page):
    sign_in(page, 'admin')
    page.click('[data-section=design]')
    page.click('.dropdown-menu.show a[href="/planning/programme/"]')
    gantt = page.locator('[data-gantt]')
    # The demo's plan: the six work items and their 23 tasks, each a bar.
    expect(gantt).to_have_attribute('data-rendered', '29')
    for name in ('1. Hướng dẫn, tuyên truyền', '4. Thực hiện dịch chuyển',
                 '6. Kết nối với nền tảng điện toán đám mây Chính phủ'):
        expect(gantt.locator('.bar-label', has_text=name)).to_have_count(1)
    expect(page.locator('[data-overdue] li').first).to_be_visible()
    page.click('main a[href="/planning/budget/"]')
    expect(page.locator('[data-budget=phase] tbody tr')).to_have_count(6)

    officer = second_user(page, 'cb.syt')
    officer.goto(officer.base + '/planning/programme/')
    # The health department leads no task of the demo plan: its plan holds the phases only.
    expect(officer.locator('[data-gantt]')).to_have_attribute('data-rendered', '6')
