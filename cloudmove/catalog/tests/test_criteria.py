"""Criteria sets and provider evaluations: acceptance B (matrix, scores, ranking, exclusion honoured by
the API and the eligibility service) and C (a new version leaves past evaluations as they were), the
freeze of published sets, import/export round trips, refused imports and permissions."""

import io
import re

import pytest
import yaml
from django.urls import reverse
from python_calamine import CalamineWorkbook

from cloudmove.catalog import models as m
from cloudmove.catalog.services import criteria_io, demo_criteria, eligibility
from cloudmove.catalog.services import evaluations as service
from cloudmove.core.models import AuditRecord
from cloudmove.inventory.models import InformationSystem


@pytest.fixture
def demo(db):
    providers = demo_criteria.demo_providers()
    demo_criteria.load_criteria(providers)
    return {'set': m.CriteriaSet.objects.get(code='MIC-CLOUD', version=1), **providers}


def answers_of(criteria_set):
    return sorted(m.EvaluationAnswer.objects.filter(evaluation__criteria_set=criteria_set).values_list(
        'evaluation__provider__code', 'criterion_id', 'criterion__code', 'result', 'evidence'))


def scores(criteria_set):
    return {c.provider.code: (c.outcome.score, c.outcome.excluded, c.position) for c in service.ranking(criteria_set)}


# ---------------------------------------------------------------- demo data

def test_demo_set_has_the_mic_structure_and_loading_twice_changes_nothing(demo):
    criteria_set = demo['set']
    assert criteria_set.state == 'published' and criteria_set.legal_basis == '1145/BTTTT-CATTT (2020)'
    assert 'minh hoạ' in criteria_set.description.lower() and 'không phải văn bản gốc' in criteria_set.description
    groups = list(criteria_set.groups.order_by('order'))
    assert [g.name_en for g in groups] == ['Technical criteria', 'Information security criteria']
    assert [f.name_en for f in groups[0].features.order_by('order')] == [
        'Virtual machines', 'Storage devices', 'Networks and software-defined networking', 'Physical machines',
        'Administration and operation', 'Integration and other requirements']
    assert [f.name_en for f in groups[1].features.order_by('order')] == [
        'Basic security features', 'Security configuration of the cloud infrastructure']
    for feature in m.CriteriaFeature.objects.filter(group__criteria_set=criteria_set):
        assert 2 <= feature.criteria.count() <= 5
    counts = (m.CriteriaSet.objects.count(), m.Criterion.objects.count(), m.EvaluationAnswer.objects.count(),
              AuditRecord.objects.count())
    assert demo_criteria.load_criteria() == {'criteria_sets': 0, 'evaluations': 0}
    assert counts == (m.CriteriaSet.objects.count(), m.Criterion.objects.count(),
                      m.EvaluationAnswer.objects.count(), AuditRecord.objects.count())


# ---------------------------------------------------------------- acceptance B

def test_acceptance_b_matrix_scores_and_ranking_are_shown(demo, web):
    page = web('leader').get(reverse('catalog:criteria_compare')).content.decode()
    ranked = scores(demo['set'])
    # Only NCC-C is excluded; the others differ in score, best first.
    assert [code for code, (_s, excluded, _p) in ranked.items() if excluded] == ['NCC-C']
    assert len({score for score, _e, _p in ranked.values()}) == 4
    assert sorted(ranked, key=lambda c: ranked[c][2])[-1] == 'NCC-C'
    order = [code for code, _v in sorted(ranked.items(), key=lambda kv: kv[1][2])]
    assert order[:3] == sorted(order[:3], key=lambda c: -ranked[c][0])
    for code, (score, excluded, position) in ranked.items():
        row = re.search(rf'<tr data-provider="{code}" data-position="(\d+)"([^>]*)>(.*?)</tr>', page, re.S)
        assert row, code
        assert int(row.group(1)) == position
        assert ('data-excluded' in row.group(2)) == excluded
        shown = str(score).replace('.', '[.,]')  # 94.6 in English, 94,6 in Vietnamese
        assert re.search(rf'data-score>{shown}<', row.group(3)), code
        assert f'data-column="{code}"' in page
    assert 'data-excluded-flag="NCC-C"' in page and 'data-excluded-flag="NCC-A"' not in page
    # Colour-coded cells: the criterion NCC-C fails shows as "not met" in red.
    assert re.search(r'data-code="ATTT.2.2">.*?table-danger" data-result="not_met"', page, re.S)


