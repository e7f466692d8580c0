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


class Severity(models.TextChoices):
    BLOCKER = 'blocker', _('Blocker')
    CONDITION = 'condition', _('Condition')
    INFORMATION = 'information', _('Information')


class RuleCategory(models.TextChoices):
    OS = 'os', _('Operating system')
    COMPUTE = 'compute', _('Compute')
    STORAGE = 'storage', _('Storage')
    NETWORK = 'network', _('Network')
    LICENSING = 'licensing', _('Licensing')
    SECURITY = 'security', _('Security and law')
    DATA = 'data', _('Data')
    DEPENDENCY = 'dependency', _('Dependency')
    COMPLETENESS = 'completeness', _('Completeness')


# What each part of the priority score measures.
PRIORITY_PARTS = {
    'users': _('Users'), 'criticality': _('Business criticality'), 'saving': _('Cost saved'),
    'mandate': _('Legal mandate'), 'urgency': _('End-of-support urgency'), 'readiness': _('Readiness'),
    'dependencies': _('Dependencies'), 'effort': _('Effort'), 'security': _('Security level'),
}
CONFIDENCE_POINTS = {
    'cpu': _('CPU samples'), 'memory': _('memory samples'), 'iops': _('disk IOPS samples'),
    'mbps': _('disk throughput samples'), 'net': _('network samples'), 'vcpus': _('vCPU count'),
    'storage': _('disk sizes'), 'os': _('operating system'),
}

# The parameters a person may set on a run beyond the main ones, with their labels (defaults: engine Params).
EXTRA_PARAMS = {
    'amortisation_years': _('Hardware amortisation (years)'),
    'vcpu_per_core': _('vCPUs per physical core on premises'),
    'core_price_vnd': _('Server price per physical core (VND)'),
    'storage_gib_price_vnd': _('Storage price per usable GiB (VND)'),
    'support_rate': _('Yearly support contract (share of the price)'),
    'watts_per_core': _('Power per core when not recorded (W)'),
    'pue': _('Power usage effectiveness (PUE)'),
    'tariff_vnd_kwh': _('Electricity tariff (VND/kWh)'),
    'co2_kg_kwh': _('Grid emission factor (kg CO₂/kWh)'),
    'rack_u_month_vnd': _('Rack unit per month (VND)'),
    'staff_vm_month_vnd': _('Staff time per VM per month on premises (VND)'),
    'cloud_staff_share': _('Share of staff time still needed in the cloud'),
    'saving_scale_vnd': _('Monthly saving that counts as full value (VND)'),
    'w_users': _('Weight: users'), 'w_criticality': _('Weight: business criticality'),
    'w_saving': _('Weight: cost saved'), 'w_mandate': _('Weight: legal mandate'),
    'w_urgency': _('Weight: end-of-support urgency'), 'w_readiness': _('Weight: readiness'),
    'w_dependencies': _('Weight: dependencies'), 'w_effort': _('Weight: effort'),
    'w_security': _('Weight: security level'),
}
