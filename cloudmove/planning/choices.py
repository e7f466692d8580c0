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
