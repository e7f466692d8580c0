"""A migration design in a real browser: a unit officer opens it from the system's page, sees what approval
lacks, fills the fallback plan and the target subnet, plans the re-addressing of the address another unit
also uses, approves it, finds it frozen and downloads the rental plan; another unit's officer cannot open it."""

import io

import docx
import pytest
from playwright.sync_api import expect

from cloudmove.assessment.services import runs
from cloudmove.assessment.tests.test_runs import make_providers, make_system, make_vm
from cloudmove.core.models import Unit
from cloudmove.core.tests.browser import second_user, sign_in
from cloudmove.inventory.models import IpAddress, VirtualNic
from cloudmove.planning.models import MigrationDesign

pytestmark = pytest.mark.browser


def test_officer_designs_approves_and_downloads_the_rental_plan(page):
    make_providers()
    syt, skhcn = Unit.objects.get(code='SYT'), Unit.objects.get(code='SKHCN')
    system = make_system(syt, 'SYT-HSSK', 2, users_count=5000)
    vm = make_vm(syt, system, 'syt-hssk-app01', 2, 4096, 50)
    IpAddress.objects.create(unit=syt, address='10.1.0.10', vm_nic=VirtualNic.objects.create(vm=vm, label='nic1'))
    IpAddress.objects.create(unit=skhcn, address='10.1.0.10')        # the same address in another unit
    runs.execute(runs.create(None, None, {}))

    sign_in(page, 'cb.syt')
    page.goto(page.base + f'/inventory/systems/{system.pk}/')
    page.click('[data-open-design]')
    design = MigrationDesign.objects.get()
    expect(page.locator('[data-design-state]')).to_have_attribute('data-design-state', 'draft')
    missing = page.locator('[data-design-missing] li')
    for code in ('fallback_steps', 'fallback_decider', 'data_method', 'reip'):
        expect(page.locator(f'[data-design-missing] li[data-code={code}]')).to_have_count(1)
    expect(missing.first).to_be_visible()

    page.click(f'a[href="/planning/designs/{design.pk}/edit/"]')
    page.select_option('#id_data_method', 'vm_replication')
    page.fill('#id_fallback_trigger', 'Gián đoạn quá 4 giờ')
    page.fill('#id_fallback_steps', 'Trỏ tên miền về hệ thống cũ')
    page.fill('#id_fallback_decider', 'Giám đốc Sở Y tế')
    page.fill('#id_fallback_keep_days', '30')
    page.fill('#id_target_subnet', '10.250.0.0/29')
    page.click('main form button[type=submit]')
    expect(page.locator('[data-design-missing] li[data-code=reip]')).to_have_count(1)
    page.click('[data-reip]')
    expect(page.locator('[data-design-complete]')).to_be_visible()
    expect(page.locator('main')).to_contain_text('10.250.0.2')        # the first free host after the gateway

    page.fill('#approver', 'Nguyễn Văn B, Giám đốc Sở Y tế')
    page.fill('#approval_reference', '25/QĐ-SYT')
    page.click('[data-approve]')
    expect(page.locator('[data-design-state]')).to_have_attribute('data-design-state', 'approved')
    expect(page.locator(f'a[href="/planning/designs/{design.pk}/edit/"]')).to_have_count(0)
    expect(page.locator('[data-design-new-version]')).to_be_visible()

    with page.expect_download() as info:
        page.click('[data-rental-plan]')
    data = open(info.value.path(), 'rb').read()
    text = '\n'.join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert 'KẾ HOẠCH THUÊ DỊCH VỤ CÔNG NGHỆ THÔNG TIN' in text and 'Trỏ tên miền về hệ thống cũ' in text

    other = second_user(page, 'cb.skhcn')
    assert other.goto(other.base + f'/planning/designs/{design.pk}/').status == 404
    assert other.goto(other.base + f'/planning/designs/{design.pk}/rental-plan.docx').status == 404
