"""Migration designs end to end: a design opened from the guide, the assessment and the inventory; the
re-IP plan for addresses that collide with other units; what approval lacks, approval, the freeze and new
versions; the rental plan as a .docx that LibreOffice opens; the API, the `design` command, the pages,
scoping and the audit trail.

The province (units of the shared `tree` fixture): DEP-A's system D-A1 (security level 2) on four small
machines (2 vCPU / 4 GiB / 50 GiB) with these addresses, and DEP-B's address space:

    d-a1-1  10.1.0.10     DEP-B uses 10.1.0.10 too              collision (same address)
    d-a1-2  10.1.0.11                                           no conflict
    d-a1-3  192.168.5.20  inside DEP-B's prefix 192.168.5.0/24  collision (prefix)
    d-a1-4  (no address)

The target subnet 10.200.0.0/29 has hosts .1–.6; .1 is the gateway and DEP-B already uses .2, so the
re-IP plan hands out .3, .4, .5 and .6 in machine-name order.
"""

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from cloudmove.assessment.services import runs
from cloudmove.assessment.tests.test_runs import make_providers, make_system, make_vm
from cloudmove.catalog.models import Provider
from cloudmove.conftest import api_client
from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditSource
from cloudmove.core.models import AuditRecord
from cloudmove.core.services import objects
from cloudmove.guidance.services import deployment as guide
from cloudmove.inventory.models import IpAddress, IpPrefix, VirtualNic
from cloudmove.inventory.services import attachments
from cloudmove.planning.engine import reip
from cloudmove.planning.models import DesignMachine, MigrationDesign
from cloudmove.planning.services import designs, rental_plan

API = '/api/planning/designs/'
SUBNET = '10.200.0.0/29'
COMPLETE = {'data_method': 'vm_replication', 'fallback_trigger': 'Dịch vụ gián đoạn quá 4 giờ sau chuyển đổi',
            'fallback_steps': 'Chuyển DNS về máy chủ cũ; khôi phục dữ liệu từ bản sao lưu cuối',
            'fallback_decider': 'Giám đốc Sở A', 'fallback_keep_days': 30, 'landing_zone': 'Tenant SO-A / DMZ'}


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


def address(unit, vm, ip):
    nic = VirtualNic.objects.create(vm=vm, label='Network adapter 1')
    return IpAddress.objects.create(unit=unit, address=ip, vm_nic=nic)


@pytest.fixture
def province(tree, users):
    make_providers()
    a, b = tree['a'], tree['b']
    system = make_system(a, 'D-A1', 2, users_count=1200, internet_facing=True, database='PostgreSQL 12',
                         availability_pct='99.500', rto_hours='8.00')
    vms = [make_vm(a, system, f'd-a1-{k}', 2, 4096, 50) for k in (1, 2, 3, 4)]
    address(a, vms[0], '10.1.0.10')
    address(a, vms[1], '10.1.0.11')
    address(a, vms[2], '192.168.5.20')
    IpAddress.objects.create(unit=b, address='10.1.0.10')
    IpPrefix.objects.create(unit=b, cidr='192.168.5.0/24')
    IpAddress.objects.create(unit=b, address='10.200.0.2')
    other = make_system(b, 'D-B1', 2)
    make_vm(b, other, 'd-b1-1', 2, 4096, 50)
    run = runs.execute(runs.create(None, None, {}))
    assert run.state == 'done'
    return {'system': system, 'other': other, 'vms': vms, 'run': run, 'users': users}


def opened(province, user='officer_a'):
    return designs.open_design(province['users'][user], province['system'])


def machines(design):
    return {m.vm.name: m for m in design.machines.select_related('vm')}


def complete(province, design, **extra):
    return objects.update_object(province['users']['officer_a'], design,
                                 {**COMPLETE, 'target_subnet': SUBNET, **extra})


def approved(province):
    design = complete(province, opened(province))
    designs.plan_reip(design)
    return designs.approve(province['users']['officer_a'], design, 'Nguyễn Văn A, Giám đốc Sở A',
                           date(2030, 1, 15), '15/QĐ-SA')


# ---------------------------------------------------------------- opening a design

