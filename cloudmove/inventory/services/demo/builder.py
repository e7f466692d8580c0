"""The demo inventory builder: its seeded random generators, shared state and helpers, the build order,
and the bulk write of everything it built, recorded in the audit trail."""

import random
import uuid
from datetime import timedelta

from cloudmove.core import audit, demo_data
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.catalogue import BATCH, DC_RESERVED, PLANTED, REFERENCE_DATE, SEED, SUMMARY_KEYS
from cloudmove.inventory.services.demo.infrastructure import InfrastructureMixin
from cloudmove.inventory.services.demo.links import LinksMixin
from cloudmove.inventory.services.demo.network import NetworkMixin
from cloudmove.inventory.services.demo.systems import SystemsMixin
from cloudmove.inventory.services.demo.vms import VirtualMachinesMixin


class _Builder(InfrastructureMixin, SystemsMixin, VirtualMachinesMixin, NetworkMixin, LinksMixin):
    """Builds the whole demo inventory in memory (`build`), then writes it (`write`).

    Two seeded generators: `rng` draws the data, `uid_rng` the `uid`s and VM UUIDs. The order of the draws
    is the data: reordering steps or draws changes every row after them."""

    def __init__(self, units):
        self.rng = random.Random(SEED)
        self.uid_rng = random.Random(SEED + 1)
        self.units = units
        self.order = {code: i for i, (code, *_rest) in enumerate(demo_data.all_units())}
        self.out = {key: [] for key in SUMMARY_KEYS}
        self.systems = {}
        self.pools = {}
        self.macs = set()
        self.serials = set()
        self.planted_addresses = {a for a, _units in PLANTED['duplicate_ips_across_units']}
        self.planted_addresses |= {a for _u, a in PLANTED['duplicate_ips_within_unit']}
        self.dc_vids = iter(range(1001, 4000))
        self.unit_vids = {}
        self.dc_app_nets = (f'10.200.{x}.0/24' for x in range(256) if f'10.200.{x}.0/24' not in DC_RESERVED)
        self.dc_dmz_nets = (f'10.250.{x}.{y}/26' for x in range(256) for y in (0, 64, 128, 192))
        self.dc_backup_nets = (f'10.210.{x}.0/24' for x in range(256))
        self.dr_nets = (f'10.220.{x}.0/24' for x in range(256))
        self.machines_of = {}  # system code -> list of VMs / servers
        self.seen = {}  # address -> unit code of its first row
        self.gateways = {}  # (unit code, site code) -> devices answering for the gateways
        self.vm_names = set()

    # ------------------------------------------------------------ helpers

    def uid(self):
        return uuid.UUID(int=self.uid_rng.getrandbits(128), version=4)

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p):
        return self.rng.random() < p

    @staticmethod
    def subjects(personal, users, internet):
        """People whose data a system holds: citizens for public services, staff otherwise. Derived
        without the random stream so that the rest of the demo stays as it was."""
        if not personal:
            return None
        return users * (40 if internet else 2)

    def day(self, lo, hi):
        return REFERENCE_DATE + timedelta(days=self.rng.randint(lo, hi))

    def mac(self, oui):
        while True:
            value = f'{oui}:' + ':'.join(f'{self.rng.randrange(256):02x}' for _ in range(3))
            if value not in self.macs:
                self.macs.add(value)
                return value

    def serial(self, manufacturer):
        alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
        length, head = {'Dell': (7, ''), 'HPE': (10, 'CZ'), 'Lenovo': (8, 'J30'), 'Huawei': (12, '2102'),
                        'Fujitsu': (10, 'YM'), 'IBM': (7, '06')}.get(manufacturer, (10, 'SN'))
        while True:
            value = head + ''.join(self.pick(alphabet) for _ in range(length - len(head)))
            if value not in self.serials:
                self.serials.add(value)
                return value

    def pair(self, makers, models):
        """A manufacturer and its model, drawn together."""
        i = self.rng.randrange(len(makers))
        return makers[i], models[i]

    def add(self, key, obj):
        self.out[key].append(obj)
        return obj

    # ------------------------------------------------------------ build

    def build(self):
        self.build_sites()
        self.build_systems()
        self.build_equipment()
        self.build_vms()
        self.plant_names()
        self.build_devices()
        self.build_addresses()
        self.build_dependencies()
        self.build_performance()

    # writing --------------------------------------------------------------------------------------

    def write(self, progress=None):
        steps = [
            ('systems', m.InformationSystem), ('sites', m.Site), ('racks', m.Rack), ('clusters', m.Cluster),
            ('servers', m.PhysicalServer), ('vms', m.VirtualMachine), ('disks', m.VirtualDisk),
            ('nics', m.VirtualNic), ('devices', m.Device), ('vlans', m.Vlan), ('prefixes', m.IpPrefix),
            ('ip_addresses', m.IpAddress), ('dependencies', m.Dependency), ('performance', m.PerformanceSummary),
        ]
        m2m = {'vms': (m.VirtualMachine.systems.through, 'virtualmachine_id'),
               'servers': (m.PhysicalServer.systems.through, 'physicalserver_id'),
               'devices': (m.Device.systems.through, 'device_id')}
        summary = {}
        for i, (key, model) in enumerate(steps, 1):
            objs = self.out[key]
            model._base_manager.bulk_create(objs, batch_size=BATCH)
            entries = []  # batch records: one Created per run of objects of one model and one unit
            links = []
            through = m2m.get(key)
            for obj in objs:
                after = audit.snapshot(obj)
                if through:
                    linked = sorted({s.pk for s in obj._systems})
                    after['systems'] = linked
                    links.extend(through[0](**{through[1]: obj.pk, 'informationsystem_id': pk}) for pk in linked)
                path = audit.instance_unit_path(obj)
                if not entries or entries[-1].model is not type(obj) or entries[-1].unit_path != path:
                    entries.append(audit.Created(type(obj), [], [], [], path))
                batch = entries[-1]
                batch.ids.append(obj.pk)
                batch.reprs.append(str(obj)[:200])
                batch.afters.append(after)
            if links:
                through[0].objects.bulk_create(links, batch_size=BATCH)
            audit.record_many(entries)
            summary[key] = (len(objs), 0)
            if progress:
                progress(i, len(steps))
        return summary