def test_failures_only_keeps_the_failing_rows(demo, web):
    client = web('leader')
    url = reverse('catalog:criteria_compare')
    full = client.get(url, {'set': demo['set'].pk}).content.decode()
    failures = client.get(url, {'set': demo['set'].pk, 'failures': '1'}).content.decode()
    assert 'data-code="KT.1.1"' in full and 'data-code="KT.1.1"' not in failures  # met by everyone
    assert 'data-code="ATTT.2.2"' in failures and 'data-code="KT.2.4"' in failures
    assert failures.count('data-row="criterion"') < full.count('data-row="criterion"')


def test_acceptance_b_excluded_provider_is_left_out_by_api_and_service(demo, api, tree):
    ncc_c = demo['NCC-C']
    assert service.exclusions() == {ncc_c.pk: ['ATTT.2.2']}
    rows = {r['code']: r for r in api['officer_a'].get('/api/catalog/providers/', {'page_size': 100}).json()['results']}
    assert rows['NCC-C']['excluded'] is True and rows['NCC-C']['failing_criteria'] == ['ATTT.2.2']
    assert not any(rows[c]['excluded'] for c in ('TINH-CLOUD', 'NCC-A', 'NCC-B'))

    result = eligibility.eligible_providers()
    assert ncc_c not in result.eligible and {p.code for p in result.eligible} >= {'TINH-CLOUD', 'NCC-A', 'NCC-B'}
    assert 'ATTT.2.2' in ' '.join(result.reasons(ncc_c))

    system = InformationSystem.objects.create(unit=tree['a'], code='HT-DVC', name='Cổng dịch vụ công',
                                              security_level=4)
    result = eligibility.eligible_providers(system)
    assert [p.code for p in result.eligible] == ['NCC-A']  # the only one hosting level 4
    assert len(result.reasons(ncc_c)) == 2  # excluded, and level 2 only
    response = api['officer_a'].get('/api/catalog/eligible-providers/', {'system': system.pk}).json()
    assert [p['code'] for p in response['eligible']] == ['NCC-A']
    left = {p['code']: p['reasons'] for p in response['left_out']}
    assert set(left) == {'TINH-CLOUD', 'NCC-B', 'NCC-C'} and all(left.values())
    theirs = InformationSystem.objects.create(unit=tree['b'], code='HT-B', name='Hệ thống B', security_level=1)
    assert api['officer_a'].get('/api/catalog/eligible-providers/', {'system': theirs.pk}).status_code == 404


def test_api_matrix_and_ranking(demo, api):
    data = api['viewer_a'].get(f'/api/catalog/criteria-sets/{demo["set"].pk}/matrix/').json()
    assert {c['provider']['code'] for c in data['columns']} == {'TINH-CLOUD', 'NCC-A', 'NCC-B', 'NCC-C'}
    assert [c['provider']['code'] for c in data['columns'] if c['excluded']] == ['NCC-C']
    ranking = api['viewer_a'].get(f'/api/catalog/criteria-sets/{demo["set"].pk}/ranking/').json()
    assert ranking[-1]['provider']['code'] == 'NCC-C' and [r['position'] for r in ranking] == [1, 2, 3, 4]


