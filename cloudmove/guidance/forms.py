"""The rule form: the JSON lists (models, data classifications) as choices instead of raw JSON."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudmove.core.forms import ScopedModelForm
from cloudmove.guidance.choices import DeploymentModel
from cloudmove.guidance.models import DeploymentRule
from cloudmove.inventory.choices import DataClassification

RULE_FIELDS = ('code', 'order', 'active', 'name', 'name_en', 'explanation_vi', 'explanation_en',
               'min_security_level', 'max_security_level', 'level_determined', 'personal_data', 'min_data_subjects',
               'data_classifications', 'internet_facing', 'national_platform', 'onprem_latency', 'effect', 'models',
               'weight')


class DeploymentRuleForm(ScopedModelForm):
    models = forms.MultipleChoiceField(label=_('deployment models'), choices=DeploymentModel.choices,
                                       widget=forms.SelectMultiple)
    data_classifications = forms.MultipleChoiceField(
        label=_('data classifications'), choices=DataClassification.choices, required=False,
        widget=forms.SelectMultiple, help_text=_('None chosen: any classification.'))

    class Meta:
        model = DeploymentRule
        fields = list(RULE_FIELDS)
