"""A demo system's migration from planned to closed in a real browser: the unit's officer moves it on the
wave board and its page, each guard refuses with its reasons until its condition is met (risks seeded from
the assessment and reviewed, the runbook from the strategy's template and done, the acceptance tests
planned and passed with their signatures, the programme office's go-live approval and its setting of the
healthy days, the decommission record); a rollback shows the fallback plan executed; another unit's
officer sees none of it."""

import pytest
from playwright.sync_api import expect

from cloudmove.core.tests.browser import PASSWORD, second_user, sign_in
from cloudmove.execution.models import Migration

pytestmark = pytest.mark.browser
CODE = 'SXD-CPXD'   # the demo's system with an approved design, waiting in "planned"


@pytest.fixture
def demo_province(province):
    from cloudmove.core.services import demo

    demo.load_demo(PASSWORD, inventory=True)


def move(page, state, comment=''):
    form = page.locator(f'form[data-option="{state}"]')
    if comment:
        form.locator('input[name=comment]').fill(comment)
    form.locator(f'[data-go="{state}"]').click()


def state_is(page, state):
    expect(page.locator('[data-migration-state]')).to_have_attribute('data-migration-state', state)


def refused_with(page, state, codes):
    """The option lists exactly `codes`, and trying it anyway leaves the state and says why."""
    expect(page.locator(f'form[data-option="{state}"] [data-missing] li')).to_have_count(len(codes))
    for code in codes:
        expect(page.locator(f'form[data-option="{state}"] [data-missing] li[data-code="{code}"]')).to_have_count(1)
    before = page.locator('[data-migration-state]').get_attribute('data-migration-state')
    move(page, state, 'thử')
    expect(page.locator('.alert-danger, .alert-error').first).to_be_visible()
    state_is(page, before)


def bulk_edit(page, url, values):
    page.goto(page.base + url)
    page.check('[data-select-all]')
    page.click('[data-bulk-action$="bulk-edit/"]')
    for selector, value in values.items():
        if selector.startswith('select '):
            page.select_option(selector.removeprefix('select '), value)
        else:
            page.fill(selector, value)
    page.click('main form button[type=submit]')


