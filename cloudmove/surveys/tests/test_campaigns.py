"""A campaign from draft to approval, through the services, the API, the board and the CLI."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from cloudmove.core import scoping
from cloudmove.core.models import AuditRecord, Unit
from cloudmove.surveys.models import AssignmentComment, Campaign, CampaignAssignment
from cloudmove.surveys.services import campaigns as service

END = datetime.date(2027, 3, 31)


@pytest.fixture
def five_units(tree):
    extra = [Unit.objects.create(code=code, name_vi=f'Sở {code}', name_en=code, kind=tree['kind'], parent=tree['root'])
             for code in ('DEP-C', 'DEP-D')]
    return [tree['a'], tree['a1'], tree['b'], *extra]


@pytest.fixture
def campaign(users, tree, five_units):
    c = service.create_campaign(users['admin'], name='Khảo sát hiện trạng 2027', unit=tree['root'], end_date=END,
                                units=five_units, objectives='Thu thập hiện trạng')
    return service.launch(users['admin'], c)


def records(obj, action=None):
    qs = AuditRecord.objects.filter(object_type=f'{obj._meta.app_label}.{obj._meta.model_name}',
                                    object_id=str(obj.pk)).order_by('seq')
    return qs if action is None else qs.filter(action=action)


def mine(campaign, unit):
    return CampaignAssignment.objects.get(campaign=campaign, unit=unit)


def test_launch_creates_one_assignment_per_unit(campaign, five_units):
    assert campaign.state == 'launched' and campaign.launched_at
    assignments = list(campaign.assignments.all())
    assert sorted(a.unit.code for a in assignments) == sorted(u.code for u in five_units)
    assert all(a.state == 'not_started' and a.due_date == END for a in assignments)
    assert all(records(a, 'create').count() == 1 for a in assignments)
    assert records(campaign, 'update').filter(after__state='launched').exists()


def test_workflow_through_the_services(campaign, users, tree):
    admin, officer = users['admin'], users['officer_a']
    a = mine(campaign, tree['a'])
    service.start(officer, a)
    service.submit(officer, a)
    service.return_with_comment(admin, a, 'Thiếu cấp độ an toàn')
    a.refresh_from_db()
    assert a.state == 'returned' and a.reviewer == admin
    assert AssignmentComment.objects.get(assignment=a).text == 'Thiếu cấp độ an toàn'
    service.submit(officer, a)  # resubmitted straight from "returned"
    service.approve(admin, a)
    a.refresh_from_db()
    assert a.state == 'approved' and a.approved_at and a.submitted_at
    states = [r.after['state'] for r in records(a, 'update') if r.after and 'state' in r.after]
    assert states == ['in_progress', 'submitted', 'returned', 'submitted', 'approved']
    assert records(AssignmentComment.objects.get(assignment=a), 'create').exists()


def test_illegal_transitions_are_refused(campaign, users, tree):
    admin, officer = users['admin'], users['officer_a']
    a = mine(campaign, tree['a'])
    for func in (service.submit, service.approve):
        with pytest.raises(ValidationError):
            func(admin, a)
    service.start(officer, a)
    with pytest.raises(ValidationError):
        service.start(officer, a)
    with pytest.raises(ValidationError):
        service.return_with_comment(admin, a, '')
    service.submit(officer, a)
    with pytest.raises(PermissionDenied):
        service.approve(officer, a)
    with pytest.raises(scoping.OutOfScope):
        service.start(users['officer_b'], a)
    with pytest.raises(ValidationError):
        service.launch(admin, campaign)
    with pytest.raises(PermissionDenied):
        service.create_campaign(officer, name='X', unit=tree['a'], end_date=END)
    a.refresh_from_db()
    assert a.state == 'submitted'


def test_workflow_through_the_api(campaign, api, tree):
    a = mine(campaign, tree['a'])
    url = f'/api/surveys/assignments/{a.pk}/'
    officer, admin = api['officer_a'], api['admin']
    assert admin.post(url + 'approve/').status_code == 400  # not submitted yet
    assert officer.post(url + 'approve/').status_code == 403  # reviewing is the programme office's
    assert officer.post(url + 'start/').json()['state'] == 'in_progress'
    assert officer.post(url + 'start/').status_code == 400
    response = officer.post(url + 'submit/')
    assert response.status_code == 200 and response.json()['state'] == 'submitted'
    assert officer.post(url + 'approve/').status_code == 403
    assert api['officer_b'].post(url + 'approve/').status_code == 404
    assert api['officer_b'].get(url).status_code == 404
    assert admin.post(url + 'return/', {'comment': ''}, format='json').status_code == 400
    response = admin.post(url + 'return/', {'comment': 'Bổ sung máy chủ'}, format='json')
    assert response.status_code == 200 and response.json()['state'] == 'returned'
    assert officer.post(url + 'submit/').json()['state'] == 'submitted'
    response = admin.post(url + 'approve/', {'comment': 'Đạt'}, format='json')
    assert response.status_code == 200 and response.json()['state'] == 'approved'
    updates = records(a, 'update')
    assert updates.count() == 5 and {r.source for r in updates} == {'api'}
    assert AssignmentComment.objects.filter(assignment=a).count() == 2
    # The state is not writable through the generic endpoint.
    admin.patch(url, {'state': 'not_started'}, format='json')
    a.refresh_from_db()
    assert a.state == 'approved'


def test_launch_through_the_api(api, users, tree, five_units):
    response = api['admin'].post('/api/surveys/campaigns/', {
        'unit': tree['root'].pk, 'name': 'Đợt 2', 'units': [u.pk for u in five_units], 'end_date': '2027-05-31',
        'system_categories': ['portal']}, format='json')
    assert response.status_code == 201, response.content
    pk = response.json()['id']
    assert api['officer_a'].post(f'/api/surveys/campaigns/{pk}/launch/').status_code == 404
    response = api['admin'].post(f'/api/surveys/campaigns/{pk}/launch/')
    assert response.status_code == 200 and response.json()['state'] == 'launched'
    assert CampaignAssignment.objects.filter(campaign_id=pk).count() == 5
    assert api['admin'].post(f'/api/surveys/campaigns/{pk}/launch/').status_code == 400
    bad = api['admin'].post('/api/surveys/campaigns/', {'unit': tree['root'].pk, 'name': 'X', 'end_date': '2027-05-31',
                                                        'system_categories': ['nope']}, format='json')
    assert bad.status_code == 400


def test_units_see_campaigns_they_are_assigned_once(campaign, api, users):
    # officer_a's subtree holds two assignments (DEP-A, DEP-A1): the campaign is listed once.
    listed = api['officer_a'].get('/api/surveys/campaigns/').json()
    assert [row['id'] for row in listed['results']] == [campaign.pk]
    assert scoping.allowed(users['officer_b'], campaign)
    assert not scoping.allowed(users['officer_b'], campaign, scoping.CHANGE)
    assignments = api['officer_b'].get('/api/surveys/assignments/').json()['results']
    assert [row['unit'] for row in assignments] == [users['officer_b'].unit_id]
    assert api['provider'].get(f'/api/surveys/campaigns/{campaign.pk}/').status_code == 404


def test_board_shows_each_state_and_posts_transitions(campaign, web, tree):
    a, b = mine(campaign, tree['a']), mine(campaign, tree['b'])
    board = reverse('surveys:board', args=[campaign.pk])
    client = web('officer_a')
    page = client.get(board).content.decode()
    assert f'data-assignment="{a.pk}"' in page and f'data-assignment="{b.pk}"' not in page
    assert 'data-action="start"' in page and 'csrfmiddlewaretoken' in page
    assert client.post(reverse('surveys:transition', args=[a.pk, 'start'])).status_code == 302
    client.post(reverse('surveys:transition', args=[a.pk, 'submit']))
    assert client.post(reverse('surveys:transition', args=[b.pk, 'start'])).status_code == 404
    assert client.post(reverse('surveys:transition', args=[a.pk, 'approve'])).status_code == 403
    assert client.get(reverse('surveys:campaignassignment_detail', args=[b.pk])).status_code == 404

    client = web('admin')
    client.post(reverse('surveys:transition', args=[mine(campaign, tree['a1']).pk, 'start']))
    client.post(reverse('surveys:transition', args=[a.pk, 'return']), {'comment': 'Thiếu dữ liệu'})
    page = client.get(board).content.decode()
    for unit, state in (('DEP-A', 'returned'), ('DEP-A1', 'in_progress'), ('DEP-B', 'not_started')):
        assert f'data-unit="{unit}" data-state="{state}"' in page
    client.post(reverse('surveys:transition', args=[a.pk, 'submit']))
    client.post(reverse('surveys:transition', args=[a.pk, 'approve']))
    page = client.get(board).content.decode()
    assert 'data-unit="DEP-A" data-state="approved"' in page
    assert page.count('data-assignment=') == 5
    assert records(mine(campaign, tree['a']), 'update').filter(source='ui').count() == 5
    assert client.get(reverse('surveys:boards')).status_code == 200
    assert web('officer_b').get(reverse('surveys:board', args=[campaign.pk])).status_code == 200


def test_board_flags_overdue(users, tree, web):
    c = service.create_campaign(users['admin'], name='Cũ', unit=tree['root'], end_date=datetime.date(2020, 1, 1),
                                units=[tree['b']])
    service.launch(users['admin'], c)
    page = web('leader').get(reverse('surveys:board', args=[c.pk])).content.decode()
    assert 'data-overdue' in page


def test_completeness_score(campaign, users, tree):
    from cloudmove.inventory.models import InformationSystem, VirtualMachine

    a = mine(campaign, tree['a'])
    full = InformationSystem.objects.create(unit=tree['a'], code='A-HT1', name='Đủ', security_level=2,
                                            operating_unit=tree['a'])
    vm = VirtualMachine.objects.create(unit=tree['a'], name='vm-1', vcpus=2, memory_mib=2048)
    vm.systems.add(full)
    assert service.completeness(users['officer_a'], a) == 100
    InformationSystem.objects.create(unit=tree['a'], code='A-HT2', name='Thiếu')
    assert service.completeness(users['officer_a'], a) == 50
    service.start(users['officer_a'], a)
    service.submit(users['officer_a'], a)
    a.refresh_from_db()
    assert a.completeness == 50
    assert service.completeness(users['officer_a'], mine(campaign, tree['b'])) == 0


def test_cli(users, tree, five_units):
    out = io.StringIO()
    call_command('campaign', 'create', 'Đợt CLI', '--end', '30/06/2027', '--units', 'DEP-A,DEP-B', stdout=out)
    c = Campaign.objects.get(name='Đợt CLI')
    assert c.end_date == datetime.date(2027, 6, 30) and c.unit == tree['root'] and c.units.count() == 2
    call_command('campaign', 'launch', str(c.pk), stdout=out)
    call_command('campaign', 'list', stdout=out)
    assert 'DEP-B' in out.getvalue()
    a = mine(c, tree['b'])
    service.start(users['officer_b'], a)
    service.submit(users['officer_b'], a)
    call_command('campaign', 'return', str(a.pk), '--comment', 'Bổ sung', stdout=out)
    service.submit(users['officer_b'], a)
    call_command('campaign', 'approve', str(a.pk), stdout=out)
    a.refresh_from_db()
    assert a.state == 'approved'
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command('campaign', 'approve', str(a.pk), stdout=out)
    with pytest.raises(CommandError):
        call_command('campaign', 'create', 'X', '--end', '2027-06-30', '--units', 'DEP-A', stdout=out)


def test_each_step_notifies_the_people_concerned(campaign, users, tree, web):
    from cloudmove.core.models import Notification

    officer, admin = users['officer_a'], users['admin']
    launched = Notification.objects.get(user=officer)
    assert 'Khảo sát hiện trạng 2027' in launched.title and launched.link == reverse('surveys:board',
                                                                                       args=[campaign.pk])
    assert Notification.objects.filter(user=users['officer_b']).count() == 1
    assert not Notification.objects.filter(user=admin).exists()
    a = mine(campaign, tree['a'])
    service.start(officer, a)
    service.submit(officer, a)
    assert Notification.objects.filter(user=admin, title__contains='DEP-A').count() == 1
    service.return_with_comment(admin, a, 'Bổ sung sơ đồ mạng')
    assert Notification.objects.filter(user=officer).count() == 2

    client = web('officer_a')
    page = client.get(reverse('core:home')).content.decode()
    assert 'data-unread' in page
    listed = client.get(reverse('core:notifications')).content.decode()
    assert 'Khảo sát hiện trạng 2027' in listed
    opened = client.get(reverse('core:notifications'), {'open': launched.pk})
    assert opened.status_code == 302 and opened['Location'] == launched.link
    launched.refresh_from_db()
    assert launched.read_at is not None
    other = Notification.objects.filter(user=admin).first()
    client.get(reverse('core:notifications'), {'open': other.pk})
    other.refresh_from_db()
    assert other.read_at is None  # somebody else's notification is not touched
    client.post(reverse('core:notifications'))
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()


def test_launch_sends_each_unit_its_workbook(users, tree, five_units, settings, mailoutbox,
                                             django_capture_on_commit_callbacks):
    from python_calamine import CalamineWorkbook

    from cloudmove.core.models import Notification
    from cloudmove.inventory.models import InformationSystem

    settings.EMAIL_HOST = 'mail.example.test'
    settings.EMAIL_BACKEND = 'django.core.mail.backends.locmem.EmailBackend'
    users['officer_a'].email = 'officer.a@example.test'
    users['officer_a'].save()
    InformationSystem.objects.create(unit=tree['a'], code='DEP-A-PORTAL', name='Cổng thông tin của A')
    draft = service.create_campaign(users['admin'], name='Đợt có sổ', unit=tree['root'], end_date=END,
                                    units=five_units)
    with django_capture_on_commit_callbacks(execute=True):  # the workbooks are built after the commit
        service.launch(users['admin'], draft, send_workbooks=True)
    note = Notification.objects.get(user=users['officer_a'])
    assignment = CampaignAssignment.objects.get(campaign=draft, unit=tree['a'])
    assert note.link == reverse('surveys:campaignassignment_detail', args=[assignment.pk])
    mail = [m for m in mailoutbox if 'officer.a@example.test' in m.to]
    assert len(mail) == 1  # one message, with the workbook, instead of a bare notification
    mail = mail[0]
    name, content, _mime = mail.attachments[0]
    assert name == 'khao-sat-DEP-A.xlsx'
    path = settings.VAR_DIR / 'mailed.xlsx'
    path.write_bytes(content)
    book = CalamineWorkbook.from_path(str(path))
    cells = [str(c) for sheet in book.sheet_names for row in book.get_sheet_by_name(sheet).to_python()
             for c in row]
    assert 'DEP-A-PORTAL' in cells


def test_close_through_ui_api_and_cli(campaign, api, web, users, tree, five_units):
    from cloudmove.core.models import Notification

    assert api['officer_a'].post(f'/api/surveys/campaigns/{campaign.pk}/close/').status_code == 403
    board = web('admin').get(reverse('surveys:board', args=[campaign.pk])).content.decode()
    assert 'data-close' in board
    response = web('admin').post(reverse('surveys:close', args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == 'closed'
    assert records(campaign, 'update').filter(after__state='closed').exists()
    assert Notification.objects.filter(user=users['officer_a'], title__contains='Khảo sát hiện trạng 2027').count() == 2
    with pytest.raises(ValidationError):
        service.start(users['officer_a'], mine(campaign, tree['a']))
    assert api['admin'].post(f'/api/surveys/campaigns/{campaign.pk}/close/').status_code == 400

    other = service.launch(users['admin'], service.create_campaign(
        users['admin'], name='Đợt API', unit=tree['root'], end_date=END, units=five_units))
    response = api['admin'].post(f'/api/surveys/campaigns/{other.pk}/close/')
    assert response.status_code == 200 and response.json()['state'] == 'closed'

    third = service.launch(users['admin'], service.create_campaign(
        users['admin'], name='Đợt CLI đóng', unit=tree['root'], end_date=END, units=five_units))
    out = io.StringIO()
    call_command('campaign', 'close', str(third.pk), stdout=out)
    third.refresh_from_db()
    assert third.state == 'closed'


def test_officer_works_from_the_assignment_page(campaign, web, users, tree, tmp_path):
    from cloudmove.core.models import Job

    a = mine(campaign, tree['a'])
    client = web('officer_a')
    page = client.get(reverse('surveys:campaignassignment_detail', args=[a.pk])).content.decode()
    assert 'data-workbook-upload' in page and 'data-action="start"' in page
    download = client.get(reverse('inventory:workbook_download', args=[tree['a'].pk]))
    path = tmp_path / 'a.xlsx'
    path.write_bytes(b''.join(download.streaming_content))
    with path.open('rb') as fh:
        response = client.post(reverse('inventory:workbook_upload', args=[tree['a'].pk]), {'file': fh})
    job = Job.objects.latest('pk')
    assert response.status_code == 302 and response['Location'] == reverse('inventory:workbook_result',
                                                                         args=[job.pk])
    assert job.unit == tree['a'] and job.created_by == users['officer_a']
    client.post(reverse('surveys:transition', args=[a.pk, 'start']))
    client.post(reverse('surveys:transition', args=[a.pk, 'submit']))
    a.refresh_from_db()
    assert a.state == 'submitted'
    viewer = web('viewer_a').get(reverse('surveys:campaignassignment_detail', args=[a.pk])).content.decode()
    assert 'data-workbook-download' in viewer and 'data-workbook-upload' not in viewer


def test_cli_start_and_submit(campaign, users, tree):
    a = mine(campaign, tree['a'])
    out = io.StringIO()
    call_command('campaign', '--user', 'officer_a', 'start', str(a.pk), stdout=out)
    call_command('campaign', '--user', 'officer_a', 'submit', str(a.pk), stdout=out)
    a.refresh_from_db()
    assert a.state == 'submitted'
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command('campaign', '--user', 'officer_b', 'start', str(mine(campaign, tree['a']).pk), stdout=out)


def test_officers_move_their_assignment_but_do_not_edit_it(campaign, api, web, users, tree):
    a = mine(campaign, tree['a'])
    officer = web('officer_a')
    assert officer.get(reverse('surveys:campaignassignment_edit', args=[a.pk])).status_code == 403
    assert officer.post(reverse('surveys:campaignassignment_delete', args=[a.pk])).status_code == 403
    response = api['officer_a'].patch(f'/api/surveys/assignments/{a.pk}/', {'due_date': '2030-01-01'}, format='json')
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.due_date == END
    page = officer.get(reverse('surveys:campaignassignment_detail', args=[a.pk])).content.decode()
    assert reverse('surveys:campaignassignment_edit', args=[a.pk]) not in page
    # The workflow buttons work from the assignment page and come back to it.
    detail = reverse('surveys:campaignassignment_detail', args=[a.pk])
    response = officer.post(reverse('surveys:transition', args=[a.pk, 'start']), {'next': detail})
    assert response.status_code == 302 and response['Location'] == detail
    response = officer.post(reverse('surveys:transition', args=[a.pk, 'submit']), {'next': 'https://evil.example/'})
    assert response['Location'] == reverse('surveys:board', args=[campaign.pk])
    a.refresh_from_db()
    assert a.state == 'submitted'
    assert 'data-workbook-upload' not in officer.get(detail).content.decode()  # submitted: no more uploads
    assert web('viewer_a').post(reverse('surveys:transition', args=[a.pk, 'start'])).status_code == 403


def test_closing_waits_for_pending_reviews_and_completeness_is_explained(campaign, web, users, tree):
    from cloudmove.inventory.models import InformationSystem, VirtualMachine

    a = mine(campaign, tree['a'])
    full = InformationSystem.objects.create(unit=tree['a'], code='A-HT1', name='Đủ', security_level=2)
    InformationSystem.objects.create(unit=tree['a'], code='A-HT2', name='Thiếu')
    VirtualMachine.objects.create(unit=tree['a'], name='vm-1', vcpus=2, memory_mib=2048).systems.add(full)
    VirtualMachine.objects.create(unit=tree['a'], name='vm-2', vcpus=2, memory_mib=2048)  # no system: a finding
    page = web('officer_a').get(reverse('surveys:campaignassignment_detail', args=[a.pk])).content.decode()
    assert 'data-completeness' in page and '48%' in page  # 1 of 2 systems complete, one finding: 50 − 2
    assert '1 trên 2 hệ thống' in page
    service.start(users['officer_a'], a)
    service.submit(users['officer_a'], a)
    with pytest.raises(ValidationError) as refused:
        service.close(users['admin'], campaign)
    assert '1' in refused.value.messages[0]
    campaign.refresh_from_db()
    assert campaign.state == 'launched'
    service.approve(users['admin'], mine(campaign, tree['a']))
    assert service.close(users['admin'], campaign).state == 'closed'


def test_history_reads_as_labels_not_codes(campaign, web):
    page = web('admin').get(reverse('surveys:campaign_detail', args=[campaign.pk])).content.decode()
    history = page.split('data-history', 1)[1]
    assert 'Trạng thái' in history and '→ Đã triển khai' in history and '→ launched' not in history
    assert 'launched_at' not in history


def test_campaign_form_ticks_categories_and_the_page_names_them(web, tree, five_units):
    client = web('admin')
    form = client.get(reverse('surveys:campaign_add')).content.decode()
    assert 'type="checkbox" name="system_categories" value="portal"' in form and 'size="10"' in form
    response = client.post(reverse('surveys:campaign_add'), {
        'unit': tree['root'].pk, 'name': 'Đợt theo nhóm', 'units': [u.pk for u in five_units],
        'system_categories': ['portal', 'database'], 'end_date': '30/06/2027'})
    assert response.status_code == 302
    campaign = Campaign.objects.get(name='Đợt theo nhóm')
    assert campaign.system_categories == ['portal', 'database'] and campaign.units.count() == 5
    page = client.get(reverse('surveys:campaign_detail', args=[campaign.pk])).content.decode()
    assert '[&#x27;portal' not in page and '[]' not in page


def test_home_page_shows_what_waits_for_the_user(campaign, web, users, tree):
    officer_home = web('officer_a').get(reverse('core:home')).content.decode()
    link = reverse('surveys:campaignassignment_detail', args=[mine(campaign, tree['a']).pk])
    other = reverse('surveys:campaignassignment_detail', args=[mine(campaign, tree['b']).pk])
    assert 'data-waiting' in officer_home and link in officer_home and other not in officer_home
    assert 'data-waiting' not in web('admin').get(reverse('core:home')).content.decode()  # nothing submitted yet
    a = mine(campaign, tree['a'])
    service.start(users['officer_a'], a)
    service.submit(users['officer_a'], a)
    admin_home = web('admin').get(reverse('core:home')).content.decode()
    assert 'data-waiting' in admin_home and reverse('surveys:campaignassignment_detail', args=[a.pk]) in admin_home
    assert reverse('surveys:campaignassignment_detail', args=[a.pk]) not in web('officer_a').get(
        reverse('core:home')).content.decode()  # submitted: no longer waiting for the unit
