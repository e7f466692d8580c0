"""The guidance library: documents (legal basis, guides, templates, the deployment-models guide, the
criteria sets, announcements) with versions, categories, tags and files, published to chosen units or to
all; each reader's acknowledgement of the version in force; an FAQ.

A draft is seen by its issuing unit only. Publishing copies the audience into `published_to` (and sets
`public` for all units), which is what the scoping mechanism reads: a unit sees what was published to it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel
from cloudmove.guidance.choices import DocumentCategory, DocumentState

CHANGE_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})


class GuidanceDocument(AuditedModel, TimestampedModel):
    issuer = models.ForeignKey('core.Unit', on_delete=models.PROTECT, related_name='+',
                               verbose_name=_('issuing unit'))
    title = models.CharField(_('title'), max_length=300)
    category = models.CharField(_('category'), max_length=14, choices=DocumentCategory.choices,
                                default=DocumentCategory.GUIDE)
    tags = models.CharField(_('tags'), max_length=300, blank=True, help_text=_('Separated by commas.'))
    reference = models.CharField(_('number and symbol'), max_length=100, blank=True)
    summary = models.TextField(_('summary'), blank=True)
    body = models.TextField(_('content'), blank=True)
    all_units = models.BooleanField(_('for every unit'), default=False)
    units = models.ManyToManyField('core.Unit', blank=True, related_name='+', verbose_name=_('for the units'))
    requires_ack = models.BooleanField(_('readers acknowledge it'), default=True)
    show_until = models.DateField(_('on the home page until'), null=True, blank=True)
    state = models.CharField(_('state'), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT,
                             editable=False)
    version = models.PositiveIntegerField(_('version'), default=0, editable=False)
    published_on = models.DateField(_('published on'), null=True, blank=True, editable=False)
    published_to = models.ManyToManyField('core.Unit', blank=True, related_name='guidance_received',
                                          editable=False, verbose_name=_('published to'))
    public = models.BooleanField(_('published to every unit'), default=False, editable=False)

    scope_path_lookup = 'issuer__path'
    scope_via_lookups = ('published_to__path',)
    scope_via_view_only = True
    scope_public_lookup = 'public'
    scope_change_roles = CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['-published_on', 'title']
        verbose_name = _('guidance document')
        verbose_name_plural = _('guidance library')

    def __str__(self):
        return self.title


class Acknowledgement(AuditedModel):
    """A reader's confirmation of having read one version of a document (kept per version: a new version
    asks again)."""

    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name='acknowledgements')
    version = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name='+')
    unit = models.ForeignKey('core.Unit', on_delete=models.SET_NULL, null=True, blank=True, related_name='+')
    at = models.DateTimeField(auto_now_add=True)

    scope_path_lookup = 'unit__path'

    class Meta:
        constraints = [models.UniqueConstraint(fields=['document', 'version', 'user'], name='guidance_ack_once')]
        verbose_name = _('acknowledgement')
        verbose_name_plural = _('acknowledgements')

    def __str__(self):
        return f'{self.user_id} · {self.document_id} v{self.version}'


class FaqEntry(AuditedModel, TimestampedModel):
    """A question units ask, with the programme office's answer (province-wide reference data)."""

    question = models.CharField(_('question'), max_length=300)
    answer = models.TextField(_('answer'))
    category = models.CharField(_('topic'), max_length=100, blank=True)
    order = models.PositiveIntegerField(_('order'), default=100)

    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['category', 'order', 'pk']
        verbose_name = _('question and answer')
        verbose_name_plural = _('questions and answers')

    def __str__(self):
        return self.question
