from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person, shown in the navigation bar (and mailed when a mail server is set).

    Not in the audit trail: it reports a change that the trail already records.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name='notifications',
                             verbose_name=_('user'))
    title = models.CharField(_('title'), max_length=300)
    link = models.CharField(_('link'), max_length=300, blank=True)
    created_at = models.DateTimeField(_('created at'), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_('read at'), null=True, blank=True)

    scope_path_lookup = 'user__unit__path'
    scope_owner_lookup = 'user'

    class Meta:
        ordering = ['-created_at', '-id']
        verbose_name = _('notification')
        verbose_name_plural = _('notifications')
        indexes = [models.Index(fields=['user', 'read_at'])]

    def __str__(self):
        return self.title