def test_a_design_opens_with_the_guide_the_assessment_and_the_inventory(province):
    system, run = province['system'], province['run']
    design = opened(province)
    advice = guide.recommend(system)
    result = runs.latest_for_system(system)
    assert (design.version, design.state, design.assessment_id) == (1, 'draft', run.pk)
    assert design.advised_model == design.deployment_model == advice.model and advice.model
    assert design.assessed_strategy == design.strategy == result.strategy == 'rehost'
    assert design.provider == Provider.objects.get(code=result.best_provider) == Provider.objects.get(
        code='DOMCLOUD')   # the cheaper of the two that may host a level-2 system
    rows = machines(design)
    assert sorted(rows) == ['d-a1-1', 'd-a1-2', 'd-a1-3', 'd-a1-4']
    assert {(m.assessed_flavour, m.assessed_vcpus, m.assessed_memory_mib) for m in rows.values()} == {
        ('d.small', 2.0, 4096.0)}
    assert all(m.assessed_monthly_vnd and m.assessed_monthly_vnd >= 800_000 for m in rows.values())
    # the rental plan's sections are drafted from what the inventory knows
    assert 'D-A1' in design.current_state
    assert '4 machines (8 vCPU, 16 GiB memory, 200 GiB storage)' in design.current_state   # storage from vDisks
    assert '1,200' in design.scope_users and 'Internet' in design.scope_users
    assert 'Security level 2' in design.security_requirements
    assert 'at least 99.5 %' in design.quality_requirements and 'within 8 hours' in design.quality_requirements
    assert 'Art. 48' in design.data_ownership and system.unit.name in design.data_ownership
    assert design.term_years == 3
    # opening again returns the same draft, not a second one
    assert opened(province).pk == design.pk and MigrationDesign.objects.count() == 1


def test_opening_is_scoped_and_audited(province):
    with pytest.raises(scoping.OutOfScope):
        designs.open_design(province['users']['officer_b'], province['system'])
    with pytest.raises(PermissionDenied):
        designs.open_design(province['users']['viewer_a'], province['system'])
    assert MigrationDesign.objects.count() == 0
    with audit.context(AuditSource.UI, user=province['users']['officer_a']):
        design = opened(province)
    kinds = set(AuditRecord.objects.filter(action='create').values_list('object_type', flat=True))
    assert {'planning.migrationdesign', 'planning.designmachine'} <= kinds
    assert AuditRecord.objects.filter(object_type='planning.designmachine', action='create').count() == 4
    assert AuditRecord.objects.filter(object_type='planning.migrationdesign', object_id=str(design.pk),
                                      user_id=province['users']['officer_a'].pk).exists()


def test_departing_from_the_guide_and_overriding_sizing_need_a_reason(province):
    design = opened(province)
    officer = province['users']['officer_a']
    other = next(m for m in ('public', 'private', 'community', 'hybrid') if m != design.advised_model)
    with pytest.raises(ValidationError) as refused:
        objects.update_object(officer, design, {'deployment_model': other})
    assert 'deployment_reason' in refused.value.message_dict
    objects.update_object(officer, design, {'deployment_model': other, 'deployment_reason': 'Chủ trương của tỉnh'})
    row = machines(design)['d-a1-1']
    with pytest.raises(ValidationError) as refused:
        objects.update_object(officer, row, {'vcpus': 8})
    assert 'sizing_reason' in refused.value.message_dict
    objects.update_object(officer, row, {'vcpus': 8, 'sizing_reason': 'Mùa cao điểm nộp hồ sơ'})
    row.refresh_from_db()
    assert (row.vcpus, row.assessed_vcpus) == (8, 2.0)


# ---------------------------------------------------------------- re-addressing

