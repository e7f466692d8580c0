"""Criteria sets (groups, features, criteria) and the evaluations of providers."""

from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import forms
from cloudmove.catalog import models as m
from cloudmove.catalog.api import criteria as api
from cloudmove.catalog.views.criteria import criteria_panel
from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register

# Samples for the generated tests (API-style values). Catalogue rows are province-wide reference data,
# so the unit argument is not used; parents are drafts, which may still be changed.


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
))

register(ModelConfig(
    model=m.CriteriaGroup, slug='criteria-groups', section='catalog', api_prefix='catalog/criteria-groups', nav=False,
    list_columns=('code', 'name_vi', 'name_en', 'criteria_set', 'order'),
    search_fields=('code', 'name_vi', 'name_en'),
    filter_fields=('criteria_set',),
    form_fields=('criteria_set', 'code', 'name_vi', 'name_en', 'order'),
    form_class=forms.CriteriaGroupForm, serializer_class=api.CriteriaGroupSerializer,
    related=((_('Criteria features'), 'features', ('code', 'name_vi', 'name_en', 'order')),),
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
))

register(ModelConfig(
    model=m.Criterion, slug='criteria', section='catalog', api_prefix='catalog/criteria', nav=False,
    list_columns=('code', 'text_vi', 'feature', 'mandatory', 'weight', 'order'),
    search_fields=('code', 'text_vi', 'text_en'),
    filter_fields=('feature', 'feature__group__criteria_set', 'mandatory'),
    form_fields=('feature', 'code', 'text_vi', 'text_en', 'mandatory', 'weight', 'order'),
    select_related=('feature',),
    form_class=forms.CriterionForm, serializer_class=api.CriterionSerializer,
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
))

registry.detail_panels.append(criteria_panel)
add_nav_link('catalog', _('Provider comparison'), 'catalog:criteria_compare', m.Evaluation)
