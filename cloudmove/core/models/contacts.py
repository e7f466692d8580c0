from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import UnitOwnedModel


class ContactRole(models.TextChoices):
    FOCAL_POINT = 'focal_point', _('IT focal point')
    LEADER = 'leader', _('Leader in charge')
    SECURITY = 'security', _('Information security officer')
    SYSTEM_ADMIN = 'system_admin', _('System administrator')
    OTHER = 'other', _('Other')


class Contact(UnitOwnedModel):
    """A person a unit designates for the programme (focal point, leader in charge, security officer)."""

    full_name = models.CharField(_('full name'), max_length=200)
    role = models.CharField(_('role in the programme'), max_length=20, choices=ContactRole.choices,
                            default=ContactRole.FOCAL_POINT)
    position = models.CharField(_('position'), max_length=200, blank=True)
    phone = models.CharField(_('phone'), max_length=40, blank=True)
    email = models.EmailField(_('e-mail'), blank=True)
    is_primary = models.BooleanField(_('primary contact'), default=False)
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['unit__code', 'full_name']
        verbose_name = _('contact')
        verbose_name_plural = _('contacts')

    def __str__(self):
        return f'{self.full_name} ({self.unit.code})'
