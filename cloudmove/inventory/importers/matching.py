"""Pieces the CSV-template importers compose (rather than inherit from each other): how a file's VMs are
keyed and matched to the unit's records, how "Disk N" / "NIC N" find the parts already recorded, and how
address and MAC lists become a VM's NICs."""

from collections import defaultdict

from django.utils.translation import gettext as _

from cloudmove.core.engine import cells
from cloudmove.core.imports.messages import cell_message
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import discovery
from cloudmove.inventory.importers.base import _rows, unknown_message

VM_FIELDS = ('name', 'vm_uuid', 'vcpus', 'memory_mib', 'os_name', 'os_family', 'os_version', 'firmware',
             'dns_name', 'annotation', 'is_template', 'power_state', 'disk_total_mib', 'disk_used_mib', 'disk_basis')


def key_by_name(values):
    return values['name']


def key_by_id(values):
    """The source's machine identifier (kept in `vm_uuid`) when given, else the name."""
    return ('id', values['vm_uuid']) if values.get('vm_uuid') else ('name', values['name'])


def add_vm(importer, n, column, values):
    """Record one parsed VM under its key; None (with an error) when the key was already seen."""
    key = importer._key_of(values)
    if key in importer.vms:
        shown = key[1] if isinstance(key, tuple) else key
        importer.error(importer.SHEET, n, column, shown, cell_message('duplicate', what=shown,
                                                                    other=importer.vms[key]['row']))
        return None
    importer.vms[key] = {'row': n, 'values': values}
    return key


def match_by_name(importer, column):
    """Each VM of the file is the unit's VM of that name (or new)."""
    existing_vms = _rows(m.VirtualMachine.objects.filter(unit=importer.unit), *VM_FIELDS)
    by_name = defaultdict(list)
    for row in existing_vms:
        by_name[row['name']].append(row)
    for key, item in importer.vms.items():
        values = item['values']
        same = by_name.get(values['name'], [])
        if len(same) > 1:
            importer.error(importer.SHEET, item['row'], column, values['name'], _(
                'Several VMs of this unit have this name (from different sources); the row cannot be matched.'))
            continue
        _claim(importer, key, same[0] if same else None, values)
    importer.existing_vms = existing_vms


def plan_by_id_or_name(importer):
    """The plan of a cloud inventory whose VMs carry an identifier (AWS, Google): VMs matched by id or
    name, NICs numbered by the file's order, then disks, NICs and addresses."""
    match_by_id_or_name(importer)
    if importer.errors:
        return
    relabel(importer, m.VirtualNic, importer.nics, 'NIC')
    importer._plan_children()


def match_by_id_or_name(importer):
    """Each VM of the file is the unit's VM with its identifier, else with its name when that VM has no
    identifier of its own (or new)."""
    existing_vms = _rows(m.VirtualMachine.objects.filter(unit=importer.unit), *VM_FIELDS)
    by_id, by_name = defaultdict(list), defaultdict(list)
    for row in existing_vms:
        by_name[row['name']].append(row)
        if row['vm_uuid']:
            by_id[row['vm_uuid']].append(row)
    names = {}
    for key, item in importer.vms.items():
        values = item['values']
        same = by_id.get(values['vm_uuid'], []) if values.get('vm_uuid') else []
        if not same:
            same = [r for r in by_name.get(values['name'], []) if not values.get('vm_uuid') or not r['vm_uuid']]
            if not same and by_name.get(values['name']):
                importer.error(importer.SHEET, item['row'], '', values['name'], _(
                    'A VM of this unit already has this name with another identifier.'))
                continue
        if len(same) > 1:
            importer.error(importer.SHEET, item['row'], '', values['name'], _(
                'Several VMs of this unit have this name (from different sources); the row cannot be matched.'))
            continue
        if values['name'] in names and names[values['name']] != key:
            importer.error(importer.SHEET, item['row'], '', values['name'], cell_message(
                'duplicate', what=values['name'], other=importer.vms[names[values['name']]]['row']))
            continue
        names[values['name']] = key
        _claim(importer, key, same[0] if same else None, values)
    importer.existing_vms = existing_vms


def _claim(importer, key, target, values):
    if target is not None:
        importer.vm_pks[key] = target['_pk']
    importer._match('vms', target, values, values['name'])


def relabel(importer, model, parts, word):
    """'Disk N' / 'NIC N' of a VM already recorded -> the label of its Nth disk / NIC, so that re-importing
    an export of the inventory updates in place."""
    labels = defaultdict(list)
    pks = list(importer.vm_pks.values())
    for start in range(0, len(pks), 2000):
        for vm_pk, label in model.objects.filter(vm_id__in=pks[start:start + 2000]).order_by('pk').values_list(
                'vm_id', 'label'):
            labels[vm_pk].append(label)
    for key, by_label in parts.items():
        known = labels.get(importer.vm_pks.get(key), [])
        if not known:
            continue
        renamed = {}
        for label, values in by_label.items():
            index = int(label.split()[-1]) - 1
            if index < len(known) and f'{word} {index + 1}' == label:
                values['label'] = known[index]
            renamed[values['label']] = values
        parts[key] = renamed


def nics_from_lists(importer, n, get, names, key, macs='macs', ips='ips'):
    """A VM's NICs from a row's MAC list and address list: one NIC per MAC, the addresses on the first.
    An unreadable address or MAC is left out with a warning."""
    found = {'macs': [], 'ips': []}
    for kind, field, parse in (('macs', macs, cells.mac), ('ips', ips, cells.ip)):
        for raw in discovery.split_list(get(field)):
            try:
                found[kind].append(parse(raw))
            except cells.CellError as exc:
                importer.warn(importer.SHEET, n, names[field], raw, unknown_message(cell_message(exc.code)))
    for i, mac in enumerate(dict.fromkeys(found['macs']), start=1):
        importer.nics[key][f'NIC {i}'] = {'label': f'NIC {i}', 'mac': mac, '_ips': []}
    if found['ips']:
        nic = importer.nics[key].setdefault('NIC 1', {'label': 'NIC 1', '_ips': []})
        nic['_ips'] = list(dict.fromkeys(found['ips']))
