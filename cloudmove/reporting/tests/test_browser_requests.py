"""A report request in a real browser: the office writes the template's questions and sends a request to
two units; a unit's officer finds it on the home page, fills the text, the figure and the fixed-row table,
submits it; the office returns it once, the unit corrects it, the office accepts it and reads the
aggregation with the table summed; the other unit never sees the first one's answer."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cloudmove.core.tests.browser import second_user, sign_in

pytestmark = pytest.mark.browser


def test_the_office_asks_a_unit_answers_and_the_office_aggregates(page):
    from cloudmove.core.models import Unit
    from cloudmove.reporting.models import ReportAnswer, ReportRequest

    sign_in(page, 'admin')
    page.goto(page.base + '/reporting/report-templates/add/')
    page.fill('#id_name', 'Báo cáo quý')
    page.fill('#id_questions', 'văn bản*: Kết quả\nsố: Số hệ thống\nbảng*: Kinh phí | Nguồn; #Dự toán || Tỉnh; Khác\n'
                               'biểu đồ: Sai')
    page.select_option('#id_unit', label=Unit.objects.get(is_programme_office=True).__str__())
    page.click('main form[enctype] button[type=submit]')
    expect(page.locator('main')).to_contain_text('Dòng 4')   # the faulty line is named, nothing saved
    page.fill('#id_questions', 'văn bản*: Kết quả\nsố: Số hệ thống\nbảng*: Kinh phí | Nguồn; #Dự toán || Tỉnh; Khác')
    page.click('main form[enctype] button[type=submit]')
    expect(page.locator('h1')).to_contain_text('Báo cáo quý')

    page.goto(page.base + '/reporting/report-requests/add/')
    page.select_option('#id_unit', label=Unit.objects.get(is_programme_office=True).__str__())
    page.select_option('#id_template', label='Báo cáo quý')
    page.fill('#id_subject', 'Báo cáo quý IV')
    page.fill('#id_deadline', (timezone.localdate() + datetime.timedelta(days=7)).strftime('%d/%m/%Y'))
    page.select_option('#id_units', [str(Unit.objects.get(code='SYT').pk), str(Unit.objects.get(code='SKHCN').pk)])
    page.click('main form[enctype] button[type=submit]')
    page.click('[data-send]')
    expect(page.locator('[data-request-state]')).to_have_attribute('data-request-state', 'sent')
    expect(page.locator('[data-answer-unit]')).to_have_count(2)
    request = ReportRequest.objects.get()

    officer = second_user(page, 'cb.syt')
    officer.click('[data-requests-home] a')
    officer.fill('#q1', 'Đã chuyển cổng thông tin')
    officer.fill('#q2', '2')
    officer.fill('[name=q3-0-1]', '120')
    officer.fill('[name=q3-1-1]', '30')
    officer.fill('#difficulties', 'Thiếu nhân lực')
    officer.click('[data-submit]')
    expect(officer.locator('[data-answer-state]')).to_have_attribute('data-answer-state', 'submitted')

    mine = ReportAnswer.objects.get(request=request, unit__code='SYT')
    other = second_user(page, 'cb.skhcn')
    assert other.goto(other.base + f'/reporting/report-answers/{mine.pk}/').status == 404
    other.goto(other.base + f'/reporting/report-requests/{request.pk}/')
    expect(other.locator('[data-my-answer]')).to_have_count(1)
    expect(other.locator('main')).not_to_contain_text('Đã chuyển cổng thông tin')

    page.goto(page.base + f'/reporting/report-answers/{mine.pk}/')
    page.fill('#review-comment', 'Bổ sung nguồn khác')
    page.click('[data-return]')
    officer.reload()
    expect(officer.locator('[data-review-comment]')).to_contain_text('Bổ sung nguồn khác')
    officer.fill('[name=q3-1-1]', '45')
    officer.click('[data-submit]')
    expect(officer.locator('[data-answer-state]')).to_have_attribute('data-answer-state', 'submitted')
    page.reload()
    page.click('[data-accept]')
    expect(page.locator('[data-answer-state]')).to_have_attribute('data-answer-state', 'accepted')

    page.goto(page.base + f'/reporting/report-requests/{request.pk}/aggregation/')
    expect(page.locator('[data-agg-answer="SYT"]').first).to_contain_text('Đã chuyển cổng thông tin')
    expect(page.locator('[data-agg-question=q3] [data-agg-total]')).to_contain_text('165')
    expect(page.locator('[data-outstanding="SKHCN"]')).to_be_visible()
    expect(page.locator('[data-agg-difficulties]')).to_contain_text('Thiếu nhân lực')
