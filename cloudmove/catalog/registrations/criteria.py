"""Criteria sets (groups, features, criteria) and the evaluations of providers."""

from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import forms
from cloudmove.catalog import models as m
from cloudmove.catalog.api import criteria as api
from cloudmove.catalog.views.criteria import criteria_panel
from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register

SAMPLE_CODE = 'MAU'


# Samples for the generated tests (API-style values). Catalogue rows are province-wide reference data,
# so the unit argument is not used; parents are drafts, which may still be changed.
def _set():
    criteria_set, _created = m.CriteriaSet.objects.get_or_create(
        code=SAMPLE_CODE, version=1, defaults={'name': 'Bộ tiêu chí mẫu'})
    return criteria_set


def _group():
    group, _created = m.CriteriaGroup.objects.get_or_create(
        criteria_set=_set(), code='KT', defaults={'name_vi': 'Nhóm kỹ thuật', 'name_en': 'Technical'})
    return group


def _feature():
    feature, _created = m.CriteriaFeature.objects.get_or_create(
        group=_group(), code='KT.1', defaults={'name_vi': 'Máy ảo', 'name_en': 'Virtual machines'})
    return feature


def _criterion(n):
    criterion, _created = m.Criterion.objects.get_or_create(
        feature=_feature(), code=f'KT.1.{n}', defaults={'text_vi': f'Tiêu chí mẫu {n}', 'order': n})
    return criterion


def _provider(n):
    provider, _created = m.Provider.objects.get_or_create(
        code=f'NCC-DG-{n}', defaults={'name': f'Nhà cung cấp đánh giá {n}', 'kind': 'domestic'})
    return provider


def _evaluation():
    evaluation, _created = m.Evaluation.objects.get_or_create(provider=_provider(0), criteria_set=_set())
    return evaluation


register(ModelConfig(
    model=m.CriteriaSet, slug='criteria-sets', section='catalog', api_prefix='catalog/criteria-sets',
    list_columns=('code', 'version', 'name', 'state', 'legal_basis', 'based_on', 'pass_score', 'updated_at'),
    search_fields=('code', 'name', 'description', 'legal_basis'),
    filter_fields=('code', 'state'),
    form_fields=('code', 'version', 'name', 'description', 'legal_basis', 'pass_score'),
    detail_fields=('code', 'version', 'name', 'state', 'legal_basis', 'based_on', 'pass_score', 'description'),
    form_class=forms.CriteriaSetForm, serializer_class=api.CriteriaSetSerializer,
    related=((_('Criteria groups'), 'groups', ('code', 'name_vi', 'name_en', 'order')),
             (_('Provider evaluations'), 'evaluations', ('provider', 'state', 'evaluated_on', 'evaluator')),
             (_('Later versions'), 'later_versions', ('code', 'version', 'state'))),
    sample=lambda unit, n: {'code': f'BTC-{n}', 'version': 1, 'name': f'Bộ tiêu chí {n}',
                            'description': f'Mô tả {n}', 'legal_basis': '1145/BTTTT-CATTT', 'pass_score': 50 + n},
))

register(ModelConfig(
    model=m.CriteriaGroup, slug='criteria-groups', section='catalog', api_prefix='catalog/criteria-groups', nav=False,
    list_columns=('code', 'name_vi', 'name_en', 'criteria_set', 'order'),
    search_fields=('code', 'name_vi', 'name_en'),
    filter_fields=('criteria_set',),
    form_fields=('criteria_set', 'code', 'name_vi', 'name_en', 'order'),
    form_class=forms.CriteriaGroupForm, serializer_class=api.CriteriaGroupSerializer,
    related=((_('Criteria features'), 'features', ('code', 'name_vi', 'name_en', 'order')),),
    sample=lambda unit, n: {'criteria_set': _set().pk, 'code': f'N{n}', 'name_vi': f'Nhóm {n}',
                            'name_en': f'Group {n}', 'order': n},
))

