"""The campaign journey in a real browser: an admin creates and launches a campaign for five units, an
officer works on the assignment and submits, the admin returns it with a comment, the officer submits
again and the admin approves; the board and the audit trail show every step."""

import pytest
from playwright.sync_api import expect

from cloudmove.core.models import AuditRecord, Unit
from cloudmove.core.tests.browser import second_user, sign_in
from cloudmove.surveys.models import Campaign

pytestmark = pytest.mark.browser
UNITS = ['SYT', 'SKHCN', 'STC', 'SGDDT', 'SNNMT']


def row(page, code):
    return page.locator(f'[data-board] tr[data-unit="{code}"]')


def test_campaign_from_creation_to_approval(page):
    sign_in(page, 'admin')
    page.goto(page.base + '/surveys/campaigns/add/')
    page.fill('input[name=name]', 'Khảo sát hiện trạng hạ tầng 2027')
    page.fill('textarea[name=objectives]', 'Thu thập hiện trạng các hệ thống thông tin')
    pks = dict(Unit.objects.values_list('code', 'pk'))
    page.select_option('select[name=unit]', str(pks['SKHCN']))  # the programme office owns the campaign
    page.select_option('select[name=units]', [str(pks[code]) for code in UNITS])
    page.fill('input[name=end_date]', '30/06/2027')
    page.click('main button[type=submit]')
    campaign = Campaign.objects.get(name='Khảo sát hiện trạng hạ tầng 2027')
    assert sorted(campaign.units.values_list('code', flat=True)) == sorted(UNITS)

    page.goto(page.base + f'/surveys/campaigns/{campaign.pk}/board/')
    page.click('[data-launch]')
    expect(page.locator('[data-board] tbody tr')).to_have_count(5)
    expect(row(page, 'SYT')).to_have_attribute('data-state', 'not_started')

    officer = second_user(page, 'cb.syt')
    officer.goto(officer.base + f'/surveys/campaigns/{campaign.pk}/board/')
    expect(officer.locator('[data-board] tbody tr')).to_have_count(1)  # its own unit only
    officer.click('[data-board] tr[data-unit="SYT"] a')
    expect(officer.locator('[data-workbook-upload]')).to_be_visible()
    expect(officer.locator('[data-completeness]')).to_contain_text('%')
    officer.click('[data-action=start]')  # back on the assignment page, now in progress
    expect(officer.locator('.alert')).to_contain_text('Đang thực hiện')
    officer.click('[data-action=submit]')
    expect(officer.locator('[data-workbook-upload]')).to_have_count(0)  # submitted: nothing more to upload
    officer.goto(officer.base + f'/surveys/campaigns/{campaign.pk}/board/')
    expect(row(officer, 'SYT')).to_have_attribute('data-state', 'submitted')

    page.reload()
    row(page, 'SYT').locator('input[name=comment]').first.fill('Thiếu sơ đồ mạng và cấp độ an toàn')
    row(page, 'SYT').locator('[data-action=return]').click()
    expect(row(page, 'SYT')).to_have_attribute('data-state', 'returned')

    officer.reload()
    row(officer, 'SYT').locator('[data-action=submit]').click()
    expect(row(officer, 'SYT')).to_have_attribute('data-state', 'submitted')

    page.reload()
    row(page, 'SYT').locator('[data-action=approve]').click()
    expect(row(page, 'SYT')).to_have_attribute('data-state', 'approved')
    expect(page.locator('main')).to_contain_text('Đã phê duyệt')

    assignment = campaign.assignments.get(unit__code='SYT')
    steps = list(AuditRecord.objects.filter(object_type='surveys.campaignassignment', object_id=str(assignment.pk),
                                            action='update', source='ui')
                 .order_by('seq').values_list('after__state', flat=True))
    assert [s for s in steps if s] == ['in_progress', 'submitted', 'returned', 'submitted', 'approved']
    comment = AuditRecord.objects.get(object_type='surveys.assignmentcomment', action='create')
    assert comment.after['text'] == 'Thiếu sơ đồ mạng và cấp độ an toàn' and comment.username == 'admin'
    officer.context.close()
