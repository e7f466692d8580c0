"""Forms of the inventory: device categories on the generic pages, and the attachment upload."""

from django import forms
from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from cloudmove.core.forms import ScopedModelForm, bootstrap
from cloudmove.core.services import files
from cloudmove.inventory import choices as c


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


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy('Kind'), choices=c.AttachmentKind.choices,
                             initial=c.AttachmentKind.ARCHITECTURE)
    title = forms.CharField(label=gettext_lazy('Title'), max_length=200, required=False,
                            help_text=gettext_lazy('The file name is used when left empty.'))
    # Empty files reach the service, which refuses them with its own message.
    file = forms.FileField(label=gettext_lazy('File'), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields['file'].widget.attrs['accept'] = ','.join(f'.{ext}' for ext in files.allowed_types())
        bootstrap(self, small=True)
