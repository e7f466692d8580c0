from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel

CATALOGUE_EDITORS = frozenset({Role.ADMIN})


class CatalogModel(AuditedModel, TimestampedModel):
    """Province-wide reference data: every signed-in user reads it, programme admins change it."""

    scope_change_roles = CATALOGUE_EDITORS
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        abstract = True