def test_colliding_addresses_are_re_addressed_into_the_target_subnet(province):
    design = opened(province)
    rows = machines(design)
    # without a subnet: collisions are found but have nowhere to go
    assert {n: (m.current_ip, m.reip, m.target_ip) for n, m in rows.items()} == {
        'd-a1-1': ('10.1.0.10', 'collision', None), 'd-a1-2': ('10.1.0.11', 'keep', '10.1.0.11'),
        'd-a1-3': ('192.168.5.20', 'collision', None), 'd-a1-4': (None, 'no_address', None)}
    assert 'reip' in {m['code'] for m in designs.missing(design)}
    design = complete(province, design)
    plan = designs.plan_reip(design)
    rows = machines(design)
    assert {n: (m.reip, m.target_ip) for n, m in rows.items()} == {
        'd-a1-1': ('collision', '10.200.0.3'), 'd-a1-2': ('outside', '10.200.0.4'),
        'd-a1-3': ('collision', '10.200.0.5'), 'd-a1-4': ('no_address', None)}
    assert (plan.changed, plan.exhausted, plan.missing_subnet) == (3, 0, 0)
    assert 'reip' not in {m['code'] for m in designs.missing(design)}
    # a hand-chosen address is kept on re-planning; one outside the subnet is refused
    officer = province['users']['officer_a']
    objects.update_object(officer, rows['d-a1-2'], {'target_ip': '10.200.0.6'})
    with pytest.raises(ValidationError) as refused:
        objects.update_object(officer, rows['d-a1-3'], {'target_ip': '10.9.9.9'})
    assert 'target_ip' in refused.value.message_dict
    designs.plan_reip(design)
    assert machines(design)['d-a1-2'].target_ip == '10.200.0.6'


def test_another_design_does_not_take_addresses_already_planned(province):
    designs.plan_reip(complete(province, opened(province)))
    admin = province['users']['admin']
    other = designs.open_design(admin, province['other'])
    objects.update_object(admin, other, {'target_subnet': SUBNET})
    plan = designs.plan_reip(other)
    # d-b1-1 has no address in the inventory: nothing to move; give it one outside the subnet
    assert plan.changed == 0
    row = other.machines.get()
    address(province['other'].unit, row.vm, '172.16.0.9')
    plan = designs.plan_reip(other)
    row.refresh_from_db()
    assert (row.reip, row.target_ip) == ('outside', '10.200.0.6')   # .3–.5 are D-A1's
    third = make_system(province['other'].unit, 'D-B2', 2)
    vm = make_vm(province['other'].unit, third, 'd-b2-1', 2, 4096, 50)
    address(province['other'].unit, vm, '172.16.0.10')
    late = designs.open_design(admin, third)
    objects.update_object(admin, late, {'target_subnet': SUBNET})
    plan = designs.plan_reip(late)
    assert plan.exhausted == 1 and late.machines.get().target_ip is None


def test_reip_engine_keeps_reserves_and_reports():
    rows = reip.plan([('a', '10.0.0.5'), ('b', '10.0.1.5'), ('c', None), ('d', '10.0.0.9')], {'10.0.0.5'},
                     '10.0.0.0/28', taken={'10.0.0.2', '10.0.0.9'}, fixed={'d': '10.0.0.9'})
    assert [(r.key, r.target, r.reason) for r in rows.rows] == [
        ('a', '10.0.0.3', 'collision'), ('b', '10.0.0.4', 'outside'), ('c', None, 'no_address'),
        ('d', '10.0.0.9', 'keep')]
    assert reip.plan([('a', '10.0.0.5')], {'10.0.0.5'}).missing_subnet == 1
    six = reip.plan([('a', 'fd00::5')], {'fd00::5'}, 'fd00:1::/126')
    assert [r.target for r in six.rows] == ['fd00:1::2']
    full = reip.plan([('a', '10.0.0.5'), ('b', '10.0.0.6')], set(), '192.168.0.0/30')
    assert [r.target for r in full.rows] == ['192.168.0.2', None] and full.exhausted == 1
    with pytest.raises(ValueError):
        reip.parse_subnet('10.0.0.0/33')


# ---------------------------------------------------------------- approval, freeze, versions

