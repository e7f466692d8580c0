"""The national shared services (the Government's platforms a province buys into rather than copies),
as read from the national catalogue or written by the programme office."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog.models.base import CatalogModel
from cloudmove.core.models.units import code_validator


class NationalService(CatalogModel):
    code = models.CharField(_('code'), max_length=60, unique=True, validators=[code_validator])
    name = models.CharField(_('name'), max_length=300)
    agency = models.CharField(_('operating agency'), max_length=300, blank=True)
    category = models.CharField(_('category'), max_length=60, blank=True)
    keywords = models.TextField(
        _('keywords'), blank=True,
        help_text=_('One per line: a system whose name holds one of them (accents aside) does the job of this '
                    'service, and the assessment proposes to repurchase it.'))
    url = models.URLField(_('address'), blank=True)
    description = models.TextField(_('description'), blank=True)
    from_catalogue = models.BooleanField(_('from the national catalogue'), default=False, editable=False)
    active = models.BooleanField(_('active'), default=True)
    synced_at = models.DateTimeField(_('read from the catalogue at'), null=True, blank=True, editable=False)

    class Meta:
        ordering = ['code']
        verbose_name = _('national shared service')
        verbose_name_plural = _('national shared services')

    def __str__(self):
        return f'{self.code} – {self.name}'

    @property
    def keyword_list(self):
        return [k.strip() for k in self.keywords.splitlines() if k.strip()]
