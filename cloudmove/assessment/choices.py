from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    QUEUED = 'queued', _('Queued')
    RUNNING = 'running', _('Running')
    DONE = 'done', _('Done')
    FAILED = 'failed', _('Failed')


class Readiness(models.TextChoices):
    READY = 'ready', _('Ready')
    CONDITIONAL = 'conditional', _('Ready with conditions')
    NOT_READY = 'not_ready', _('Not ready')
    UNKNOWN = 'unknown', _('Unknown')


class Strategy(models.TextChoices):
    RETIRE = 'retire', _('Retire')
    RETAIN = 'retain', _('Retain')
    REHOST = 'rehost', _('Rehost')
    RELOCATE = 'relocate', _('Relocate')
    REPLATFORM = 'replatform', _('Replatform')
    REPURCHASE = 'repurchase', _('Repurchase')
    REFACTOR = 'refactor', _('Refactor')


class Quadrant(models.TextChoices):
    QUICK_WIN = 'quick_win', _('Quick win (high value, low complexity)')
    MAJOR_PROJECT = 'major_project', _('Major project (high value, high complexity)')
    FILL_IN = 'fill_in', _('Fill-in (low value, low complexity)')
    RECONSIDER = 'reconsider', _('Reconsider (low value, high complexity)')


class ReviewCriticality(models.TextChoices):
    LOW = 'low', _('Low')
    MEDIUM = 'medium', _('Medium')
    HIGH = 'high', _('High')
    CRITICAL = 'critical', _('Critical')


class Sizing(models.TextChoices):
    AS_IS = 'as-is', _('As allocated')
    PERFORMANCE = 'performance', _('From performance data')
