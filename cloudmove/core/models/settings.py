from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSetting(models.Model):
    """Installation-wide flags (for example: this database holds demo data)."""

    key = models.SlugField(_('key'), max_length=80, unique=True)
    value = models.JSONField(_('value'), null=True, blank=True)

    class Meta:
        verbose_name = _('site setting')
        verbose_name_plural = _('site settings')

    def __str__(self):
        return self.key

    @classmethod
    def get(cls, key, default=None):
        row = cls.objects.filter(key=key).values_list('value', flat=True).first()
        return default if row is None else row

    @classmethod
    def put(cls, key, value):
        cls.objects.update_or_create(key=key, defaults={'value': value})
