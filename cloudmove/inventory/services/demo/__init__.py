"""The demo province's inventory: information systems, server rooms, clusters, servers, VMs, devices, the
address plan, dependencies and performance summaries of a Thanh Hóa-like province (synthetic data).

Everything comes from one seeded random generator, so every run produces the same rows (including
their `uid`s). The whole set is built in memory, written with bulk inserts and recorded in the audit
trail with `record_many()` (batch records, as for an import). A second run finds the `demo_inventory`
site setting and writes nothing.

A few data-quality problems are planted on purpose (overlapping prefixes, duplicate addresses and
names, systems without a security level or without machines, VMs without a system); `PLANTED` lists
them so that tests and the data-quality pages can check that they are found.

The package, split by concept: `catalogue` (constants, `PLANTED`, the static tables), `builder` (the
seeded generators, shared state, build order and the bulk write with its audit trail), and the builder's
mixins `infrastructure` (sites, racks, clusters, servers, devices), `systems`, `vms` (VMs, disks, NICs),
`network` (VLANs, prefixes, addresses) and `links` (dependencies, performance).
"""

from django.db import transaction

from cloudmove.core import demo_data
from cloudmove.core.models import SiteSetting, Unit
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.builder import _Builder
from cloudmove.inventory.services.demo.catalogue import MARKER_SYSTEM, PLANTED, SETTING_KEY, SUMMARY_KEYS, VERSION

__all__ = ['MARKER_SYSTEM', 'PLANTED', 'SETTING_KEY', 'SUMMARY_KEYS', 'VERSION', 'load_inventory_demo', 'present']


def present():
    """Whether the demo inventory is already in the database (by its marker, or by its first system)."""
    return (SiteSetting.get(SETTING_KEY) is not None
            or m.InformationSystem.objects.filter(code=MARKER_SYSTEM).exists())


@transaction.atomic
def load_inventory_demo(progress=None):
    """Create the demo inventory once. Returns {name: (created, updated)} like the rest of the demo loader."""
    if present():
        return dict.fromkeys(SUMMARY_KEYS, (0, 0))
    units = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in demo_data.all_units()])}
    builder = _Builder(units)
    builder.build()
    summary = builder.write(progress)
    SiteSetting.put(SETTING_KEY, VERSION)
    return summary
