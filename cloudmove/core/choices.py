from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = 'admin', _('Programme admin')
    LEADER = 'leader', _('Leader')
    AUDITOR = 'auditor', _('Auditor')
    UNIT_OFFICER = 'unit_officer', _('Unit officer')
    UNIT_VIEWER = 'unit_viewer', _('Unit viewer')
    PROVIDER = 'provider', _('Cloud provider')


# Roles that see every unit; the others are confined to their unit's subtree (or provider).
PROVINCE_WIDE_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR})
# Roles that must pass the TOTP second factor when it is required.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR})
# Roles that read the audit trail of the whole province.
AUDIT_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})


class AuditAction(models.TextChoices):
    CREATE = 'create', _('Create')
    UPDATE = 'update', _('Update')
    DELETE = 'delete', _('Delete')


class AuditSource(models.TextChoices):
    UI = 'ui', _('Web UI')
    API = 'api', _('API')
    CLI = 'cli', _('Command line')
    IMPORT = 'import', _('Import')
    JOB = 'job', _('Background job')
    SYSTEM = 'system', _('System')


class JobState(models.TextChoices):
    QUEUED = 'queued', _('Queued')
    RUNNING = 'running', _('Running')
    SUCCEEDED = 'succeeded', _('Succeeded')
    FAILED = 'failed', _('Failed')
    CANCELLED = 'cancelled', _('Cancelled')


JOB_FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class Language(models.TextChoices):
    VI = 'vi', _('Vietnamese')
    EN = 'en', _('English')
