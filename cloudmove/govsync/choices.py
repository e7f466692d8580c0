from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemState(models.TextChoices):
    QUEUED = 'queued', _('Queued')
    SENDING = 'sending', _('Sending')
    DELIVERED = 'delivered', _('Delivered')
    FAILED = 'failed', _('Failed')


class ChangeKind(models.TextChoices):
    LIVE = 'system.live', _('System went live')
    RESOURCES = 'system.resources', _('Resources changed')
    DECOMMISSIONED = 'system.decommissioned', _('Old system decommissioned')
