from django import forms
from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy as _

from cloudmove.core.forms import ScopedModelForm


def device_form(proxy, fields):
    """The generic form of a device category, with that category's list of types."""

    class DeviceForm(ScopedModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if proxy.kind_choices is not None and 'kind' in self.fields:
                self.fields['kind'] = forms.ChoiceField(
                    label=_('type'), required=False, choices=[('', '—'), *proxy.kind_choices.choices],
                    widget=forms.Select(attrs={'class': 'form-select'}))

    return modelform_factory(proxy, form=DeviceForm, fields=list(fields))
