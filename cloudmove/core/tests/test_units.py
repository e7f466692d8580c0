"""Units as a tree; the demo province; the unit and user commands."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cloudmove.core import demo_data
from cloudmove.core.models import AuditRecord, Unit, User
from cloudmove.core.services import demo


def test_moving_a_unit_moves_its_subtree(tree):
    a = tree['a']
    a.parent = tree['b']
    a.save()
    assert Unit.objects.get(code='DEP-A1').path == '/ROOT/DEP-B/DEP-A/DEP-A1/'
    assert Unit.objects.get(code='DEP-A1').depth == 3


def test_a_unit_cannot_move_under_itself(tree):
    a = tree['a']
    a.parent = tree['a1']
    with pytest.raises(ValidationError):
        a.full_clean()


def test_unit_add_command(tree):
    out = io.StringIO()
    call_command('unit', 'add', 'DEP-A2', '--name-vi', 'Phòng A2', '--name-en', 'Office A2', '--kind', 'dept',
                 '--parent', 'DEP-A', stdout=out)
    unit = Unit.objects.get(code='DEP-A2')
    assert unit.path == '/ROOT/DEP-A/DEP-A2/' and unit.name_en == 'Office A2'
    with pytest.raises(CommandError, match='NOPE'):
        call_command('unit', 'add', 'X1', '--name-vi', 'X', '--parent', 'NOPE')
    with pytest.raises(CommandError):
        call_command('unit', 'add', 'bad code', '--name-vi', 'X', '--kind', 'dept')


def test_user_add_reads_password_from_stdin(tree, monkeypatch):
    monkeypatch.setattr('sys.stdin', io.StringIO('A-Str0ng-Passphrase!\n'))
    call_command('user', 'add', 'cb.new', '--role', 'unit_officer', '--unit', 'DEP-B', stdout=io.StringIO())
    user = User.objects.get(username='cb.new')
    assert user.check_password('A-Str0ng-Passphrase!') and user.unit.code == 'DEP-B'
    monkeypatch.setattr('sys.stdin', io.StringIO('weak\n'))
    with pytest.raises(CommandError):
        call_command('user', 'add', 'cb.weak', '--role', 'unit_officer', '--unit', 'DEP-B')
    monkeypatch.setattr('sys.stdin', io.StringIO('A-Str0ng-Passphrase!\n'))
    with pytest.raises(CommandError):
        call_command('user', 'add', 'cb.nounit', '--role', 'unit_officer')


def test_demo_province_is_complete_and_idempotent(db):
    demo.load_demo('Demo-Password-2026', inventory=False)  # the inventory has its own tests
    units = Unit.objects.all()
    assert units.count() == len(demo_data.all_units())
    assert units.filter(kind__code__in=['so', 'ban', 'van-phong']).count() >= 19
    assert units.filter(kind__code__in=['xa', 'phuong']).count() >= 30
    assert units.get(is_programme_office=True).code == 'SKHCN'
    assert all(u.path.startswith('/UBND/') for u in units)
    assert User.objects.filter(username__startswith='cb.').count() == units.count()
    assert User.objects.get(username='cb.x-thoxuan').unit.code == 'X-THOXUAN'
    assert {User.objects.get(username=n).role for n in ('admin', 'lanhdao', 'kiemtoan')} == {
        'admin', 'leader', 'auditor'}
    before_units = list(units.values_list('code', 'name_vi', 'path'))
    trail = AuditRecord.objects.count()
    summary = demo.load_demo('Demo-Password-2026', inventory=False)
    assert all(v == (0, 0) for v in summary.values())
    assert list(Unit.objects.values_list('code', 'name_vi', 'path')) == before_units
    assert AuditRecord.objects.count() == trail
    assert User.objects.get(username='cb.syt').check_password('Demo-Password-2026')


def test_root_serves_the_vietnamese_sign_in_page(client, db):
    response = client.get('/', HTTP_ACCEPT_LANGUAGE='en-US,en;q=0.9')
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="vi">' in html and 'Đăng nhập' in html


def test_admin_creates_a_user_in_the_ui(web, tree):
    from django.urls import reverse

    client = web('admin')
    data = {'username': 'cb.dep-b2', 'full_name': 'Trần Thị B', 'role': 'unit_officer', 'unit': tree['b'].pk,
            'is_active': 'on', 'password1': 'short', 'password2': 'short'}
    response = client.post(reverse('core:user_add'), data)
    assert response.status_code == 200 and not User.objects.filter(username='cb.dep-b2').exists()
    data.update(password1='Another-Str0ng-Pass', password2='Another-Str0ng-Pass')
    response = client.post(reverse('core:user_add'), data)
    assert response.status_code == 302
    user = User.objects.get(username='cb.dep-b2')
    assert user.check_password('Another-Str0ng-Pass') and user.unit == tree['b']
    record = AuditRecord.objects.filter(object_type='core.user', object_id=str(user.pk)).get()
    assert record.after['password'].startswith('sha256:') and 'Another' not in str(record.after)


def test_viewer_and_leader_cannot_change(web, tree, api):
    from django.urls import reverse

    contact = api['admin'].post('/api/contacts/', {'unit': tree['a'].pk, 'full_name': 'Lê Văn C'}, format='json')
    pk = contact.json()['id']
    for name in ('viewer_a', 'leader'):
        client = web(name)
        assert client.get(reverse('core:contact_detail', args=[pk])).status_code == 200
        assert client.get(reverse('core:contact_edit', args=[pk])).status_code == 403
        assert client.post(reverse('core:contact_delete', args=[pk])).status_code == 403
        assert api[name].delete(f'/api/contacts/{pk}/').status_code == 403
    assert web('officer_a').get(reverse('core:contact_edit', args=[pk])).status_code == 200
