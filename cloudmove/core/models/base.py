"""Base models: every change of an AuditedModel is recorded; UnitOwnedModel is scoped by its unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action='view'):
        from cloudmove.core.scoping import scope

        return scope(self, user, action)


class AuditedModel(models.Model):
    """A model whose creates, updates and deletes land in the audit trail (see core.audit).

    Scoping is declared with class attributes read by core.scoping:
    - scope_path_lookup: lookup from this model to the owning unit's path ('unit__path');
    - scope_owner_lookup: lookup to a user who may always see the object (optional);
    - scope_provider_lookup: lookup to the provider code for the provider role (optional);
    - scope_view_roles / scope_change_roles: which roles may view / change at all.
    """

    audit_exclude: tuple = ()
    audit_masked: tuple = ()
    scope_path_lookup: str | None = None
    scope_owner_lookup: str | None = None
    scope_provider_lookup: str | None = None
    scope_public_lookup: str | None = None
    scope_view_roles = frozenset(Role.values)
    scope_change_roles = frozenset({Role.ADMIN, Role.UNIT_OFFICER, Role.PROVIDER})

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_('created at'), auto_now_add=True)
    updated_at = models.DateTimeField(_('updated at'), auto_now=True)

    class Meta:
        abstract = True


class UnitOwnedModel(AuditedModel, TimestampedModel):
    """Anything a unit owns. Subclasses get scoping, audit and the generic pages by declaration."""

    unit = models.ForeignKey(
        'core.Unit',
        on_delete=models.PROTECT,
        related_name='%(app_label)s_%(class)s_set',
        verbose_name=_('unit'),
    )
    scope_path_lookup = 'unit__path'
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        abstract = True
