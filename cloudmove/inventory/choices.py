from django.db import models
from django.utils.translation import gettext_lazy as _


class SystemCategory(models.TextChoices):
    PORTAL = 'portal', _('Portal / website')
    PUBLIC_SERVICE = 'public_service', _('Online public-service portal')
    SHARED_APP = 'shared_app', _('Shared application')
    SECTOR_APP = 'sector_app', _('Sector application')
    DATABASE = 'database', _('Database')
    INFRASTRUCTURE = 'infrastructure', _('Infrastructure service')
    OTHER = 'other', _('Other')


class LevelApproval(models.TextChoices):
    NOT_PROPOSED = 'not_proposed', _('Not proposed')
    PROPOSED = 'proposed', _('Proposed')
    APPRAISED = 'appraised', _('Appraised')
    APPROVED = 'approved', _('Approved')


class DataClassification(models.TextChoices):
    PUBLIC = 'public', _('Public information')
    INTERNAL = 'internal', _('Internal')
    PRIVATE = 'private', _('Private information')
    STATE_SECRET = 'state_secret', _('State secret')


class Criticality(models.TextChoices):
    LOW = 'low', _('Low')
    MEDIUM = 'medium', _('Medium')
    HIGH = 'high', _('High')
    CRITICAL = 'critical', _('Critical')


class Hosting(models.TextChoices):
    UNIT_ROOM = 'unit_room', _('Unit server room')
    PROVINCIAL_DC = 'provincial_dc', _('Provincial data centre')
    DATA_INTEGRATION = 'data_integration', _('Provincial data integration centre')
    LEASED = 'leased', _('Leased (service provider)')
    OTHER = 'other', _('Other')


class Lifecycle(models.TextChoices):
    PLANNED = 'planned', _('Planned')
    DEVELOPMENT = 'development', _('In development')
    PRODUCTION = 'production', _('In production')
    RETIRING = 'retiring', _('Being retired')
    RETIRED = 'retired', _('Retired')


class SiteKind(models.TextChoices):
    SERVER_ROOM = 'server_room', _('Server room')
    DATA_CENTRE = 'data_centre', _('Data centre')
    COLOCATION = 'colocation', _('Colocation')
    OTHER = 'other', _('Other')


class EquipmentStatus(models.TextChoices):
    ACTIVE = 'active', _('In use')
    STANDBY = 'standby', _('Standby')
    FAULTY = 'faulty', _('Faulty')
    INVENTORY = 'inventory', _('In stock')
    DECOMMISSIONED = 'decommissioned', _('Decommissioned')


class ServerRole(models.TextChoices):
    HYPERVISOR = 'hypervisor', _('Virtualisation host')
    APPLICATION = 'application', _('Application server')
    DATABASE = 'database', _('Database server')
    STORAGE = 'storage', _('Storage server')
    BACKUP = 'backup', _('Backup server')
    OTHER = 'other', _('Other')


class Virtualisation(models.TextChoices):
    VMWARE = 'vmware', 'VMware vSphere'
    HYPERV = 'hyperv', 'Microsoft Hyper-V'
    KVM = 'kvm', 'KVM / oVirt'
    PROXMOX = 'proxmox', 'Proxmox VE'
    NUTANIX = 'nutanix', 'Nutanix AHV'
    OTHER = 'other', _('Other')


class PowerState(models.TextChoices):
    ON = 'on', _('Powered on')
    OFF = 'off', _('Powered off')
    SUSPENDED = 'suspended', _('Suspended')


class DiskBasis(models.TextChoices):
    TOTAL = 'total', _('Total disk capacity of the VM')
    PROVISIONED = 'provisioned', _('Provisioned storage (an upper bound: includes swap and snapshot files)')


class Firmware(models.TextChoices):
    BIOS = 'bios', 'BIOS'
    EFI = 'efi', 'UEFI'


class ToolsState(models.TextChoices):
    OK = 'ok', _('Running, current')
    OLD = 'old', _('Running, out of date')
    NOT_RUNNING = 'not_running', _('Not running')
    NOT_INSTALLED = 'not_installed', _('Not installed')
    UNKNOWN = 'unknown', _('Unknown')


class OsFamily(models.TextChoices):
    WINDOWS = 'windows', 'Windows'
    LINUX = 'linux', 'Linux'
    UNIX = 'unix', 'Unix'
    OTHER = 'other', _('Other')


class Provisioning(models.TextChoices):
    THIN = 'thin', _('Thin')
    THICK = 'thick', _('Thick (lazy zeroed)')
    EAGER = 'eager', _('Thick (eager zeroed)')


class DeviceCategory(models.TextChoices):
    NETWORK = 'network', _('Network device')
    SECURITY = 'security', _('Security device')
    STORAGE = 'storage', _('Storage system')
    BACKUP = 'backup', _('Backup system')
    OTHER = 'other', _('Other device')