def test_matrix_xlsx_opens_and_holds_the_providers(demo, web):
    response = web('leader').get(reverse('catalog:criteria_matrix_xlsx', args=[demo['set'].pk]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert {'Nhà cung cấp A (minh hoạ)', 'Nhà cung cấp C (minh hoạ)'} <= set(rows[0])
    codes = [r[1] for r in rows]
    assert 'ATTT.2.2' in codes and 'KT.1.1' in codes


# ---------------------------------------------------------------- acceptance C and the freeze

def test_acceptance_c_new_version_leaves_past_evaluations_unchanged(demo, web, api):
    old = demo['set']
    answers_before, scores_before = answers_of(old), scores(old)
    criteria_before = list(m.Criterion.objects.filter(feature__group__criteria_set=old).values_list('pk', 'weight'))
    response = web('admin').post(reverse('catalog:criteria_new_version', args=[old.pk]))
    new = m.CriteriaSet.objects.get(code=old.code, version=2)
    assert response.status_code == 302 and response['Location'].endswith(f'/{new.pk}/')
    assert new.state == 'draft' and new.based_on == old
    assert (m.Criterion.objects.filter(feature__group__criteria_set=new).count()
            == m.Criterion.objects.filter(feature__group__criteria_set=old).count())
    assert AuditRecord.objects.filter(object_type='catalog.criterion', action='create',
                                      username='admin').count() == len(criteria_before)
    # Change the draft: a weight and a criterion's text; then publish it.
    criterion = m.Criterion.objects.get(feature__group__criteria_set=new, code='KT.1.4')
    assert api['admin'].patch(f'/api/catalog/criteria/{criterion.pk}/', {'weight': 9, 'mandatory': True},
                              format='json').status_code == 200
    assert api['admin'].post(f'/api/catalog/criteria-sets/{new.pk}/publish/').status_code == 200
    assert service.current_set() == new
    published = AuditRecord.objects.get(object_type='catalog.criteriaset', object_id=str(new.pk), action='update')
    assert published.after == {'state': 'published'} and published.username == 'admin'
    old.refresh_from_db()
    assert old.state == 'retired'  # one version in force; the old one keeps its evaluations
    assert answers_of(old) == answers_before and scores(old) == scores_before
    assert list(m.Criterion.objects.filter(feature__group__criteria_set=old).values_list('pk', 'weight')) == \
        criteria_before
    assert not new.evaluations.exists()
    # Until the providers are evaluated on the new version, the old evaluations decide: NCC-C stays out,
    # and the comparison opens on the version that has evaluations.
    ncc_c = m.Provider.objects.get(code='NCC-C')
    assert ncc_c.pk in service.exclusions() and service.compared_set() == old
    from cloudmove.catalog.services.eligibility import eligible_providers

    left_out = dict(eligible_providers().left_out)
    assert left_out[ncc_c] == ['Không đạt tiêu chí bắt buộc: ATTT.2.2.']


def test_editing_a_published_set_is_refused(demo, api, web):
    criteria_set = demo['set']
    for obj in (criteria_set, m.Criterion.objects.filter(feature__group__criteria_set=criteria_set).first()):
        config_name = obj._meta.model_name
        page = web('admin').get(reverse(f'catalog:{config_name}_detail', args=[obj.pk])).content.decode()
        assert reverse(f'catalog:{config_name}_edit', args=[obj.pk]) not in page  # no edit button on a frozen set
    criterion = m.Criterion.objects.filter(feature__group__criteria_set=criteria_set).first()
    response = api['admin'].patch(f'/api/catalog/criteria/{criterion.pk}/', {'weight': 7}, format='json')
    assert response.status_code == 400 and 'hãy tạo phiên bản mới' in response.content.decode()
    feature = criterion.feature
    response = api['admin'].post('/api/catalog/criteria/', {'feature': feature.pk, 'code': 'X.1', 'text_vi': 'x'},
                                 format='json')
    assert response.status_code == 400
    response = api['admin'].patch(f'/api/catalog/criteria-sets/{criteria_set.pk}/', {'name': 'Đổi tên'},
                                  format='json')
    assert response.status_code == 400
    page = web('admin').post(reverse('catalog:criteriaset_edit', args=[criteria_set.pk]), {
        'code': criteria_set.code, 'version': 1, 'name': 'Đổi tên', 'pass_score': 10})
    assert page.status_code == 200 and 'hãy tạo phiên bản mới' in page.content.decode()
    criterion.refresh_from_db()
    criteria_set.refresh_from_db()
    assert criterion.weight != 7 and criteria_set.name != 'Đổi tên'
    assert not m.Criterion.objects.filter(code='X.1').exists()


def test_deleting_from_a_published_set_is_refused_on_every_path(demo, api, web):
    criteria_set = demo['set']
    criteria = m.Criterion.objects.filter(feature__group__criteria_set=criteria_set)
    count, criterion = criteria.count(), criteria.first()
    response = api['admin'].delete(f'/api/catalog/criteria/{criterion.pk}/')
    assert response.status_code == 400 and 'phiên bản mới' in response.content.decode()
    client = web('admin')
    response = client.post(reverse('catalog:criterion_delete', args=[criterion.pk]), follow=True)
    assert 'phiên bản mới' in response.content.decode()
    response = client.post(reverse('catalog:criterion_bulk_delete'),
                           {'pk': list(criteria.values_list('pk', flat=True)[:3]), 'confirm': '1'}, follow=True)
    assert 'phiên bản mới' in response.content.decode()
    assert criteria.count() == count
    # A draft is still edited freely.
    draft = m.CriteriaSet.objects.create(code='DRAFT', version=1, name='Nháp')
    group = m.CriteriaGroup.objects.create(criteria_set=draft, code='G', name_vi='Nhóm')
    feature = m.CriteriaFeature.objects.create(group=group, code='F', name_vi='Tính năng')
    loose = m.Criterion.objects.create(feature=feature, code='F.1', text_vi='Tiêu chí')
    assert api['admin'].delete(f'/api/catalog/criteria/{loose.pk}/').status_code == 204
    assert not m.Criterion.objects.filter(pk=loose.pk).exists()


def test_a_unit_officer_cannot_change_criteria_or_evaluations(demo, api, web):
    criteria_set = demo['set']
    officer = api['officer_a']
    criterion = m.Criterion.objects.filter(feature__group__criteria_set=criteria_set).first()
    answer = m.EvaluationAnswer.objects.filter(evaluation__provider=demo['NCC-A']).first()
    assert officer.patch(f'/api/catalog/criteria/{criterion.pk}/', {'weight': 2}, format='json').status_code == 403
    assert officer.patch(f'/api/catalog/answers/{answer.pk}/', {'result': 'not_met'},
                         format='json').status_code == 403
    assert officer.post(f'/api/catalog/criteria-sets/{criteria_set.pk}/new-version/').status_code == 403
    client = web('officer_a')
    assert client.post(reverse('catalog:criteria_new_version', args=[criteria_set.pk])).status_code == 403
    sheet = reverse('catalog:evaluation_sheet', args=[answer.evaluation_id])
    assert client.get(sheet).status_code == 200
    assert client.post(sheet, {f'a{answer.pk}-result': 'not_met'}).status_code == 403
    assert client.get(reverse('catalog:criteria_import')).status_code == 403
    answer.refresh_from_db()
    assert answer.result == 'met' and m.CriteriaSet.objects.count() == 1


def test_admin_records_answers_and_completes_an_evaluation(demo, web):
    provider = m.Provider.objects.create(code='NCC-D', name='Nhà cung cấp D', kind='domestic', max_security_level=3)
    client = web('admin')
    response = client.post(reverse('catalog:criteria_start_evaluation', args=[demo['set'].pk]),
                           {'provider': provider.pk})
    evaluation = m.Evaluation.objects.get(provider=provider)
    assert response['Location'] == reverse('catalog:evaluation_sheet', args=[evaluation.pk])
    answers = list(evaluation.answers.select_related('criterion'))
    assert len(answers) == 32 and all(a.result == '' for a in answers)
    data = {f'a{a.pk}-result': 'met' for a in answers}
    first = answers[0]
    data[f'a{first.pk}-evidence'] = 'Biên bản kiểm tra'
    data[f'a{first.pk}-evidence_url'] = 'https://example.vn/bien-ban'
    data['complete'] = '1'
    assert client.post(reverse('catalog:evaluation_sheet', args=[evaluation.pk]), data).status_code == 302
    evaluation.refresh_from_db()
    first.refresh_from_db()
    assert evaluation.state == 'completed' and first.evaluator.username == 'admin'
    assert first.evidence_url == 'https://example.vn/bien-ban'
    assert service.results(evaluation).score == 100.0
    assert AuditRecord.objects.filter(object_type='catalog.evaluationanswer', action='update').count() == 32
    page = client.get(reverse('catalog:evaluation_sheet', args=[evaluation.pk])).content.decode()
    assert 'data-score>100' in page

    # Changing an answer of a completed evaluation reopens it, and says so.
    data = {f'a{a.pk}-result': 'met' for a in answers}
    data[f'a{first.pk}-result'] = 'partial'
    response = client.post(reverse('catalog:evaluation_sheet', args=[evaluation.pk]), data, follow=True)
    evaluation.refresh_from_db()
    assert evaluation.state == 'draft'
    assert any(msg.level_tag == 'warning' for msg in response.context['messages'])


# ---------------------------------------------------------------- import and export

def structure(criteria_set):
    return criteria_io.to_document(criteria_set)['groups']


@pytest.mark.parametrize('fmt', ['yaml', 'xlsx'])
def test_export_then_import_round_trip(demo, web, fmt):
    client = web('admin')
    exported = client.get(reverse('catalog:criteria_export', args=[demo['set'].pk, fmt]))
    assert exported.status_code == 200
    upload = io.BytesIO(exported.content)
    upload.name = f'mic.{fmt}'
    response = client.post(reverse('catalog:criteria_import'), {'file': upload, 'mode': 'version'})
    created = m.CriteriaSet.objects.get(code='MIC-CLOUD', version=2)
    assert response.status_code == 302 and created.state == 'draft' and created.based_on == demo['set']
    assert structure(created) == structure(demo['set'])
    assert created.name == demo['set'].name and created.pass_score == demo['set'].pass_score
    # As a new set, the same file is refused: the code exists.
    upload.seek(0)
    refused = client.post(reverse('catalog:criteria_import'), {'file': upload, 'mode': 'new'})
    assert refused.status_code == 200 and 'MIC-CLOUD' in refused.content.decode()
    assert m.CriteriaSet.objects.count() == 2


def test_an_invalid_yaml_file_is_refused_with_every_problem_and_nothing_written(db, web):
    doc = {'code': 'bad code', 'name': '', 'pass_score': 150, 'groups': [
        {'code': 'G1', 'name_vi': 'Nhóm 1', 'features': [
            {'code': 'F1', 'name_vi': 'Tính năng 1', 'criteria': [
                {'code': 'C1', 'text_vi': 'Tiêu chí 1', 'weight': 'nặng'},
                {'code': 'C1', 'text_vi': '', 'mandatory': 'maybe'}]},
            {'code': 'F2', 'name_vi': 'Tính năng 2', 'criteria': []}]}]}
    upload = io.BytesIO(yaml.safe_dump(doc, allow_unicode=True).encode())
    upload.name = 'bad.yaml'
    before = (m.CriteriaSet.objects.count(), AuditRecord.objects.count())
    response = web('admin').post(reverse('catalog:criteria_import'), {'file': upload, 'mode': 'new'})
    page = response.content.decode()
    problems = re.findall(r'<li>(.*?)</li>', page.split('data-problems', 1)[1].split('</ul>', 1)[0], re.S)
    assert len(problems) == 8, problems
    for needle in ('bad code', 'name', 'pass_score', 'weight', 'C1', 'text_vi', 'mandatory', 'criteria'):
        assert any(needle in p for p in problems), needle
    assert 'nhóm 1 › tính năng 1 › tiêu chí 2' in page
    assert (m.CriteriaSet.objects.count(), AuditRecord.objects.count()) == before


def test_an_invalid_workbook_is_refused_with_sheet_and_row(demo, users):
    data = criteria_io.export_xlsx(demo['set'])
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    set_rows = book.get_sheet_by_name('criteria_set').to_python()
    rows = book.get_sheet_by_name('criteria').to_python()
    rows[3][10] = 'ba'          # weight
    rows[5][7] = ''             # text_vi
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {'in_memory': True})
    for name, content in (('criteria_set', set_rows), ('criteria', rows)):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(content):
            ws.write_row(r, 0, row)
    wb.close()
    before = m.CriteriaSet.objects.count()
    result = criteria_io.import_file(users['admin'], 'bad.xlsx', out.getvalue(), as_new_version=True)
    assert not result.ok and result.criteria_set is None
    assert [(p.place, 'weight' in p.message, 'text_vi' in p.message) for p in result.problems] == [
        ('trang criteria, dòng 4', True, False), ('trang criteria, dòng 6', False, True)]
    assert m.CriteriaSet.objects.count() == before


def test_set_page_offers_new_version_and_publish_to_admins_only(demo, web):
    url = reverse('catalog:criteriaset_detail', args=[demo['set'].pk])
    admin_page = web('admin').get(url).content.decode()
    assert 'data-new-version' in admin_page and 'data-publish' not in admin_page  # already published
    assert 'data-start-evaluation' not in admin_page  # every provider is evaluated already
    assert reverse('catalog:criteria_compare') in admin_page
    draft = m.CriteriaSet.objects.create(code='NHAP', name='Bộ nháp')
    assert 'data-publish' in web('admin').get(reverse('catalog:criteriaset_detail', args=[draft.pk])).content.decode()
    leader_page = web('leader').get(url).content.decode()
    assert 'data-new-version' not in leader_page and 'data-compare-link' in leader_page
    # Publishing an empty draft is refused with a message; the draft stays a draft.
    web('admin').post(reverse('catalog:criteria_publish', args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == 'draft'


def test_evaluation_page_shows_score_and_a_generic_evaluation_gets_its_lines(demo, api, web):
    ncc_c = m.Evaluation.objects.get(provider=demo['NCC-C'])
    page = web('leader').get(reverse('catalog:evaluation_detail', args=[ncc_c.pk])).content.decode()
    assert 'data-evaluation-panel' in page and 'data-excluded' in page and 'ATTT.2.2' in page
    provider_page = web('leader').get(reverse('catalog:provider_detail', args=[demo['NCC-C'].pk])).content.decode()
    assert 'data-provider-evaluations' in provider_page and 'data-excluded' in provider_page
    provider_page = web('leader').get(reverse('catalog:provider_detail', args=[demo['NCC-A'].pk])).content.decode()
    assert 'data-provider-evaluations' in provider_page and 'data-excluded' not in provider_page
    provider = m.Provider.objects.create(code='NCC-E', name='Nhà cung cấp E', kind='domestic')
    response = api['admin'].post('/api/catalog/evaluations/', {'provider': provider.pk,
                                                               'criteria_set': demo['set'].pk}, format='json')
    evaluation = m.Evaluation.objects.get(pk=response.json()['id'])
    sheet = reverse('catalog:evaluation_sheet', args=[evaluation.pk])
    assert 'data-fill' in web('admin').get(sheet).content.decode()
    web('admin').post(sheet, {'fill': '1'})
    assert evaluation.answers.count() == 32 and not service.missing_criteria(evaluation).exists()
    results = api['leader'].get(f'/api/catalog/evaluations/{evaluation.pk}/results/').json()
    assert results['answered'] == 0 and results['total'] == 32 and results['excluded'] is False


def test_evidence_files_are_checked_and_downloaded(demo, web, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    answer = m.EvaluationAnswer.objects.filter(evaluation__provider=demo['NCC-B']).order_by('pk').first()
    sheet = reverse('catalog:evaluation_sheet', args=[answer.evaluation_id])
    client = web('admin')
    fake = SimpleUploadedFile('bien-ban.pdf', b'MZ not a pdf', content_type='application/pdf')
    response = client.post(sheet, {f'a{answer.pk}-result': 'met', f'a{answer.pk}-evidence_file': fake})
    answer.refresh_from_db()
    assert response.status_code == 200 and not answer.evidence_file
    pdf = SimpleUploadedFile('bien-ban.pdf', b'%PDF-1.4 minimal', content_type='application/pdf')
    assert client.post(sheet, {f'a{answer.pk}-result': 'met', f'a{answer.pk}-evidence_file': pdf}).status_code == 302
    answer.refresh_from_db()
    assert answer.evidence_file.name.endswith('.pdf') and answer.evaluator.username == 'admin'
    # The other lines were not in the POST: they keep their results.
    assert not m.EvaluationAnswer.objects.filter(evaluation=answer.evaluation_id, result='').exists()
    download = web('viewer_a').get(reverse('catalog:answer_evidence', args=[answer.pk]))
    assert download.status_code == 200 and b''.join(download.streaming_content) == b'%PDF-1.4 minimal'
    assert 'attachment' in download['Content-Disposition']


def test_matrix_queries_do_not_grow_with_the_number_of_providers(demo, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            matrix = service.matrix(demo['set'])
        return len(ctx.captured_queries), len(matrix.columns)

    before = count()
    for n in range(4):
        provider = m.Provider.objects.create(code=f'NCC-X{n}', name=f'Nhà cung cấp X{n}', kind='domestic')
        service.start_evaluation(provider, demo['set'], users['admin'])
    after = count()
    assert after[1] == before[1] + 4 and after[0] == before[0]


def test_a_yaml_file_repeating_itself_through_aliases_is_refused(db, users):
    criteria = '[' + ', '.join(['*c'] * 99) + ']'
    features = '[' + ', '.join(['*f'] * 99) + ']'
    text = (
        'code: BOMB\nname: x\n'
        'c: &c {code: C1, text_vi: x}\n'
        f'f: &f {{code: F1, name_vi: x, criteria: [*c, {criteria[1:]}}}\n'
        f'groups: [{{code: G1, name_vi: x, features: [*f, {features[1:]}}}]\n'
    )
    result = criteria_io.import_file(users['admin'], 'bomb.yaml', text.encode())
    assert not result.ok and len(result.problems) == 1 and '5000' in result.problems[0].message
    assert not m.CriteriaSet.objects.exists()


def test_an_invalid_line_on_the_sheet_saves_nothing(demo, web):
    evaluation = m.Evaluation.objects.get(provider=demo['NCC-A'])
    first, second = evaluation.answers.order_by('pk')[:2]
    response = web('admin').post(reverse('catalog:evaluation_sheet', args=[evaluation.pk]), {
        f'a{first.pk}-result': 'not_met', f'a{second.pk}-result': 'met', f'a{second.pk}-evidence_url': 'not a link'})
    assert response.status_code == 200 and 'invalid-feedback' in response.content.decode()
    first.refresh_from_db()
    assert first.result == 'met'