def test_a_demo_system_goes_from_planned_to_closed(demo_province, page):
    migration = Migration.objects.get(system__code=CODE)
    assert migration.state == 'planned'
    detail = f'/execution/migrations/{migration.pk}/'

    sign_in(page, 'cb.sxd')
    page.goto(page.base + '/execution/board/')
    card = page.locator(f'[data-column="planned"] [data-card="{migration.pk}"]')
    expect(card).to_be_visible()
    card.locator('[data-move]').click()                                   # the card's button: → preparing
    expect(page.locator(f'[data-column="preparing"] [data-card="{migration.pk}"]')).to_be_visible()

    page.goto(page.base + detail)
    state_is(page, 'preparing')
    refused_with(page, 'migrating', ['risks_reviewed', 'runbook_ready'])  # the design is approved already
    page.click('[data-seed-risks]')
    # the seeded risks wait for their review, named from the assessment's findings
    expect(page.locator('form[data-option="migrating"] [data-missing] li[data-code="risks_reviewed"]')).to_contain_text(
        'snapshot')
    bulk_edit(page, f'/execution/risks/?q={CODE}', {'select #id_status': 'mitigating',
                                                   '#id_mitigation': 'Xử lý trước khi chuyển đổi'})
    page.goto(page.base + detail)
    refused_with(page, 'migrating', ['runbook_ready'])
    page.click('[data-runbook-template]')
    move(page, 'migrating')
    state_is(page, 'migrating')

    refused_with(page, 'verifying', ['runbook_done'])
    bulk_edit(page, f'/execution/runbook-steps/?q={CODE}', {'select #id_status': 'done'})
    page.goto(page.base + detail)
    move(page, 'verifying')
    state_is(page, 'verifying')

    refused_with(page, 'trial_run', ['tests_planned'])
    page.click('[data-test-templates]')
    move(page, 'trial_run')
    state_is(page, 'trial_run')

    refused_with(page, 'live', ['functional_passed', 'performance_passed', 'security_passed', 'golive_approved'])
    bulk_edit(page, f'/execution/acceptance-tests/?q={CODE}', {'select #id_result': 'passed',
                                                              '#id_tested_on': '2026-12-01',
                                                              '#id_signed_by': 'Trưởng phòng CNTT Sở Xây dựng'})
    page.goto(page.base + detail)
    refused_with(page, 'live', ['golive_approved'])
    expect(page.locator('[data-golive-form]')).to_have_count(0)            # not the unit's to approve

    office = second_user(page, 'admin')
    office.goto(office.base + detail)
    office.fill('#approver', 'Giám đốc Sở Khoa học và Công nghệ')
    office.fill('#reference', '45/QĐ-SKHCN')
    office.click('[data-golive]')
    expect(office.locator('[data-golive-approved]')).to_be_visible()

    page.goto(page.base + detail)
    move(page, 'live')
    state_is(page, 'live')
    refused_with(page, 'decommissioning', ['healthy_days', 'old_data_kept'])

    office.goto(office.base + '/execution/board/')
    office.fill('#healthy_days', '0')                                      # the programme setting
    office.click('form[action="/execution/settings/"] button[type=submit]')
    expect(office.locator('#healthy_days')).to_have_value('0')

    page.goto(page.base + '/execution/decommission/add/')
    page.select_option('#id_system', label=page.locator('#id_system option', has_text=CODE).first.inner_text())
    page.fill('#id_item', 'Máy chủ ứng dụng cũ CPXD')
    page.select_option('#id_old_data', 'archived')
    page.fill('#id_power_w', '450')
    page.fill('#id_rack_units', '2')
    page.click('main form button[type=submit]')
    record_url = page.url
    page.goto(page.base + detail)
    move(page, 'decommissioning')
    state_is(page, 'decommissioning')

    refused_with(page, 'closed', ['decommission_record'])
    page.goto(record_url.rstrip('/') + '/edit/')
    page.fill('#id_decommissioned_on', '2026-12-05')
    page.select_option('#id_sanitisation', 'purge')
    page.select_option('#id_disposal', 'reuse')
    page.click('main form button[type=submit]')
    page.goto(page.base + detail)
    move(page, 'closed', 'Hoàn thành chuyển đổi')
    state_is(page, 'closed')
    expect(page.locator('[data-option]')).to_have_count(0)
    expect(page.locator('[data-timeline] li[data-change]')).to_have_count(7)
    expect(page.locator(f'a[href="{detail}edit/"]')).to_have_count(0)      # closed: kept as it was

    page.goto(page.base + '/execution/benefits/')
    expect(page.locator('[data-realised="power_w"]')).to_contain_text('450')

    other = second_user(page, 'cb.syt')
    assert other.goto(other.base + detail).status == 404
    other.goto(other.base + '/execution/board/')
    expect(other.locator(f'[data-card="{migration.pk}"]')).to_have_count(0)


def test_the_board_moves_a_dragged_card_and_a_rollback_records_the_fallback_plan(demo_province, page):
    migration = Migration.objects.get(system__code=CODE)
    sign_in(page, 'cb.sxd')
    page.goto(page.base + '/execution/board/')
    card = f'[data-card="{migration.pk}"]'
    page.drag_and_drop(f'[data-column="planned"] {card}', '[data-drop="migrating"]')   # two steps ahead
    expect(page.locator('[data-board-error]')).to_be_visible()
    expect(page.locator(f'[data-column="planned"] {card}')).to_be_visible()
    page.drag_and_drop(f'[data-column="planned"] {card}', '[data-drop="preparing"]')
    expect(page.locator(f'[data-column="preparing"] {card}')).to_be_visible()
    assert Migration.objects.get(pk=migration.pk).state == 'preparing'

    Migration.objects.filter(pk=migration.pk).update(state='verifying')
    page.goto(page.base + f'/execution/migrations/{migration.pk}/')
    move(page, 'rolled_back')                                               # no reason given
    expect(page.locator('.alert-danger, .alert-error').first).to_be_visible()
    state_is(page, 'verifying')
    move(page, 'rolled_back', 'Sai lệch dữ liệu sau đồng bộ lần cuối')
    state_is(page, 'rolled_back')
    record = page.locator('[data-timeline] [data-fallback-record]')
    expect(record).to_contain_text('Trỏ tên miền về máy chủ cũ')
    expect(page.locator('[data-timeline]')).to_contain_text('Sai lệch dữ liệu sau đồng bộ lần cuối')
    move(page, 'preparing')
    state_is(page, 'preparing')
