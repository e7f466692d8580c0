from cloudmove.inventory.models.attachments import Attachment
from cloudmove.inventory.models.devices import (
    DEVICE_PROXIES,
    BackupSystem,
    Device,
    NetworkDevice,
    OtherDevice,
    SecurityDevice,
    StorageSystem,
)
from cloudmove.inventory.models.infrastructure import (
    Cluster,
    PhysicalServer,
    Rack,
    Site,
    VirtualDisk,
    VirtualMachine,
    VirtualNic,
)
from cloudmove.inventory.models.network import IpAddress, IpPrefix, Vlan
from cloudmove.inventory.models.performance import PerformanceSummary
from cloudmove.inventory.models.systems import Dependency, InformationSystem

__all__ = [
    'DEVICE_PROXIES', 'Attachment', 'BackupSystem', 'Cluster', 'Dependency', 'Device', 'InformationSystem',
    'IpAddress', 'IpPrefix', 'NetworkDevice', 'OtherDevice', 'PerformanceSummary', 'PhysicalServer', 'Rack',
    'SecurityDevice', 'Site', 'StorageSystem', 'VirtualDisk', 'VirtualMachine', 'VirtualNic', 'Vlan',
]
