"""Forms built from declarations. Choices of related objects go through the scoping mechanism."""

from django import forms
from django.db import models
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField, modelform_factory
from django.utils.translation import gettext_lazy as _

from cloudmove.core import scoping
from cloudmove.core.text import capfirst

MULTIPLE_HINT = _('Hold Ctrl (⌘ on a Mac) to choose several.')


def bootstrap(form, small=False):
    suffix = ' form-control-sm' if small else ''
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = 'form-check-input'
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = 'form-select' + (' form-select-sm' if small else '')
            if isinstance(widget, forms.SelectMultiple):
                # A taller list, and how to pick several, for the many-valued choices (units, systems).
                widget.attrs.setdefault('size', 10)
                field.help_text = ' '.join(filter(None, [str(field.help_text or ''), str(MULTIPLE_HINT)]))
        else:
            css = 'form-control' + suffix
        widget.attrs['class'] = f'{widget.attrs.get("class", "")} {css}'.strip()
        if isinstance(field, forms.DateField):
            widget.format = '%d/%m/%Y'
            widget.attrs.setdefault('placeholder', 'dd/mm/yyyy')
    return form


def scope_choices(form, user):
    """Limit every related-object choice to what `user` may see; a 'unit' to where it may write."""
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
            continue
        model = field.queryset.model
        if name == 'unit' and model._meta.label == 'core.Unit':
            field.queryset = scoping.assignable_units(user)
        elif scoping.is_scoped(model):
            field.queryset = scoping.scope(field.queryset, user)


class ScopedModelForm(forms.ModelForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self, user)
        bootstrap(self)


def modelform_for(config, create=False):
    if create and config.create_form_class is not None:
        return config.create_form_class
    if config.form_class is not None:
        return config.form_class
    return modelform_factory(config.model, form=ScopedModelForm, fields=list(config.form_fields),
                             formfield_callback=formfield)


def formfield(field, **kwargs):
    """A model field's form field; web addresses typed without a scheme are read as https, and labels
    keep words like vCPU as written."""
    kwargs.setdefault('label', capfirst(field.verbose_name))
    if isinstance(field, models.URLField):
        kwargs.setdefault('assume_scheme', 'https')
    return field.formfield(**kwargs)


class BulkEditForm(forms.Form):
    """Sets the chosen fields on every selected object; blank fields are left as they are."""

    def __init__(self, config, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_form = modelform_factory(config.model, form=ScopedModelForm, fields=list(config.bulk_edit_fields))
        for name, field in model_form(user=user).fields.items():
            field.required = False
            if isinstance(field, forms.BooleanField):
                field = forms.NullBooleanField(
                    label=field.label, required=False,
                    widget=forms.Select(choices=[('', '—'), ('true', _('Yes')), ('false', _('No'))]),
                )
            self.fields[name] = field
        scope_choices(self, user)
        bootstrap(self)

    def changes(self):
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, '')}


class UserCreateForm(ScopedModelForm):
    """A new account: the password is checked by Django's validators and stored hashed."""

    password1 = forms.CharField(label=_('Password'), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_('Password (again)'), widget=forms.PasswordInput, strip=False)

    class Meta:
        from cloudmove.core.models import User

        model = User
        fields = ['username', 'full_name', 'email', 'role', 'unit', 'provider_code', 'language', 'is_active']

    def clean(self):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        p1, p2 = data.get('password1'), data.get('password2')
        if p1 and p1 != p2:
            self.add_error('password2', _('The two passwords differ.'))
        elif p1:
            candidate = self._meta.model(username=data.get('username', ''), email=data.get('email', ''),
                                         full_name=data.get('full_name', ''))
            try:
                validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error('password1', exc)
            data['password'] = make_password(p1)
        return data
