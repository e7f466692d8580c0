"""Forms of the criteria sets and evaluations: the generic edit pages, the answer sheet and the import."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import models as m
from cloudmove.catalog.choices import CriterionResult
from cloudmove.catalog.services import criteria as service
from cloudmove.core.forms import ScopedModelForm, bootstrap, formfield
from cloudmove.core.text import capfirst


class FrozenSetCheck:
    """Refuse to change anything in a published or retired set, or to put something into one."""

    parent_field = None

    def clean(self):
        data = super().clean()
        parent = data.get(self.parent_field) if self.parent_field else None
        service.ensure_editable(service.set_of(self.instance), service.set_of_parent(parent))
        return data


class CriteriaSetForm(FrozenSetCheck, ScopedModelForm):
    class Meta:
        model = m.CriteriaSet
        fields = ['code', 'version', 'name', 'description', 'legal_basis', 'pass_score']


class CriteriaGroupForm(FrozenSetCheck, ScopedModelForm):
    parent_field = 'criteria_set'

    class Meta:
        model = m.CriteriaGroup
        fields = ['criteria_set', 'code', 'name_vi', 'name_en', 'order']


class CriteriaFeatureForm(FrozenSetCheck, ScopedModelForm):
    parent_field = 'group'

    class Meta:
        model = m.CriteriaFeature
        fields = ['group', 'code', 'name_vi', 'name_en', 'order']


class CriterionForm(FrozenSetCheck, ScopedModelForm):
    parent_field = 'feature'

    class Meta:
        model = m.Criterion
        fields = ['feature', 'code', 'text_vi', 'text_en', 'mandatory', 'weight', 'order']


def check_answer_criterion(evaluation, criterion):
    if (evaluation is not None and criterion is not None
            and criterion.feature.group.criteria_set_id != evaluation.criteria_set_id):
        raise ValidationError({'criterion': _('The criterion belongs to another criteria set than the evaluation.')})


class EvaluationAnswerForm(ScopedModelForm):
    class Meta:
        model = m.EvaluationAnswer
        fields = ['evaluation', 'criterion', 'result', 'evidence', 'evidence_url', 'evidence_file']
        formfield_callback = formfield

    def clean(self):
        data = super().clean()
        check_answer_criterion(data.get('evaluation'), data.get('criterion'))
        upload = data.get('evidence_file')
        if upload and hasattr(upload, 'chunks') and not getattr(upload, '_committed', False):
            from cloudmove.core.services.files import check_file

            try:
                check_file(upload)
            except ValidationError as exc:
                self.add_error('evidence_file', exc.messages)
        return data


class AnswerRowForm(forms.Form):
    """One criterion's line of the answer sheet (prefix = the answer's id)."""

    result = forms.ChoiceField(label=_('result'), choices=CriterionResult.choices, required=False)
    evidence = forms.CharField(label=_('evidence'), required=False, widget=forms.Textarea(
        attrs={'rows': 1, 'placeholder': _('Evidence, e.g. a test record')}))
    evidence_url = forms.URLField(label=_('evidence link'), required=False, assume_scheme='https',
                                  widget=forms.URLInput(attrs={'placeholder': 'https://…'}))
    evidence_file = forms.FileField(label=_('evidence file'), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self, small=True)
        for field in self.fields.values():  # the sheet shows no labels per line: say what each input is
            field.widget.attrs.setdefault('aria-label', field.label)


class CriteriaImportForm(forms.Form):
    file = forms.FileField(label=_('File (YAML or Excel .xlsx)'))
    mode = forms.ChoiceField(label=_('Create'), choices=[
        ('new', _('a new criteria set (draft, version 1)')),
        ('version', _('a new version of an existing code (draft)')),
    ], initial='new')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_file(self):
        from cloudmove.catalog.services.criteria_io import MAX_FILE_MIB, too_large_message

        upload = self.cleaned_data['file']
        if upload.size > MAX_FILE_MIB * 1024 * 1024:  # refused before it is read into memory
            raise ValidationError(too_large_message())
        return upload


PRICE_SUFFIXES = ('.xlsx', '.csv')


def _label(name):
    return capfirst(m.PriceBook._meta.get_field(name).verbose_name)


class PriceUploadForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=m.Provider.objects.order_by('name'),
                                      label=_('Cloud provider'))
    file = forms.FileField(label=_('Price-book file'),
                           help_text=_('An .xlsx price book, or a CSV UTF-8 with one kind of item or '
                                                  'with every item and an item-type column.'))
    version = forms.CharField(label=_label('version'), max_length=40, required=False,
                              help_text=_('Required for a CSV; for a workbook, it replaces the version '
                                                     'written in the file.'))
    valid_from = forms.DateField(label=_label('valid_from'), required=False,
                                 help_text=_('Needed when the version is new.'))
    valid_to = forms.DateField(label=_label('valid_to'), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data['file']
        if not uploaded.name.lower().endswith(PRICE_SUFFIXES):
            raise forms.ValidationError(_('Upload an .xlsx or .csv file.'))
        if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
            raise forms.ValidationError(_('The file is larger than %(limit)s MiB.') % {
                'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
        return uploaded

    def clean(self):
        data = super().clean()
        uploaded = data.get('file')
        if uploaded is not None and uploaded.name.lower().endswith('.csv') and not data.get('version'):
            self.add_error('version', _('A CSV does not say its version: give the version it goes into.'))
        return data
