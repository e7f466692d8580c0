"""The report template's and request's forms: their questions are typed in the line format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudmove.core.forms import ScopedModelForm
from cloudmove.reporting.models import ReportRequest, ReportTemplate

QUESTIONS_HELP = _(
    'One question per line: “text: …”, “number: …” or “table: … | column; #numeric column” (a “*” after the '
    'kind makes it required; “|| row; row” after the columns gives fixed rows). Such as “table*: Funding | '
    'Source; #Estimate (million VND); #Spent (million VND) || Provincial budget; Other”.')


class QuestionsField(forms.CharField):
    """Questions held as data, shown and typed as lines."""

    widget = forms.Textarea(attrs={'rows': 10, 'class': 'font-monospace'})

    def prepare_value(self, value):
        from cloudmove.reporting.services.requests import questions_text

        if isinstance(value, str):  # a bound form shows what was typed
            return value
        return questions_text(value)

    def to_python(self, value):
        from cloudmove.reporting.services.requests import parse_questions

        value = super().to_python(value)
        return parse_questions(value) if value.strip() else []


class TemplateForm(ScopedModelForm):
    questions = QuestionsField(label=_('questions'), help_text=QUESTIONS_HELP)

    class Meta:
        model = ReportTemplate
        fields = ['unit', 'name', 'description', 'questions']


class RequestForm(ScopedModelForm):
    questions = QuestionsField(label=_('questions'), required=False,
                               help_text=_('Left blank, the template’s questions are taken.') + ' ' + QUESTIONS_HELP)

    class Meta:
        model = ReportRequest
        fields = ['unit', 'template', 'subject', 'period', 'instructions', 'deadline', 'units', 'questions',
                  'remind_days_before']

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state != 'draft':
            self.fields['questions'].disabled = True  # answered as sent

    def clean(self):
        data = super().clean()
        if not data.get('questions') and data.get('template') is not None:
            data['questions'] = list(data['template'].questions)
        return data


TEMPLATE_FIELDS = tuple(TemplateForm.Meta.fields)
REQUEST_FIELDS = tuple(RequestForm.Meta.fields)
