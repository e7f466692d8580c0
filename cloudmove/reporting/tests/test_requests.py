"""Report requests: a request to 5 units is answered by 3, the 2 others are reminded, and the aggregation
shows the 3 answers side by side with their tables summed; a unit reads only its own answer; returns,
acceptance and every step audited; the daily reminder round; the pages and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from cloudmove.conftest import api_client, make_user
from cloudmove.core import scoping
from cloudmove.core.choices import Role
from cloudmove.core.models import AuditRecord, Notification, Unit
from cloudmove.core.services import objects
from cloudmove.reporting.models import ReportAnswer, ReportRequest, ReportTemplate
from cloudmove.reporting.services import requests

QUESTIONS = '''text*: Kết quả thực hiện trong kỳ
number: Số hệ thống đã chuyển lên đám mây
table*: Kinh phí theo nguồn | Nguồn vốn; #Dự toán (triệu đồng); #Đã giải ngân (triệu đồng) || Ngân sách tỉnh; Khác
table: Hệ thống đã chuyển | Tên hệ thống; #Số máy ảo
'''


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


@pytest.fixture
def five(tree, users):
    units = [Unit.objects.create(code=f'XA-{k}', name_vi=f'UBND xã {k}', kind=tree['kind'], parent=tree['root'])
             for k in range(5)]
    officers = [make_user(f'cb.xa{k}', Role.UNIT_OFFICER, u) for k, u in enumerate(units)]
    template = objects.create_object(users['admin'], ReportTemplate, {
        'unit': tree['root'], 'name': 'Báo cáo quý', 'questions': requests.parse_questions(QUESTIONS)})
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    request = requests.create_request(users['admin'], {
        'unit': tree['root'], 'template': template, 'subject': 'Báo cáo kết quả quý IV', 'period': '2026-Q4',
        'deadline': deadline, 'units': units})
    return {'units': units, 'officers': officers, 'template': template, 'request': request}


def _answer(five, k):
    return ReportAnswer.objects.get(request=five['request'], unit=five['units'][k])


def _fill(five, k, budget, spent, systems):
    officer = five['officers'][k]
    answer = requests.save_answer(officer, _answer(five, k), {
        'q1': f'Xã {k} đã hoàn thành khảo sát', 'q2': str(len(systems)),
        'q3': [['', str(budget), str(spent)], ['', '10', '']],
        'q4': [[name, str(vms)] for name, vms in systems],
    }, difficulties=f'Thiếu nhân lực ở xã {k}', proposals='' if k else 'Bổ sung kinh phí')
    return requests.submit(officer, answer)


def test_five_asked_three_answer_two_reminded_and_the_tables_are_summed(five, users):
    request, officers = five['request'], five['officers']
    assert request.questions == five['template'].questions and len(request.questions) == 4
    assert requests.send(users['admin'], request) == 5
    assert Notification.objects.filter(title__startswith='Report request').count() == 5

    _fill(five, 0, 100, 40, [('Cổng thông tin', 2), ('Một cửa', 3)])
    _fill(five, 1, 50, 50, [('cổng  thông tin', 1)])   # the same row, spelt differently
    _fill(five, 3, 25.5, 0, [])
    requests.save_answer(officers[2], _answer(five, 2), {'q1': 'Đang làm'})   # written, not submitted

    told = requests.remind(users['admin'], request)
    assert [u.code for u in told] == ['XA-2', 'XA-4']
    reminded = Notification.objects.filter(title__startswith='Reminder').values_list('user__username', flat=True)
    assert sorted(reminded) == ['cb.xa2', 'cb.xa4']
    assert _answer(five, 4).reminders == 1 and _answer(five, 0).reminders == 0

    agg = requests.aggregation(users['admin'], request)
    assert [a.unit.code for a in agg['answers']] == ['XA-0', 'XA-1', 'XA-3']
    assert [a.unit.code for a in agg['outstanding']] == ['XA-2', 'XA-4']
    text, number, budget, systems = agg['questions']
    assert [u for u, _v in text['answers']] == ['XA-0', 'XA-1', 'XA-3']
    assert number['sum'] == 3 and number['count'] == 3
    assert budget['rows'] == [['Ngân sách tỉnh', 175.5, 90], ['Khác', 30, None]]
    assert budget['total'] == ['', 205.5, 90]
    assert systems['rows'] == [['Cổng thông tin', 3], ['Một cửa', 3]] and systems['total'] == ['', 6]
    assert agg['difficulties'][0] == ('XA-0', 'Thiếu nhân lực ở xã 0') and len(agg['difficulties']) == 3
    assert agg['proposals'] == [('XA-0', 'Bổ sung kinh phí')]

    # The workbook holds the same figures.
    book = CalamineWorkbook.from_filelike(__import__('io').BytesIO(requests.aggregation_xlsx(users['admin'],
                                                                                             request)))
    table = book.get_sheet_by_name(book.sheet_names[2]).to_python()
    assert table[1] == ['All units', 'Ngân sách tỉnh', 175.5, 90.0] and table[3][:3] == ['Total', '', 205.5]
    status = book.get_sheet_by_name('Status').to_python()
    assert [r[0] for r in status[1:]] == ['XA-0', 'XA-1', 'XA-2', 'XA-3', 'XA-4']

    # Every step is in the audit trail: 5 answers made, 3 submitted, 2 reminded, the one written.
    changes = AuditRecord.objects.filter(object_type='reporting.reportanswer')
    assert changes.filter(action='create').count() == 5
    assert changes.filter(action='update', after__state='submitted').count() == 3
    assert changes.filter(action='update', after__reminders=1).count() == 2


def test_a_unit_reads_only_its_own_answer(five, users):
    request, officers = five['request'], five['officers']
    requests.send(users['admin'], request)
    _fill(five, 0, 1, 1, [])
    mine = ReportAnswer.objects.visible_to(officers[1])
    assert [a.unit.code for a in mine] == ['XA-1']
    assert ReportRequest.objects.visible_to(officers[1]).get() == request   # the request it was asked
    assert not ReportRequest.objects.visible_to(users['officer_b']).exists()
    assert not ReportTemplate.objects.visible_to(officers[1]).exists()   # the office's
    with pytest.raises(PermissionDenied):
        requests.aggregation(officers[1], request)
    with pytest.raises(scoping.OutOfScope):   # another unit’s answer is not found
        requests.save_answer(officers[1], _answer(five, 0), {'q1': 'x'})
    with pytest.raises(PermissionDenied):
        requests.send(officers[1], request)
    # a unit's viewer reads its answer but does not write it
    viewer = make_user('xem.xa1', Role.UNIT_VIEWER, five['units'][1])
    with pytest.raises(PermissionDenied):
        requests.save_answer(viewer, _answer(five, 1), {'q1': 'x'})


def test_bad_figures_required_questions_return_and_accept(five, users):
    request, officer = five['request'], five['officers'][0]
    assert not ReportAnswer.objects.filter(request=request).exists()   # nothing to answer before it is sent
    requests.send(users['admin'], request)
    with pytest.raises(ValidationError) as refused:
        requests.save_answer(officer, _answer(five, 0), {'q2': 'mười', 'q3': [['', '1O0', '5'], ['', '7', 'x']]})
    assert refused.value.messages == [
        'Số hệ thống đã chuyển lên đám mây: “mười” is not a number.',
        'Kinh phí theo nguồn: row 1, column “Dự toán (triệu đồng)”: “1O0” is not a number.',
        'Kinh phí theo nguồn: row 2, column “Đã giải ngân (triệu đồng)”: “x” is not a number.']
    assert _answer(five, 0).values == {}   # nothing kept
    answer = requests.save_answer(officer, _answer(five, 0), {'q2': '1.234,5'})
    assert answer.values['q2'] == 1234.5 and answer.state == 'draft'
    with pytest.raises(ValidationError) as refused:
        requests.submit(officer, answer)
    assert refused.value.messages == ['Answer “Kết quả thực hiện trong kỳ”.', 'Answer “Kinh phí theo nguồn”.']

    answer = _fill(five, 0, 10, 5, [])
    with pytest.raises(PermissionDenied):
        requests.accept(officer, answer)   # a unit does not review itself
    with pytest.raises(ValidationError):
        requests.return_answer(users['admin'], answer, '  ')
    answer = requests.return_answer(users['admin'], answer, 'Bổ sung số liệu giải ngân')
    assert answer.state == 'returned' and answer.reviewed_by == users['admin']
    assert Notification.objects.filter(user=officer, title__contains='returned').exists()
    assert requests.aggregation(users['admin'], request)['answers'] == []   # a returned answer is not counted
    answer = _fill(five, 0, 10, 10, [])
    answer = requests.accept(users['admin'], answer, 'Đạt')
    assert answer.state == 'accepted'
    with pytest.raises(ValidationError):
        requests.save_answer(officer, answer, {'q1': 'changed afterwards'})
    # the sent request's questions no longer change
    with pytest.raises(ValidationError):
        objects.update_object(users['admin'], request, {'questions': []})
    request = requests.close(users['admin'], request)
    with pytest.raises(ValidationError):
        requests.remind(users['admin'], request)


def test_the_template_lines_are_checked_and_round_trip():
    with pytest.raises(ValidationError) as refused:
        requests.parse_questions('bảng: Kinh phí\nchart: Biểu đồ\nnumber: Số | #a\nsố*:  ')
    assert refused.value.messages == [
        'Line 1: the table “Kinh phí” needs its columns after “|”.',
        'Line 2: “chart” is not a kind of question: write text, number or table.',
        'Line 3: only a table has columns and rows (“Số”).',
        'Line 4: the question has no text.']
    questions = requests.parse_questions(QUESTIONS)
    assert requests.parse_questions(requests.questions_text(questions)) == questions
    assert [q['kind'] for q in questions] == ['text', 'number', 'table', 'table']
    assert questions[2]['rows'] == ['Ngân sách tỉnh', 'Khác'] and questions[2]['columns'][1]['number']


def test_the_daily_round_reminds_once_a_day_near_and_after_the_deadline(five, users):
    request = five['request']
    requests.send(users['admin'], request)
    _fill(five, 0, 1, 1, [])
    now = timezone.now()
    assert requests.remind_due(now) == []   # 10 days ahead, reminders start 3 days before
    ReportRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=2))
    assert [u.code for u in requests.remind_due(now)] == ['XA-1', 'XA-2', 'XA-3', 'XA-4']
    assert requests.remind_due(now + datetime.timedelta(minutes=5)) == []   # once a day
    ReportRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    late = requests.remind_due(now + datetime.timedelta(days=1))
    assert len(late) == 4 and _answer(five, 4).reminders == 2
    assert Notification.objects.filter(user=five['officers'][4], title__contains='is late').count() == 1
    assert ReportAnswer.objects.get(pk=_answer(five, 4).pk).is_late


def test_the_pages_answer_review_and_aggregate(five, users, client, no_2fa):
    request = five['request']
    client.force_login(users['admin'])
    page = client.get(reverse('reporting:reportrequest_detail', args=[request.pk]))
    assert page.status_code == 200 and b'data-send' in page.content
    client.post(reverse('reporting:request_action', args=[request.pk, 'send']))
    assert ReportAnswer.objects.filter(request=request).count() == 5

    client.force_login(five['officers'][0])
    answer = _answer(five, 0)
    home = client.get('/')
    assert f'href="/reporting/report-answers/{answer.pk}/"'.encode() in home.content
    page = client.get(reverse('reporting:reportanswer_detail', args=[answer.pk]))
    assert b'name="q3-1-2"' in page.content and b'name="q4-2-1"' in page.content   # fixed rows, blank rows
    assert client.get(reverse('reporting:reportanswer_detail', args=[_answer(five, 1).pk])).status_code == 404
    client.post(reverse('reporting:answer_save', args=[answer.pk]), {
        'q1': 'Hoàn thành', 'q3-0-1': '12', 'q3-0-2': '3', 'q4-0-0': 'Cổng', 'q4-0-1': '2', 'submit': '1',
        'difficulties': 'Không'})
    answer.refresh_from_db()
    assert answer.state == 'submitted' and answer.values['q3'][0] == ['Ngân sách tỉnh', 12, 3]
    assert answer.values['q4'] == [['Cổng', 2]]
    assert client.get(reverse('reporting:aggregation', args=[request.pk])).status_code == 403   # the office's

    client.force_login(users['admin'])
    client.post(reverse('reporting:answer_review', args=[answer.pk]), {'decision': 'accept', 'comment': ''})
    assert ReportAnswer.objects.get(pk=answer.pk).state == 'accepted'
    page = client.get(reverse('reporting:aggregation', args=[request.pk])).content.decode()
    assert 'data-agg-answer="XA-0"' in page and 'data-outstanding="XA-4"' in page


def test_the_api_answers_submits_reviews_and_aggregates(five, users):
    request = five['request']
    office, unit = api_client(users['admin']), api_client(five['officers'][2])
    sent = office.post(f'/api/reporting/report-requests/{request.pk}/send/')
    assert sent.status_code == 200 and sent.json() == {'id': request.pk, 'state': 'sent', 'asked': 5}
    answer = _answer(five, 2)
    bad = unit.post(f'/api/reporting/report-answers/{answer.pk}/answer/', {'values': {'q2': 'abc'}},
                    format='json')
    assert bad.status_code == 400 and bad.json()['errors'] == [   # in the default language
        'Số hệ thống đã chuyển lên đám mây: “abc” không phải là số.']
    done = unit.post(f'/api/reporting/report-answers/{answer.pk}/answer/', {
        'values': {'q1': 'Xong', 'q3': [['', 5, 1]]}, 'submit': True}, format='json')
    assert done.status_code == 200 and done.json()['state'] == 'submitted'
    assert unit.post(f'/api/reporting/report-answers/{_answer(five, 3).pk}/answer/', {}, format='json'
                     ).status_code == 404
    listed = unit.get('/api/reporting/report-answers/').json()
    assert [a['id'] for a in listed['results']] == [answer.pk]
    assert unit.post(f'/api/reporting/report-answers/{answer.pk}/review/', {'decision': 'accept'},
                     format='json').status_code == 403
    assert office.post(f'/api/reporting/report-answers/{answer.pk}/review/', {'decision': 'accept'},
                       format='json').json()['state'] == 'accepted'
    agg = office.get(f'/api/reporting/report-requests/{request.pk}/aggregation/').json()
    assert agg['answered'] == ['XA-2'] and agg['outstanding'] == ['XA-0', 'XA-1', 'XA-3', 'XA-4']
    assert agg['questions'][2]['total'] == ['', 5, 1]
    reminded = office.post(f'/api/reporting/report-requests/{request.pk}/remind/').json()
    assert reminded['reminded'] == ['XA-0', 'XA-1', 'XA-3', 'XA-4']
    assert unit.get(f'/api/reporting/report-requests/{request.pk}/aggregation/').status_code == 403
