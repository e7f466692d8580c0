import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import AuditedModel, TimestampedModel, UnitOwnedModel


class InventoryModel(UnitOwnedModel):
    """An inventory record owned by a unit. `uid` is the stable key the unit workbook round-trips."""

    uid = models.UUIDField(_('key'), default=uuid.uuid4, unique=True, editable=False)
    notes = models.TextField(_('notes'), blank=True)

    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        abstract = True


class InventoryChild(AuditedModel, TimestampedModel):
    """A part of another inventory record (a disk of a VM); scoped through its parent."""

    uid = models.UUIDField(_('key'), default=uuid.uuid4, unique=True, editable=False)

    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        abstract = True


class HardwareFields(models.Model):
    """What every piece of equipment records."""

    manufacturer = models.CharField(_('manufacturer'), max_length=100, blank=True)
    model = models.CharField(_('model'), max_length=150, blank=True)
    serial = models.CharField(_('serial number'), max_length=100, blank=True)
    firmware = models.CharField(_('firmware version'), max_length=100, blank=True)
    purchase_year = models.PositiveSmallIntegerField(_('purchase year'), null=True, blank=True)
    warranty_end = models.DateField(_('warranty / support end'), null=True, blank=True)
    management_ip = models.GenericIPAddressField(_('management IP'), null=True, blank=True)

    class Meta:
        abstract = True
