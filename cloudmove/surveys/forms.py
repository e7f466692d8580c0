"""The campaign form: system categories as checkboxes (the model keeps their codes in a list)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudmove.core.forms import ScopedModelForm
from cloudmove.inventory.choices import SystemCategory
from cloudmove.surveys.models import Campaign

CAMPAIGN_FIELDS = ('unit', 'name', 'objectives', 'units', 'system_categories', 'scale', 'work_items', 'start_date',
                   'end_date')


class CampaignForm(ScopedModelForm):
    system_categories = forms.MultipleChoiceField(
        label=_('system categories'), choices=SystemCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_('None ticked: every category.'))

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