class NetworkDeviceKind(models.TextChoices):
    ROUTER = 'router', _('Router')
    CORE_SWITCH = 'core_switch', _('Core switch')
    ACCESS_SWITCH = 'access_switch', _('Access switch')
    SAN_SWITCH = 'san_switch', _('SAN switch')
    LOAD_BALANCER = 'load_balancer', _('Load balancer')
    WIRELESS = 'wireless', _('Wireless controller')
    OTHER = 'other', _('Other')


class SecurityDeviceKind(models.TextChoices):
    FIREWALL = 'firewall', _('Firewall')
    IPS = 'ips', _('Intrusion prevention (IPS/IDS)')
    WAF = 'waf', _('Web application firewall')
    VPN = 'vpn', _('VPN gateway')
    SIEM = 'siem', _('Log collection / SIEM')
    ANTIMALWARE = 'antimalware', _('Anti-malware gateway')
    OTHER = 'other', _('Other')


class StorageKind(models.TextChoices):
    SAN = 'san', 'SAN'
    NAS = 'nas', 'NAS'
    UNIFIED = 'unified', _('Unified (SAN and NAS)')
    HCI = 'hci', _('Hyper-converged')
    OBJECT = 'object', _('Object storage')
    OTHER = 'other', _('Other')


class StorageProtocol(models.TextChoices):
    FC = 'fc', 'Fibre Channel'
    ISCSI = 'iscsi', 'iSCSI'
    NFS = 'nfs', 'NFS'
    SMB = 'smb', 'SMB/CIFS'
    S3 = 's3', 'S3'
    MIXED = 'mixed', _('Several')


class BackupKind(models.TextChoices):
    SOFTWARE = 'software', _('Backup software')
    APPLIANCE = 'appliance', _('Backup appliance')
    TAPE = 'tape', _('Tape library')
    CLOUD = 'cloud', _('Cloud backup service')


class BackupFrequency(models.TextChoices):
    HOURLY = 'hourly', _('Hourly')
    DAILY = 'daily', _('Daily')
    WEEKLY = 'weekly', _('Weekly')
    MONTHLY = 'monthly', _('Monthly')
    NONE = 'none', _('No schedule')


class AddressStatus(models.TextChoices):
    ACTIVE = 'active', _('In use')
    RESERVED = 'reserved', _('Reserved')
    DEPRECATED = 'deprecated', _('Deprecated')


class Direction(models.TextChoices):
    OUTBOUND = 'outbound', _('Calls the target')
    INBOUND = 'inbound', _('Called by the target')
    BOTH = 'both', _('Both ways')


class Protocol(models.TextChoices):
    HTTPS = 'https', 'HTTPS'
    HTTP = 'http', 'HTTP'
    TCP = 'tcp', 'TCP'
    UDP = 'udp', 'UDP'
    SQL = 'sql', _('Database connection')
    SFTP = 'sftp', 'SFTP'
    SMTP = 'smtp', 'SMTP'
    LDAP = 'ldap', 'LDAP'
    MQ = 'mq', _('Message queue')
    OTHER = 'other', _('Other')


class ExternalPlatform(models.TextChoices):
    NDXP = 'ndxp', _('National data exchange platform (NDXP)')
    LGSP = 'lgsp', _('Provincial integration platform (LGSP)')
    NATIONAL_PORTAL = 'national_portal', _('National public-service portal')
    POPULATION_DB = 'population_db', _('National population database')
    VNEID = 'vneid', _('VNeID electronic identification')
    LAND_DB = 'land_db', _('National land database')
    BUSINESS_DB = 'business_db', _('National business registration database')
    INSURANCE_DB = 'insurance_db', _('National insurance database')
    EOFFICE = 'eoffice', _('National document exchange (e-office axis)')
    PAYMENT = 'payment', _('National payment platform')
    OTHER = 'other', _('Other external system')


class AttachmentKind(models.TextChoices):
    ARCHITECTURE = 'architecture', _('Architecture diagram')
    DESIGN = 'design', _('Design diagram')
    NETWORK = 'network', _('Network diagram')
    OTHER = 'other', _('Other document')


class Metric(models.TextChoices):
    CPU_PCT = 'cpu_pct', _('CPU %')
    MEMORY_PCT = 'memory_pct', _('Memory %')
    DISK_READ_IOPS = 'disk_read_iops', _('Disk read IOPS')
    DISK_WRITE_IOPS = 'disk_write_iops', _('Disk write IOPS')
    DISK_READ_MBPS = 'disk_read_mbps', _('Disk read MB/s')
    DISK_WRITE_MBPS = 'disk_write_mbps', _('Disk write MB/s')
    NET_IN_MBITPS = 'net_in_mbitps', _('Network in Mbit/s')
    NET_OUT_MBITPS = 'net_out_mbitps', _('Network out Mbit/s')
