from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import JOB_FINISHED_STATES, JobState
from cloudmove.core.models.base import ScopedQuerySet


class Job(models.Model):
    """A unit of background work in the database queue, run by `cloudmove worker`."""

    kind = models.CharField(_('kind'), max_length=80, db_index=True)
    title = models.CharField(_('title'), max_length=255)
    params = models.JSONField(_('parameters'), default=dict, blank=True)
    state = models.CharField(_('state'), max_length=12, choices=JobState.choices, default=JobState.QUEUED,
                             db_index=True)
    progress_done = models.BigIntegerField(_('done'), default=0)
    progress_total = models.BigIntegerField(_('total'), default=0)
    message = models.CharField(_('message'), max_length=500, blank=True)
    result = models.JSONField(_('result'), null=True, blank=True)
    error = models.TextField(_('error'), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name='jobs',
        verbose_name=_('created by'),
    )
    unit = models.ForeignKey(
        'core.Unit', on_delete=models.SET_NULL, null=True, blank=True, related_name='jobs', verbose_name=_('unit')
    )
    created_at = models.DateTimeField(_('created at'), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_('started at'), null=True, blank=True)
    finished_at = models.DateTimeField(_('finished at'), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_('heartbeat'), null=True, blank=True)
    worker = models.CharField(_('worker'), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_('attempts'), default=0)
    cancel_requested = models.BooleanField(_('cancel requested'), default=False)

    objects = ScopedQuerySet.as_manager()

    scope_path_lookup = 'unit__path'
    scope_owner_lookup = 'created_by'

    class Meta:
        ordering = ['-created_at', '-id']
        verbose_name = _('job')
        verbose_name_plural = _('jobs')

    def __str__(self):
        return f'#{self.pk} {self.title}'

    @property
    def is_finished(self):
        return self.state in JOB_FINISHED_STATES

    @property
    def result_text(self):
        import json

        return json.dumps(self.result, ensure_ascii=False, indent=2)

    @property
    def percent(self):
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    percent.fget.short_description = _('progress %')
