from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    QUEUED = 'queued', _('Queued')
    RUNNING = 'running', _('Running')
    DONE = 'done', _('Done')
    FAILED = 'failed', _('Failed')


class SolveStatus(models.TextChoices):
    OPTIMAL = 'OPTIMAL', _('Optimal (proven)')
    FEASIBLE = 'FEASIBLE', _('Feasible (best found in the time limit)')
    INFEASIBLE = 'INFEASIBLE', _('Impossible: the constraints conflict')
    UNKNOWN = 'UNKNOWN', _('No plan found in the time limit')


class GroupingAction(models.TextChoices):
    ADD = 'add', _('Move together')
    CUT = 'cut', _('May move apart')


class TaskStatus(models.TextChoices):
    NOT_STARTED = 'not_started', _('Not started')
    IN_PROGRESS = 'in_progress', _('In progress')
    DONE = 'done', _('Done')
    BLOCKED = 'blocked', _('Blocked')
    CANCELLED = 'cancelled', _('Cancelled')


class FundingSource(models.TextChoices):
    UNIT_BUDGET = 'unit_budget', _("The unit's annual state budget")
    PROGRAMME = 'programme', _('Funds of an approved programme or project')
    OTHER = 'other', _('Other lawful sources')


class DesignState(models.TextChoices):
    DRAFT = 'draft', _('Draft')
    APPROVED = 'approved', _('Approved')
    SUPERSEDED = 'superseded', _('Superseded by a later version')


class DataMethod(models.TextChoices):
    """How a system's data reaches the target (the anchors' usual families)."""

    VM_REPLICATION = 'vm_replication', _('Replication of whole machines (block level)')
    BACKUP_RESTORE = 'backup_restore', _('Backup and restore')
    DB_REPLICATION = 'db_replication', _('Database replication, then switch-over')
    DUMP_IMPORT = 'dump_import', _('Export (dump) and import')
    FILE_SYNC = 'file_sync', _('File synchronisation')
    OFFLINE = 'offline', _('Offline transfer on storage media')
    NONE = 'none', _('No data to move')


class ReIpReason(models.TextChoices):
    KEEP = 'keep', _('Kept: no conflict in the target')
    COLLISION = 'collision', _('Collides with another unit in the shared target')
    OUTSIDE = 'outside', _('Outside the target subnet')
    NO_ADDRESS = 'no_address', _('No address known')
