import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory import choices as c
from cloudmove.inventory.models.base import InventoryModel


def attachment_path(instance, filename):
    # A random name on disk: the original name is kept in the row, never trusted as a path.
    return f'attachments/{instance.unit.code}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}'


class Attachment(InventoryModel):
    """A diagram or document attached to any inventory object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_('object type'))
    object_id = models.PositiveBigIntegerField(_('object id'))
    target = GenericForeignKey('content_type', 'object_id')
    kind = models.CharField(_('kind'), max_length=20, choices=c.AttachmentKind.choices,
                            default=c.AttachmentKind.ARCHITECTURE)
    title = models.CharField(_('title'), max_length=200)
    file = models.FileField(_('file'), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_('file name'), max_length=255, editable=False)
    size_bytes = models.PositiveBigIntegerField(_('size (bytes)'), default=0, editable=False)
    mime_type = models.CharField(_('content type'), max_length=100, editable=False, blank=True)
    sha256 = models.CharField(_('SHA-256'), max_length=64, editable=False, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name='+', verbose_name=_('uploaded by'), editable=False)

    class Meta:
        ordering = ['-created_at']
        verbose_name = _('attachment')
        verbose_name_plural = _('attachments')
        indexes = [models.Index(fields=['content_type', 'object_id'])]

    def __str__(self):
        return self.title
