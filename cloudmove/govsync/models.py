"""The outbox of changes for the Government cloud platform: one row per change, queued in the transaction
that made the change, sent by the worker until the receiver acknowledges it."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import UnitOwnedModel
from cloudmove.govsync.choices import ChangeKind, ItemState


class OutboxItem(UnitOwnedModel):
    """`unit` is the system's owner: a unit reads its own systems' items; only the office retries one."""

    kind = models.CharField(_('change'), max_length=32, choices=ChangeKind.choices)
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='+', verbose_name=_('information system'))
    system_code = models.CharField(_('system code'), max_length=100)
    key = models.UUIDField(_('idempotency key'), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_('message'), default=dict)
    state = models.CharField(_('state'), max_length=12, choices=ItemState.choices, default=ItemState.QUEUED)
    attempts = models.PositiveIntegerField(_('attempts'), default=0)
    next_attempt_at = models.DateTimeField(_('next attempt at'), null=True, blank=True)
    claimed_at = models.DateTimeField(_('claimed at'), null=True, blank=True)
    claimed_by = models.CharField(_('claimed by'), max_length=100, blank=True)
    last_status = models.PositiveSmallIntegerField(_('last HTTP status'), null=True, blank=True)
    last_error = models.TextField(_('last error'), blank=True)
    delivered_at = models.DateTimeField(_('delivered at'), null=True, blank=True)

    scope_view_roles = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('created_at', 'updated_at', 'claimed_at', 'claimed_by', 'payload')

    class Meta:
        ordering = ['-pk']
        verbose_name = _('outbox item')
        verbose_name_plural = _('outbox items')
        indexes = [models.Index(fields=['state', 'next_attempt_at'], name='govsync_due')]

    def __str__(self):
        return f'{self.get_kind_display()} · {self.system_code}'