def test_approval_lists_everything_missing_then_freezes_the_design(province):
    officer = province['users']['officer_a']
    design = opened(province)
    with pytest.raises(designs.Incomplete) as refused:
        designs.approve(officer, design, '', None, '')
    codes = {m['code'] for m in refused.value.missing}
    assert {'data_method', 'fallback_trigger', 'fallback_steps', 'fallback_decider', 'fallback_keep_days',
            'reip', 'approver', 'approval_reference'} == codes
    assert all(m['message'] for m in refused.value.missing)
    design = approved(province)
    assert (design.state, design.approver, design.approval_reference, design.approved_on, design.approved_by) == (
        'approved', 'Nguyễn Văn A, Giám đốc Sở A', '15/QĐ-SA', date(2030, 1, 15), officer)
    assert design.frozen and machines(design)['d-a1-1'].frozen
    for change in (lambda: objects.update_object(officer, design, {'notes': 'x'}),
                   lambda: objects.delete_object(officer, design),
                   lambda: objects.update_object(officer, machines(design)['d-a1-1'], {'target_ip': '10.200.0.6'}),
                   lambda: objects.create_object(officer, DesignMachine, {'design': design,
                                                                         'vm': province['vms'][0]}),
                   lambda: designs.plan_reip(design),
                   lambda: attachments.attach(officer, design, SimpleUploadedFile('a.pdf', b'%PDF-1.4 x'), 'design')):
        with pytest.raises(ValidationError):
            change()
    assert AuditRecord.objects.filter(object_type='planning.migrationdesign', action='update',
                                      object_id=str(design.pk)).exists()


def test_a_new_version_copies_the_design_and_supersedes_it_when_approved(province):
    officer = province['users']['officer_a']
    v1 = approved(province)
    v2 = designs.open_design(officer, province['system'])
    assert (v2.version, v2.state, v2.based_on_id) == (2, 'draft', v1.pk)
    assert (v2.fallback_steps, v2.target_subnet, v2.landing_zone) == (v1.fallback_steps, SUBNET, v1.landing_zone)
    assert {n: m.target_ip for n, m in machines(v2).items()} == {n: m.target_ip for n, m in machines(v1).items()}
    assert designs.current(province['system']) == v2 and designs.approved(province['system']) == v1
    objects.update_object(officer, v2, {'term_years': 5})
    designs.approve(officer, v2, 'Nguyễn Văn A, Giám đốc Sở A', None, '20/QĐ-SA')
    v1.refresh_from_db()
    assert v1.state == 'superseded' and designs.approved(province['system']).pk == v2.pk
    with pytest.raises(ValidationError):
        objects.update_object(officer, v2, {'term_years': 6})   # frozen, and out of 1–5 anyway


# ---------------------------------------------------------------- the rental plan

