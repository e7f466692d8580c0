"""Versioned criteria sets (groups → features → criteria) and the evaluations of providers against them.

A published set is frozen: a change means a new version copied from it, so past evaluations keep
pointing at the criteria they answered.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import choices as c
from cloudmove.catalog.models.base import CatalogModel
from cloudmove.catalog.models.providers import Provider
from cloudmove.core.models.units import code_validator


class CriteriaSet(CatalogModel):
    code = models.CharField(_('code'), max_length=40, validators=[code_validator])
    version = models.PositiveIntegerField(_('version'), default=1)
    name = models.CharField(_('name'), max_length=300)
    description = models.TextField(_('description'), blank=True)
    legal_basis = models.CharField(_('legal basis'), max_length=300, blank=True)
    state = models.CharField(_('state'), max_length=20, choices=c.CriteriaSetState.choices,
                             default=c.CriteriaSetState.DRAFT)
    based_on = models.ForeignKey('self', on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name='later_versions', verbose_name=_('based on'))
    pass_score = models.PositiveSmallIntegerField(
        _('pass score (%)'), default=0, help_text=_('Weighted score below which a provider is not recommended.'))

    class Meta:
        ordering = ['code', '-version']
        verbose_name = _('criteria set')
        verbose_name_plural = _('criteria sets')
        constraints = [models.UniqueConstraint(fields=['code', 'version'], name='catalog_criteriaset_version')]

    def __str__(self):
        return f'{self.name} (v{self.version})'

    @property
    def frozen(self):
        """Published or retired: changed only through a new version."""
        return self.state != 'draft'


class CriteriaGroup(CatalogModel):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name='groups',
                                     verbose_name=_('criteria set'))
    code = models.CharField(_('code'), max_length=40)
    name_vi = models.CharField(_('name (Vietnamese)'), max_length=300)
    name_en = models.CharField(_('name (English)'), max_length=300, blank=True)
    order = models.PositiveIntegerField(_('order'), default=0)

    class Meta:
        ordering = ['criteria_set', 'order', 'code']
        verbose_name = _('criteria group')
        verbose_name_plural = _('criteria groups')
        constraints = [models.UniqueConstraint(fields=['criteria_set', 'code'], name='catalog_group_code')]

    def __str__(self):
        return f'{self.code} {self.name_vi}'

    @property
    def frozen(self):
        return self.criteria_set.frozen


class CriteriaFeature(CatalogModel):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name='features',
                              verbose_name=_('criteria group'))
    code = models.CharField(_('code'), max_length=40)
    name_vi = models.CharField(_('name (Vietnamese)'), max_length=300)
    name_en = models.CharField(_('name (English)'), max_length=300, blank=True)
    order = models.PositiveIntegerField(_('order'), default=0)

    class Meta:
        ordering = ['group', 'order', 'code']
        verbose_name = _('criteria feature')
        verbose_name_plural = _('criteria features')
        constraints = [models.UniqueConstraint(fields=['group', 'code'], name='catalog_feature_code')]

    def __str__(self):
        return f'{self.code} {self.name_vi}'

    @property
    def frozen(self):
        return self.group.criteria_set.frozen


class Criterion(CatalogModel):
    feature = models.ForeignKey(CriteriaFeature, on_delete=models.CASCADE, related_name='criteria',
                                verbose_name=_('criteria feature'))
    code = models.CharField(_('code'), max_length=40)
    text_vi = models.TextField(_('text (Vietnamese)'))
    text_en = models.TextField(_('text (English)'), blank=True)
    mandatory = models.BooleanField(_('mandatory'), default=True)
    weight = models.PositiveSmallIntegerField(_('weight'), default=1)
    order = models.PositiveIntegerField(_('order'), default=0)

    class Meta:
        ordering = ['feature', 'order', 'code']
        verbose_name = _('criterion')
        verbose_name_plural = _('criteria')
        constraints = [models.UniqueConstraint(fields=['feature', 'code'], name='catalog_criterion_code')]

    def __str__(self):
        return self.code

    @property
    def frozen(self):
        return self.feature.group.criteria_set.frozen


class Evaluation(CatalogModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name='evaluations',
                                 verbose_name=_('cloud provider'))
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name='evaluations',
                                     verbose_name=_('criteria set'))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name='+', verbose_name=_('evaluator'))
    evaluated_on = models.DateField(_('evaluation date'), null=True, blank=True)
    state = models.CharField(_('state'), max_length=20, choices=c.EvaluationState.choices,
                             default=c.EvaluationState.DRAFT)
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['criteria_set', 'provider__name']
        verbose_name = _('provider evaluation')
        verbose_name_plural = _('provider evaluations')
        constraints = [models.UniqueConstraint(fields=['provider', 'criteria_set'], name='catalog_evaluation_once')]

    def __str__(self):
        return f'{self.provider} — {self.criteria_set}'


class EvaluationAnswer(CatalogModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name='answers',
                                   verbose_name=_('provider evaluation'))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name='answers',
                                  verbose_name=_('criterion'))
    result = models.CharField(_('result'), max_length=10, choices=c.CriterionResult.choices, blank=True)
    evidence = models.TextField(_('evidence'), blank=True)
    evidence_url = models.URLField(_('evidence link'), blank=True)
    evidence_file = models.FileField(_('evidence file'), upload_to='evidence/%Y/', blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name='+', verbose_name=_('evaluator'))

    class Meta:
        ordering = ['evaluation', 'criterion__feature__group__order', 'criterion__feature__order',
                    'criterion__order']
        verbose_name = _('criterion answer')
        verbose_name_plural = _('criterion answers')
        constraints = [models.UniqueConstraint(fields=['evaluation', 'criterion'], name='catalog_answer_once')]

    def __str__(self):
        return f'{self.criterion.code}: {self.get_result_display()}'