register(ModelConfig(
    model=m.CriteriaFeature, slug='criteria-features', section='catalog', api_prefix='catalog/criteria-features',
    nav=False,
    list_columns=('code', 'name_vi', 'name_en', 'group', 'order'),
    search_fields=('code', 'name_vi', 'name_en'),
    filter_fields=('group', 'group__criteria_set'),
    form_fields=('group', 'code', 'name_vi', 'name_en', 'order'),
    select_related=('group',),
    form_class=forms.CriteriaFeatureForm, serializer_class=api.CriteriaFeatureSerializer,
    related=((_('Criteria'), 'criteria', ('code', 'text_vi', 'mandatory', 'weight')),),
    sample=lambda unit, n: {'group': _group().pk, 'code': f'TN.{n}', 'name_vi': f'Tính năng {n}',
                            'name_en': f'Feature {n}', 'order': n},
))

register(ModelConfig(
    model=m.Criterion, slug='criteria', section='catalog', api_prefix='catalog/criteria', nav=False,
    list_columns=('code', 'text_vi', 'feature', 'mandatory', 'weight', 'order'),
    search_fields=('code', 'text_vi', 'text_en'),
    filter_fields=('feature', 'feature__group__criteria_set', 'mandatory'),
    form_fields=('feature', 'code', 'text_vi', 'text_en', 'mandatory', 'weight', 'order'),
    select_related=('feature',),
    form_class=forms.CriterionForm, serializer_class=api.CriterionSerializer,
    sample=lambda unit, n: {'feature': _feature().pk, 'code': f'TC.{n}', 'text_vi': f'Tiêu chí {n}',
                            'text_en': f'Criterion {n}', 'mandatory': bool(n % 2), 'weight': 1 + n % 3,
                            'order': n},
))

register(ModelConfig(
    model=m.Evaluation, slug='evaluations', section='catalog', api_prefix='catalog/evaluations',
    list_columns=('provider', 'criteria_set', 'state', 'evaluated_on', 'evaluator'),
    search_fields=('provider__code', 'provider__name', 'criteria_set__code', 'notes'),
    filter_fields=('provider', 'criteria_set', 'state'),
    form_fields=('provider', 'criteria_set', 'evaluated_on', 'state', 'notes'),
    detail_fields=('provider', 'criteria_set', 'state', 'evaluator', 'evaluated_on', 'notes'),
    select_related=('provider', 'criteria_set', 'evaluator'),
    serializer_class=api.EvaluationSerializer,
    related=((_('Criterion answers'), 'answers', ('criterion', 'result', 'evidence', 'evaluator')),),
    sample=lambda unit, n: {'provider': _provider(n).pk, 'criteria_set': _set().pk, 'state': 'draft',
                            'evaluated_on': f'2026-{1 + n % 12:02d}-10', 'notes': f'Ghi chú {n}'},
))

register(ModelConfig(
    model=m.EvaluationAnswer, slug='answers', section='catalog', api_prefix='catalog/answers', nav=False,
    list_columns=('criterion', 'evaluation', 'result', 'evidence', 'evaluator'),
    search_fields=('criterion__code', 'evidence', 'evidence_url'),
    filter_fields=('evaluation', 'result'),
    form_fields=('evaluation', 'criterion', 'result', 'evidence', 'evidence_url', 'evidence_file'),
    detail_fields=('evaluation', 'criterion', 'criterion__text_vi', 'result', 'evidence', 'evidence_url',
                   'evidence_file', 'evaluator', 'updated_at'),
    select_related=('criterion', 'evaluation__provider', 'evaluation__criteria_set', 'evaluator'),
    form_class=forms.EvaluationAnswerForm, serializer_class=api.EvaluationAnswerSerializer,
    sample=lambda unit, n: {'evaluation': _evaluation().pk, 'criterion': _criterion(n).pk,
                            'result': ('met', 'partial', 'not_met', 'na')[n % 4], 'evidence': f'Minh chứng {n}',
                            'evidence_url': f'https://example.vn/minh-chung/{n}'},
))

registry.detail_panels.append(criteria_panel)
add_nav_link('catalog', _('Provider comparison'), 'catalog:criteria_compare', m.Evaluation)
