from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    DOMESTIC = 'domestic', _('Domestic commercial cloud')
    GOVERNMENT = 'government', _('Government / provincial private cloud')
    INTERNATIONAL = 'international', _('International cloud')


class DataCentreTier(models.TextChoices):
    NONE = '', _('Not rated')
    TIER1 = 'tier1', _('Tier I')
    TIER2 = 'tier2', _('Tier II')
    TIER3 = 'tier3', _('Tier III')
    TIER4 = 'tier4', _('Tier IV')


class StorageKind(models.TextChoices):
    BLOCK_SSD = 'block_ssd', _('Block storage (SSD)')
    BLOCK_HDD = 'block_hdd', _('Block storage (HDD)')
    FILE = 'file', _('File storage')
    OBJECT = 'object', _('Object storage')
    ARCHIVE = 'archive', _('Archive storage')


class ServiceCategory(models.TextChoices):
    NETWORK = 'network', _('Network')
    MANAGED = 'managed', _('Managed service')
    LICENCE = 'licence', _('Software licence')


class ServiceKind(models.TextChoices):
    EGRESS = 'egress', _('Internet egress')
    PUBLIC_IP = 'public_ip', _('Public IP address')
    BANDWIDTH = 'bandwidth', _('Bandwidth package')
    VPN = 'vpn', _('VPN / private connection')
    DATABASE = 'database', _('Managed database')
    BACKUP = 'backup', _('Backup')
    WAF = 'waf', _('Web application firewall')
    LOAD_BALANCER = 'load_balancer', _('Load balancer')
    WINDOWS_SERVER = 'windows_server', _('Windows Server')
    SQL_SERVER = 'sql_server', _('SQL Server')
    OTHER = 'other', _('Other')


class PriceUnit(models.TextChoices):
    PER_GIB = 'gib', _('per GiB')
    PER_MONTH = 'month', _('per month')
    PER_HOUR = 'hour', _('per hour')
    PER_CORE_MONTH = 'core_month', _('per core per month')
    PER_INSTANCE_MONTH = 'instance_month', _('per instance per month')
    PER_GIB_MONTH = 'gib_month', _('per GiB per month')


class CriteriaSetState(models.TextChoices):
    DRAFT = 'draft', _('Draft')
    PUBLISHED = 'published', _('Published')
    RETIRED = 'retired', _('Retired')


class CriterionResult(models.TextChoices):
    PENDING = '', _('Not assessed')
    MET = 'met', _('Met')
    PARTIAL = 'partial', _('Partially met')
    NOT_MET = 'not_met', _('Not met')
    NOT_APPLICABLE = 'na', _('Not applicable')


class EvaluationState(models.TextChoices):
    DRAFT = 'draft', _('In progress')
    COMPLETED = 'completed', _('Completed')
