"""The editable rule set of the deployment-model guide (province-wide reference data)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel
from cloudmove.guidance.choices import DeploymentModel, RuleEffect, Tristate, tristate_value
from cloudmove.guidance.engine import deployment as engine
from cloudmove.inventory.choices import DataClassification

rule_code_validator = RegexValidator(
    r'^[A-Z0-9][A-Z0-9_.-]*$',
    _('Use capital letters, digits, dot, dash or underscore, starting with a letter or digit.'),
)
LEVELS = [MinValueValidator(1), MaxValueValidator(5)]


def _tristate(verbose_name, help_text=''):
    return models.CharField(verbose_name, max_length=3, choices=Tristate.choices, default=Tristate.ANY,
                            help_text=help_text)


class DeploymentRule(AuditedModel, TimestampedModel):
    """One rule: a condition on a system's facts and an effect on the deployment models.

    Every signed-in user reads the rules (they explain the answers); only programme admins change them.
    """

    code = models.CharField(_('code'), max_length=40, unique=True, validators=[rule_code_validator])
    order = models.PositiveIntegerField(_('order'), default=100,
                                        help_text=_('Rules are listed and applied in this order.'))
    active = models.BooleanField(_('active'), default=True)
    name = models.CharField(_('name (Vietnamese)'), max_length=200)
    name_en = models.CharField(_('name (English)'), max_length=200, blank=True)
    explanation_vi = models.TextField(_('explanation (Vietnamese)'),
                                      help_text=_('Why the rule applies, with its legal basis.'))
    explanation_en = models.TextField(_('explanation (English)'), blank=True)
    # The condition: every criterion given must hold.
    min_security_level = models.PositiveSmallIntegerField(_('minimum security level'), null=True, blank=True,
                                                          validators=LEVELS)
    max_security_level = models.PositiveSmallIntegerField(_('maximum security level'), null=True, blank=True,
                                                          validators=LEVELS)
    level_determined = _tristate(_('security level determined'),
                                 _('"No" matches systems whose security level has not been determined yet.'))
    personal_data = _tristate(_('processes personal data'))
    min_data_subjects = models.PositiveIntegerField(
        _('minimum number of data subjects'), null=True, blank=True,
        help_text=_('Matches systems holding personal data of at least this many people.'))
    data_classifications = models.JSONField(_('data classifications'), default=list, blank=True,
                                            help_text=_('Codes of the data classifications it applies to; '
                                                        'empty for any.'))
    internet_facing = _tristate(_('internet-facing'))
    national_platform = _tristate(_('connects to national platforms'),
                                  _('NDXP, LGSP, national databases and other national platforms.'))
    onprem_latency = _tristate(_('latency-sensitive links to on-premises components'),
                               _('Latency-sensitive dependencies on physical servers or on systems being '
                                 'retired, which stay on premises.'))
    # The effect.
    effect = models.CharField(_('effect'), max_length=10, choices=RuleEffect.choices)
    weight = models.PositiveSmallIntegerField(_('weight'), default=1, validators=[MaxValueValidator(100)],
                                              help_text=_('For "prefer": how strongly.'))
    # Last in the class body: from here on the name `models` means this field, not django.db.models.
    models = models.JSONField(_('deployment models'), default=list,
                              help_text=_('Codes of the deployment models the effect applies to.'))

    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['order', 'code']
        verbose_name = _('deployment rule')
        verbose_name_plural = _('deployment rules')

    def __str__(self):
        return f'{self.code} – {self.display_name}'

    @property
    def display_name(self):
        return self.name_en if (get_language() or 'vi').startswith('en') and self.name_en else self.name

    @property
    def explanation(self):
        """The explanation in the active language (Vietnamese when there is no English text)."""
        english = (get_language() or 'vi').startswith('en')
        return self.explanation_en if english and self.explanation_en else self.explanation_vi

    @property
    def models_display(self):
        labels = dict(DeploymentModel.choices)
        return ', '.join(str(labels.get(code, code)) for code in (self.models or []))

    models_display.fget.short_description = _('deployment models')

    @property
    def classifications_display(self):
        labels = dict(DataClassification.choices)
        return ', '.join(str(labels.get(code, code)) for code in (self.data_classifications or []))

    classifications_display.fget.short_description = _('data classifications')

    def clean(self):
        super().clean()
        errors = {}
        models_ = self.models if isinstance(self.models, list) else None
        if not models_:
            errors['models'] = _('Choose at least one deployment model.')
        elif unknown := sorted({str(m) for m in models_} - set(DeploymentModel.values)):
            errors['models'] = _('Unknown deployment models: %(codes)s.') % {'codes': ', '.join(unknown)}
        elif self.effect == RuleEffect.EXCLUDE and set(models_) >= set(DeploymentModel.values):
            errors['models'] = _('A rule may not exclude every deployment model.')
        classes = self.data_classifications
        if not isinstance(classes, list):
            errors['data_classifications'] = _('Give a list of data classification codes.')
        elif unknown := sorted({str(c) for c in classes} - set(DataClassification.values)):
            errors['data_classifications'] = _('Unknown data classifications: %(codes)s.') % {
                'codes': ', '.join(unknown)}
        low, high = self.min_security_level, self.max_security_level
        if low is not None and high is not None and low > high:
            errors['max_security_level'] = _('The maximum security level is below the minimum.')
        if self.level_determined == Tristate.NO and (low is not None or high is not None):
            errors['level_determined'] = _('A rule for systems without a security level cannot also '
                                           'ask for a level range.')
        if self.min_data_subjects is not None and self.personal_data == Tristate.NO:
            errors['min_data_subjects'] = _('A number of data subjects needs systems with personal data.')
        if self.effect == RuleEffect.PREFER and not self.weight:
            errors['weight'] = _('A preference needs a weight of at least 1.')
        if errors:
            raise ValidationError(errors)
        self.models = [m for m in DeploymentModel.values if m in models_]  # stable order, no repeats
        self.data_classifications = [c for c in DataClassification.values if c in classes]

    def to_engine(self):
        """The rule as the engine sees it."""
        return engine.Rule(
            code=self.code, effect=self.effect, models=tuple(self.models), weight=self.weight,
            condition=engine.Condition(
                min_level=self.min_security_level, max_level=self.max_security_level,
                level_determined=tristate_value(self.level_determined),
                personal_data=tristate_value(self.personal_data), min_subjects=self.min_data_subjects,
                classifications=frozenset(self.data_classifications or ()),
                internet_facing=tristate_value(self.internet_facing),
                national_platform=tristate_value(self.national_platform),
                onprem_latency=tristate_value(self.onprem_latency),
            ))
