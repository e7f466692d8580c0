"""The guide through the services, the API, the pages and the panel on a system's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cloudmove.core.models import AuditRecord
from cloudmove.guidance.models import DeploymentRule
from cloudmove.guidance.services import deployment as service
from cloudmove.inventory.models import Dependency, InformationSystem, PhysicalServer

API = '/api/guidance/deployment-model/'
RULES_API = '/api/guidance/deployment-rules/'


def make_system(unit, code, **values):
    return InformationSystem.objects.create(unit=unit, code=code, name=f'Hệ thống {code}', **values)


@pytest.fixture
def portal(tree):
    """A level-1 portal publishing public information, no personal data."""
    return make_system(tree['a'], 'CONG-TTDT', security_level=1, data_classification='public', personal_data=False,
                       internet_facing=True, category='portal')


@pytest.fixture
def registry_system(tree):
    """A level-3 system holding the personal data of 50,000 citizens."""
    return make_system(tree['a'], 'HT-HOTICH', security_level=3, data_classification='private', personal_data=True,
                       personal_data_subjects=50_000, category='sector_app')


def rules_fired(advice):
    return [r.rule for r in advice.reasons if r.rule]


def test_acceptance_d_different_explained_answers(portal, registry_system):
    assert not DeploymentRule.objects.exists()  # out of the box: the default rules apply
    with translation.override('vi'):
        low, high = service.recommend(portal), service.recommend(registry_system)
    assert low.model == 'public' and high.model == 'community'
    assert low.label != high.label
    for advice in (low, high):
        assert advice.reasons and all(r.text for r in advice.reasons)
    assert rules_fired(low) == ['DM-PUBLIC-INFO']
    assert 'Nghị định 85/2016' in low.reasons[0].text
    assert {'DM-L3-NO-PUBLIC', 'DM-PD10K-NO-PUBLIC', 'DM-PD-COMMUNITY'} <= set(rules_fired(high))
    assert high.ruled_out == [{'model': 'public', 'label': str(high.ruled_out[0]['label']),
                               'rules': ['DM-L3-NO-PUBLIC', 'DM-PD10K-NO-PUBLIC']}]
    assert any('13/2023' in r.text for r in high.reasons)
    # The same answers once the defaults are loaded into the editable table.
    service.load_default_rules()
    assert (service.recommend(portal).model, service.recommend(registry_system).model) == ('public', 'community')


def test_reasons_follow_the_active_language(registry_system):
    with translation.override('en'):
        english = service.recommend(registry_system)
    with translation.override('vi'):
        vietnamese = service.recommend(registry_system)
    assert english.reasons[0].text.startswith('A system at level 3')
    assert vietnamese.reasons[0].text.startswith('Hệ thống cấp độ 3')


def test_load_default_rules_is_idempotent_and_keeps_admin_edits(users):
    created, kept = service.load_default_rules()
    assert created == len(service.default_rules()) and kept == 0
    assert AuditRecord.objects.filter(object_type='guidance.deploymentrule', action='create').count() == created
    DeploymentRule.objects.filter(code='DM-PUBLIC-INFO').update(weight=9)
    assert service.load_default_rules() == (0, created)
    assert DeploymentRule.objects.get(code='DM-PUBLIC-INFO').weight == 9


def test_levels_4_5_and_state_secrets_stay_private(tree):
    national = make_system(tree['a'], 'HT-L4', security_level=4, data_classification='private', internet_facing=True)
    secret = make_system(tree['a'], 'HT-MAT', security_level=3, data_classification='state_secret')
    for system in (national, secret):
        advice = service.recommend(system)
        assert advice.model == 'private' and advice.allowed == ['private']


def test_unknown_level_rules_out_public_and_says_why(tree):
    advice = service.recommend(make_system(tree['a'], 'HT-CHUA-CAP-DO', data_classification='public'))
    assert advice.model == 'community'
    assert rules_fired(advice) == ['DM-LEVEL-UNKNOWN']
    assert advice.reasons[-1].rule == '' and advice.reasons[-1].effect == 'prefer'  # the tie-break, spelled out


def test_integrations_and_on_premises_links_come_from_the_dependencies(tree, registry_system):
    citizen = make_system(tree['a'], 'DVC', security_level=3, data_classification='private', internet_facing=True,
                          personal_data=True, personal_data_subjects=200_000)
    Dependency.objects.create(unit=tree['a'], source_system=citizen, target_external='lgsp')
    Dependency.objects.create(unit=tree['a'], source_system=citizen, target_external='other', target_name='X')
    advice = service.recommend(citizen)
    assert advice.model == 'hybrid' and 'DM-CITIZEN-INTEGRATION' in rules_fired(advice)
    assert service.facts_for_many(InformationSystem.objects.filter(pk=citizen.pk))[citizen.pk].national_platforms \
        == ('lgsp',)

    assert service.recommend(registry_system).model == 'community'
    server = PhysicalServer.objects.create(unit=tree['a'], hostname='db-vatly-01')
    Dependency.objects.create(unit=tree['a'], source_system=registry_system, target_server=server,
                              latency_sensitive=False)
    assert service.recommend(registry_system).model == 'community'  # not latency-sensitive: no effect
    old = make_system(tree['b'], 'HT-CU', lifecycle='retiring')
    Dependency.objects.create(unit=tree['b'], source_system=old, target_system=registry_system, latency_sensitive=True)
    advice = service.recommend(registry_system)
    assert advice.model == 'hybrid' and 'DM-ONPREM-LATENCY' in rules_fired(advice)


def test_an_admin_rule_edit_changes_the_answer(api, web, portal, registry_system):
    service.load_default_rules()
    assert service.recommend(portal).model == 'public'
    response = api['admin'].post(RULES_API, {
        'code': 'DM-NO-PUBLIC', 'order': 5, 'name': 'Không dùng đám mây công cộng',
        'explanation_vi': 'Tỉnh chưa thuê đám mây công cộng.', 'effect': 'exclude', 'models': ['public'],
    }, format='json')
    assert response.status_code == 201, response.content
    advice = service.recommend(portal)
    assert advice.model == 'community' and 'DM-NO-PUBLIC' in rules_fired(advice)
    assert advice.ruled_out[0]['rules'] == ['DM-NO-PUBLIC']

    # Through the edit form: switching the rule off restores the first answer.
    rule = DeploymentRule.objects.get(code='DM-NO-PUBLIC')
    client = web('admin')
    form = client.get(reverse('guidance:deploymentrule_edit', args=[rule.pk]))
    assert form.status_code == 200
    data = {k: v for k, v in form.context['form'].initial.items() if v is not None}
    data.update(active='', models=['public'], data_classifications=[])
    response = client.post(reverse('guidance:deploymentrule_edit', args=[rule.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.active is False and service.recommend(portal).model == 'public'

    # A rule that contradicts the others gives an explicit conflict, not a silent answer.
    api['admin'].post(RULES_API, {'code': 'DM-ONLY-PUBLIC', 'name': 'x', 'explanation_vi': 'x', 'effect': 'require',
                                  'models': ['public'], 'min_security_level': 3}, format='json')
    advice = service.recommend(registry_system)
    assert advice.conflict and advice.model is None and advice.allowed == []
    assert advice.reasons[-1].effect == 'conflict' and 'DM-ONLY-PUBLIC' in advice.reasons[-1].text


def test_rules_are_validated(api):
    def post(**values):
        base = {'code': 'DM-X', 'name': 'x', 'explanation_vi': 'x', 'effect': 'exclude', 'models': ['public']}
        return api['admin'].post(RULES_API, {**base, **values}, format='json')

    assert post(models=['cloud9']).json().keys() == {'models'}
    assert 'models' in post(models=['public', 'private', 'community', 'hybrid']).json()
    assert 'models' in post(models=[]).json()
    assert 'max_security_level' in post(min_security_level=4, max_security_level=2).json()
    assert 'data_classifications' in post(data_classifications=['top']).json()
    assert 'min_data_subjects' in post(personal_data='no', min_data_subjects=10).json()
    assert 'level_determined' in post(level_determined='no', min_security_level=1).json()
    assert not DeploymentRule.objects.exists()
    response = post(models=['public', 'hybrid', 'public'], data_classifications=['public', 'internal'])
    assert response.status_code == 201
    assert DeploymentRule.objects.get().models == ['public', 'hybrid']


def test_a_unit_officer_cannot_change_rules(api, web):
    service.load_default_rules()
    rule = DeploymentRule.objects.get(code='DM-PUBLIC-INFO')
    officer = api['officer_a']
    assert officer.get(f'{RULES_API}{rule.pk}/').status_code == 200  # the rules explain the answers: readable
    assert officer.patch(f'{RULES_API}{rule.pk}/', {'active': False}, format='json').status_code == 403
    assert officer.post(RULES_API, {'code': 'DM-Y', 'name': 'y', 'explanation_vi': 'y', 'effect': 'prefer',
                                    'models': ['public']}, format='json').status_code == 403
    assert officer.delete(f'{RULES_API}{rule.pk}/').status_code == 403
    client = web('officer_a')
    assert client.get(reverse('guidance:deploymentrule_list')).status_code == 200
    assert client.get(reverse('guidance:deploymentrule_edit', args=[rule.pk])).status_code == 403
    assert client.post(reverse('guidance:deploymentrule_edit', args=[rule.pk]), {'active': ''}).status_code == 403
    rule.refresh_from_db()
    assert rule.active


def test_api_answers_within_the_scope_only(api, tree, portal, registry_system):
    other = make_system(tree['b'], 'HT-SO-B', security_level=2)
    response = api['officer_a'].get(API, {'system': registry_system.pk})
    assert response.status_code == 200
    body = response.json()
    assert body['system'] == registry_system.pk and body['model'] == 'community' and body['label']
    assert body['ruled_out'][0]['model'] == 'public'
    assert {'rule', 'text', 'effect'} <= set(body['reasons'][0]) and all(r['text'] for r in body['reasons'])
    assert api['officer_a'].get(API, {'system': other.pk}).status_code == 404
    assert api['officer_b'].get(API, {'system': registry_system.pk}).status_code == 404
    assert api['officer_a'].get(API, {'system': 'abc'}).status_code == 400
    assert api['admin'].get(API, {'system': other.pk}).json()['model'] == 'community'


def test_guide_page_is_scoped(web, tree, portal, registry_system):
    other = make_system(tree['b'], 'HT-SO-B', security_level=2)
    client = web('officer_a')
    page = client.get(reverse('guidance:guide')).content.decode()
    assert f'data-system="{portal.pk}"' in page and f'data-system="{registry_system.pk}"' in page
    assert f'data-system="{other.pk}"' not in page
    page = client.get(reverse('guidance:guide'), {'system': registry_system.pk}).content.decode()
    assert 'data-guide-answer' in page and 'data-deployment-model="community"' in page
    assert 'DM-PD10K-NO-PUBLIC' in page
    assert client.get(reverse('guidance:guide'), {'system': other.pk}).status_code == 404


def test_system_page_shows_the_panel(web, portal, registry_system):
    client = web('officer_a')
    page = client.get(reverse('inventory:informationsystem_detail', args=[registry_system.pk])).content.decode()
    assert 'data-deployment-panel' in page and 'data-deployment-model="community"' in page
    assert 'data-rule="DM-L3-NO-PUBLIC"' in page and 'data-model="public"' in page
    page = client.get(reverse('inventory:informationsystem_detail', args=[portal.pk])).content.decode()
    assert 'data-deployment-model="public"' in page and 'data-rule="DM-PUBLIC-INFO"' in page


def test_recommend_many_queries_do_not_grow_with_the_number_of_systems(tree):
    def build(prefix, n):
        systems = [make_system(tree['a'], f'{prefix}-{i}', security_level=1 + i % 5, personal_data=bool(i % 2),
                               personal_data_subjects=i * 5000, data_classification='private', internet_facing=True)
                   for i in range(n)]
        for s in systems:
            Dependency.objects.create(unit=tree['a'], source_system=s, target_external='ndxp')
            Dependency.objects.create(unit=tree['a'], source_system=s, target_system=systems[0],
                                      latency_sensitive=True)
        return InformationSystem.objects.filter(code__startswith=f'{prefix}-')

    small, large = build('NHO', 2), build('LON', 15)

    def count(qs):
        with CaptureQueriesContext(connection) as ctx:
            result = service.recommend_many(qs)
        return len(ctx.captured_queries), result

    (n_small, r_small), (n_large, r_large) = count(small), count(large)
    assert n_small == n_large <= 4
    assert len(r_small) == 2 and len(r_large) == 15
    assert {a.model for a in r_large.values()} >= {'private', 'hybrid'}
    n_page, page = count(large.order_by('code')[:5])  # a page of a list, as the assessment may pass
    assert n_page == n_small and set(page) == set(large.order_by('code')[:5].values_list('pk', flat=True))
    assert all(page[pk].model == r_large[pk].model for pk in page)


def test_rule_list_offers_the_defaults_to_admins_only(web):
    officer = web('officer_a')
    page = officer.get(reverse('guidance:deploymentrule_list')).content.decode()
    assert 'data-default-rules' in page and reverse('guidance:load_default_rules') not in page
    assert officer.post(reverse('guidance:load_default_rules')).status_code == 403
    assert not DeploymentRule.objects.exists()
    admin = web('admin')
    assert reverse('guidance:load_default_rules') in admin.get(reverse('guidance:deploymentrule_list')).content.decode()
    assert admin.post(reverse('guidance:load_default_rules')).status_code == 302
    assert DeploymentRule.objects.count() == len(service.default_rules())
    assert AuditRecord.objects.filter(object_type='guidance.deploymentrule', source='ui').exists()
    page = admin.get(reverse('guidance:deploymentrule_list')).content.decode()
    assert 'data-default-rules' not in page and 'DM-L45-PRIVATE' in page
