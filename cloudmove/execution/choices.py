from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.execution.engine import lifecycle as lc


class MigrationState(models.TextChoices):
    PLANNED = lc.PLANNED, _('Planned')
    PREPARING = lc.PREPARING, _('Preparing')
    MIGRATING = lc.MIGRATING, _('Migrating')
    VERIFYING = lc.VERIFYING, _('Verifying')
    TRIAL_RUN = lc.TRIAL_RUN, _('Trial run')
    LIVE = lc.LIVE, _('Live')
    DECOMMISSIONING = lc.DECOMMISSIONING, _('Decommissioning the old system')
    CLOSED = lc.CLOSED, _('Closed')
    BLOCKED = lc.BLOCKED, _('Blocked')
    ROLLED_BACK = lc.ROLLED_BACK, _('Rolled back')


class StepStatus(models.TextChoices):
    TODO = 'todo', _('To do')
    DONE = 'done', _('Done')
    FAILED = 'failed', _('Failed')
    SKIPPED = 'skipped', _('Skipped')


class Party(models.TextChoices):
    UNIT = 'unit', _('The unit')
    OFFICE = 'office', _('The programme office')
    PROVIDER = 'provider', _('The cloud provider')
    VENDOR = 'vendor', _('The software vendor')


class TestKind(models.TextChoices):
    FUNCTIONAL = 'functional', _('Functional')
    FEATURES = 'features', _('Features and integrations')
    PERFORMANCE = 'performance', _('Performance')
    VULNERABILITY_SCAN = 'vulnerability_scan', _('Security: vulnerability scan')
    PENETRATION_TEST = 'penetration_test', _('Security: penetration test')
    SECURITY_DOSSIER = 'security_dossier', _('Security: security-level dossier (Decree 85/2016)')


# What each go-live guard asks of the acceptance tests: every test of these kinds passed, at least one.
TEST_GROUPS = {
    'functional_passed': (TestKind.FUNCTIONAL, TestKind.FEATURES),
    'performance_passed': (TestKind.PERFORMANCE,),
    'security_passed': (TestKind.VULNERABILITY_SCAN, TestKind.PENETRATION_TEST, TestKind.SECURITY_DOSSIER),
}


class TestResult(models.TextChoices):
    PENDING = 'pending', _('Not yet run')
    PASSED = 'passed', _('Passed')
    FAILED = 'failed', _('Failed')


class RiskCategory(models.TextChoices):
    TECHNICAL = 'technical', _('Technical')
    DATA = 'data', _('Data')
    SECURITY = 'security', _('Information security')
    SCHEDULE = 'schedule', _('Schedule')
    COST = 'cost', _('Cost')
    ORGANISATION = 'organisation', _('Organisation and people')
    LEGAL = 'legal', _('Legal and compliance')
    PROVIDER = 'provider', _('Provider')


class RiskStatus(models.TextChoices):
    IDENTIFIED = 'identified', _('Identified (not yet reviewed)')
    MITIGATING = 'mitigating', _('Being mitigated')
    ACCEPTED = 'accepted', _('Accepted')
    CLOSED = 'closed', _('Closed')


OPEN_RISK = (RiskStatus.IDENTIFIED, RiskStatus.MITIGATING, RiskStatus.ACCEPTED)


class RecordStatus(models.TextChoices):
    OPEN = 'open', _('Open')
    CLOSED = 'closed', _('Closed')


class Severity(models.TextChoices):
    LOW = 'low', _('Low')
    MEDIUM = 'medium', _('Medium')
    HIGH = 'high', _('High')
    CRITICAL = 'critical', _('Critical')


class IncidentKind(models.TextChoices):
    MIGRATION = 'migration', _('During migration')
    HEALTH = 'health', _('Health probe')
    SECURITY = 'security', _('Information security')
    OTHER = 'other', _('Other')


class ProbeKind(models.TextChoices):
    HTTP = 'http', _('HTTP(S) request')
    TCP = 'tcp', _('TCP connection')


class FindingSource(models.TextChoices):
    SCAN = 'scan', _('Vulnerability scan')
    PENTEST = 'pentest', _('Penetration test')
    INSPECTION = 'inspection', _('Inspection')
    MONITORING = 'monitoring', _('Monitoring')


class FindingStatus(models.TextChoices):
    OPEN = 'open', _('Open')
    FIXED = 'fixed', _('Fixed, awaiting re-test')
    VERIFIED = 'verified', _('Fixed and re-tested')
    ACCEPTED = 'accepted', _('Risk accepted')


class SuggestionStatus(models.TextChoices):
    PROPOSED = 'proposed', _('Proposed')
    APPLIED = 'applied', _('Applied')
    DECLINED = 'declined', _('Declined')


class Sanitisation(models.TextChoices):
    CLEAR = 'clear', _('Clear (overwrite)')
    PURGE = 'purge', _('Purge (secure erase, cryptographic erase)')
    DESTROY = 'destroy', _('Destroy (shred, degauss)')
    NOT_NEEDED = 'not_needed', _('Not needed (no data kept)')


class Disposal(models.TextChoices):
    REUSE = 'reuse', _('Reused in the unit')
    TRANSFER = 'transfer', _('Transferred to another unit')
    LIQUIDATE = 'liquidate', _('Liquidated')
    DESTROY = 'destroy', _('Destroyed')
    RETURN = 'return', _('Returned to the lessor')


class OldData(models.TextChoices):
    ARCHIVED = 'archived', _('Archived')
    HANDED_OVER = 'handed_over', _('Handed over to the unit')
    DELETED = 'deleted', _('Deleted after migration')


KEPT_DATA = (OldData.ARCHIVED, OldData.HANDED_OVER)