def text_of(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return '\n'.join(parts)


def test_rental_plan_has_every_article_54_section_filled_from_the_design(province, tmp_path):
    design = approved(province)
    data = rental_plan.build(design)
    document = docx.Document(io.BytesIO(data))
    text = text_of(document)
    for heading in ('Current state and need', 'Scope and users',
                    'Quality, technical, connectivity and security requirements',
                    'Data ownership and hand-over at the end of the term', 'Term', 'Cost estimate',
                    'How the move is done and the fallback plan'):
        assert heading in text, heading
    for name in ('current_state', 'scope_users', 'quality_requirements', 'technical_requirements',
                 'connectivity_requirements', 'security_requirements', 'data_ownership', 'fallback_steps'):
        assert getattr(design, name).splitlines()[0].strip() in text, name
    assert '3 years' in text and '15/QĐ-SA' in text and 'Nguyễn Văn A, Giám đốc Sở A' in text
    # the estimate: the assessment's monthly cost of the chosen provider × 12 × the term
    estimate = rental_plan.cost_estimate(design)
    result = runs.latest_for_system(province['system'])
    chosen = estimate['rows'][0]
    assert chosen['provider'] == 'DOMCLOUD' and chosen['chosen']
    assert chosen['term_vnd'] == result.costs['DOMCLOUD'] * 12 * 3
    assert f"{chosen['term_vnd']:,}" in text
    assert '10.200.0.3' in text                        # the target machines with their new addresses
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.styles['Normal'].font.name == 'Times New Roman'


def soffice(path, to, outdir):
    exe = shutil.which('soffice') or shutil.which('libreoffice')
    assert exe, 'LibreOffice is needed (scripts/ensure-libreoffice installs it)'
    done = subprocess.run([exe, f'-env:UserInstallation=file://{outdir}/profile', '--headless', '--convert-to', to,
                           '--outdir', str(outdir), str(path)], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode(errors='replace')
    return outdir / (path.stem + '.' + to.split(':')[0])


def test_libreoffice_opens_the_rental_plan(province, tmp_path):
    design = approved(province)
    path = tmp_path / 'rental-plan.docx'
    with translation.override('vi'):
        path.write_bytes(rental_plan.build(design))
    pdf = soffice(path, 'pdf', tmp_path)
    assert pdf.read_bytes()[:5] == b'%PDF-' and pdf.stat().st_size > 5000
    txt = soffice(path, 'txt:Text (encoded):UTF8', tmp_path).read_text(encoding='utf-8-sig')
    for words in ('KẾ HOẠCH THUÊ DỊCH VỤ CÔNG NGHỆ THÔNG TIN', 'Hiện trạng và nhu cầu', 'Dự toán kinh phí',
                  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', design.fallback_steps, design.system.name):
        assert words in txt, words


# ---------------------------------------------------------------- API, command, pages

def test_api_opens_approves_and_downloads(province):
    officer, other = api_client(province['users']['officer_a']), api_client(province['users']['officer_b'])
    system = province['system']
    assert other.post(API, {'system': system.pk}, format='json').status_code == 400
    response = officer.post(API, {'system': system.pk}, format='json')
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body['version'], body['state'], body['strategy'], body['assessment']) == (
        1, 'draft', 'rehost', province['run'].pk)
    pk = body['id']
    assert other.get(f'{API}{pk}/').status_code == 404
    assert pk not in [d['id'] for d in other.get(API).json()['results']]
    refused = officer.post(f'{API}{pk}/approve/', {}, format='json')
    assert refused.status_code == 409
    assert {'fallback_steps', 'approver'} <= {m['code'] for m in refused.json()['missing']}
    assert other.post(f'{API}{pk}/approve/', {}, format='json').status_code == 404
    assert officer.patch(f'{API}{pk}/', {**COMPLETE, 'target_subnet': SUBNET}, format='json').status_code == 200
    plan = officer.post(f'{API}{pk}/reip/', {}, format='json').json()
    assert plan['changed'] == 3
    ok = officer.post(f'{API}{pk}/approve/', {'approver': 'Nguyễn Văn A, Giám đốc', 'approval_reference': '1/QĐ',
                                              'approved_on': '2030-02-01'}, format='json')
    assert ok.status_code == 200 and ok.json()['state'] == 'approved' and ok.json()['approved_on'] == '2030-02-01'
    assert officer.patch(f'{API}{pk}/', {'notes': 'changed'}, format='json').status_code == 400
    doc = officer.get(f'{API}{pk}/rental-plan/')
    assert doc.status_code == 200 and doc['Content-Type'].startswith('application/vnd.openxmlformats')
    assert zipfile.is_zipfile(io.BytesIO(doc.content))
    assert other.get(f'{API}{pk}/rental-plan/').status_code == 404
    again = officer.post(f'{API}{pk}/new-version/', {}, format='json')
    assert again.status_code == 201 and again.json()['version'] == 2


def test_design_command(province, tmp_path, capsys):
    code = province['system'].code
    with pytest.raises(CommandError, match='no migration design'):
        call_command('design', 'rental-plan', code, '-o', str(tmp_path / 'x.docx'))
    call_command('design', 'open', code)
    with pytest.raises(CommandError) as refused:
        call_command('design', 'approve', code, '--approver', 'A', '--reference', 'R')
    assert 'Fallback plan: list its steps.' in str(refused.value)
    design = designs.current(province['system'])
    objects.update_object(province['users']['admin'], design, {**COMPLETE, 'target_subnet': SUBNET})
    call_command('design', 'reip', code)
    call_command('design', 'approve', code, '--approver', 'Nguyễn Văn A', '--reference', '3/QĐ-SA',
                 '--on', '2030-03-01')
    out = tmp_path / 'plan.docx'
    call_command('design', 'rental-plan', code, '-o', str(out))
    assert 'Current state and need' in text_of(docx.Document(out))
    capsys.readouterr()
    call_command('design', 'show', code, '--json')
    shown = json.loads(capsys.readouterr().out)
    assert (shown['state'], shown['approval_reference'], shown['missing']) == ('approved', '3/QĐ-SA', [])
    assert {m['vm__name']: m['target_ip'] for m in shown['machines']}['d-a1-1'] == '10.200.0.3'
    with pytest.raises(CommandError, match='No information system'):
        call_command('design', 'show', 'NOPE')


def english_client(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = 'en'
    return client


def test_pages_open_show_and_approve(province, client, no_2fa):
    officer = english_client(client, province['users']['officer_a'])
    system = province['system']
    page = officer.get(reverse('inventory:informationsystem_detail', args=[system.pk])).content.decode()
    assert 'data-open-design' in page
    response = officer.post(reverse('planning:design_open', args=[system.pk]))
    design = designs.current(system)
    assert response.status_code == 302 and response['Location'] == reverse(
        'planning:migrationdesign_detail', args=[design.pk])
    page = officer.get(response['Location']).content.decode()
    assert 'data-approve-form' in page and 'Fallback plan: list its steps.' in page
    assert 'd-a1-1' in page and 'd.small' in page                      # the machines with their sizing
    complete(province, design)
    officer.post(reverse('planning:design_reip', args=[design.pk]))
    officer.post(reverse('planning:design_approve', args=[design.pk]),
                 {'approver': 'Nguyễn Văn A', 'approval_reference': '9/QĐ-SA', 'approved_on': '2030-04-01'})
    design.refresh_from_db()
    assert design.state == 'approved'
    page = officer.get(reverse('planning:migrationdesign_detail', args=[design.pk])).content.decode()
    assert 'data-approve-form' not in page and 'data-design-new-version' in page
    assert reverse('planning:migrationdesign_edit', args=[design.pk]) not in page
    doc = officer.get(reverse('planning:design_rental_plan', args=[design.pk]))
    assert doc.status_code == 200 and 'rental-plan-D-A1-v1.docx' in doc['Content-Disposition']
    listing = officer.get(reverse('planning:migrationdesign_list')).content.decode()
    assert 'D-A1' in listing


def test_pages_are_scoped(province, client, no_2fa):
    design = opened(province)
    other = english_client(client, province['users']['officer_b'])
    assert other.get(reverse('planning:migrationdesign_detail', args=[design.pk])).status_code == 404
    assert other.get(reverse('planning:design_rental_plan', args=[design.pk])).status_code == 404
    assert other.post(reverse('planning:design_approve', args=[design.pk]), {}).status_code == 404
    assert other.post(reverse('planning:design_open', args=[province['system'].pk])).status_code == 404
    assert 'D-A1' not in other.get(reverse('planning:migrationdesign_list')).content.decode()


def test_home_page_counts_the_users_designs(province, client, no_2fa):
    approved(province)
    designs.open_design(province['users']['admin'], province['other'])
    page = english_client(client, province['users']['officer_a']).get('/').content.decode()
    assert reverse('planning:migrationdesign_list') in page and '1 approved, 0 in draft' in page
    client.logout()
    page = english_client(client, province['users']['admin']).get('/').content.decode()
    assert '1 approved, 1 in draft' in page


def test_the_estimate_keeps_the_figures_of_the_designs_own_assessment(province):
    design = approved(province)
    before = runs.latest_for_system(province['system']).costs['DOMCLOUD']
    vm = province['vms'][0]
    vm.vcpus, vm.memory_mib = 4, 8192          # a larger flavour in a later assessment
    vm.save()
    later = runs.execute(runs.create(None, None, {}))
    after = runs.latest_for_system(province['system'])
    assert after.run_id == later.pk and after.costs['DOMCLOUD'] > before
    estimate = rental_plan.cost_estimate(design)
    assert estimate['run'].pk == province['run'].pk == design.assessment_id
    assert estimate['rows'][0]['term_vnd'] == before * 12 * 3
    # a new version is made from the latest assessment, and so is its estimate
    v2 = designs.open_design(province['users']['officer_a'], province['system'])
    assert v2.assessment_id == later.pk
    assert rental_plan.cost_estimate(v2)['rows'][0]['term_vnd'] == after.costs['DOMCLOUD'] * 12 * 3
    assert machines(v2)['d-a1-1'].assessed_flavour == 'd.medium'
