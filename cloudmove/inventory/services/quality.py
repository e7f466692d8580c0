"""Data-quality findings of the inventory, for one unit's subtree or for everything a user may see.

Everything listed is loaded through `core.scoping.scope()`; the one exception is the prefix overlap
check, which must compare a unit's prefixes with every other unit's (the point is to re-address
before moving into a shared cloud). There the other side is shown in full only when the user may
view it; otherwise it is reduced to "another unit" and the overlapping CIDR, without link, id or
unit. Each category costs one or two `values_list()` queries, however many findings there are.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core import registry, scoping
from cloudmove.core.models import Unit
from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import quality as engine

CATEGORIES = (
    ('duplicate_hostnames', gettext_lazy('Duplicate host names')),
    ('duplicate_ips', gettext_lazy('Duplicate IP addresses')),
    ('prefix_overlaps', gettext_lazy('Prefixes overlapping across units')),
    ('machines_without_system', gettext_lazy('Machines not linked to an information system')),
    ('systems_without_owner', gettext_lazy('Systems without an operating unit')),
    ('systems_without_level', gettext_lazy('Systems without a security level')),
    ('systems_without_machines', gettext_lazy('Systems without servers or virtual machines')),
)

# Systems that are expected to have no machines yet (or any more).
NO_MACHINES_EXPECTED = (c.Lifecycle.PLANNED, c.Lifecycle.RETIRED)

RELATIONS = {
    engine.SAME: gettext_lazy('same prefix as'),
    engine.CONTAINS: gettext_lazy('contains'),
    engine.WITHIN: gettext_lazy('lies inside'),
    engine.PARTIAL: gettext_lazy('overlaps'),
}


class _Refs:
    """Builds the {type, id, text, unit, url} dicts of findings; detail URLs are reversed once per model."""

    def __init__(self):
        self._models = {}

    def _model(self, model):
        if model not in self._models:
            config = registry.get(model)
            url = None
            if config is not None:
                marker = 987654321987
                head, tail = reverse(config.url_name('detail'), args=[marker]).split(str(marker))
                url = (head, tail)
            self._models[model] = (model._meta.label_lower, str(model._meta.verbose_name), url)
        return self._models[model]

    def __call__(self, model, pk, text, unit):
        label, verbose, url = self._model(model)
        return {'type': label, 'type_label': verbose, 'id': pk, 'text': text, 'unit': unit,
                'url': f'{url[0]}{pk}{url[1]}' if url else None, 'hidden': False}

    def hidden(self, model, text):
        """The other side of a conflict that the user may not view: what it is, nothing of whose it is."""
        label, verbose, _url = self._model(model)
        return {'type': label, 'type_label': verbose, 'id': None, 'text': text, 'unit': _('Another unit'),
                'url': None, 'hidden': True}


def _in_unit(queryset, unit):
    """Restrict a scoped queryset to a unit and its sub-units (through the model's own path lookup)."""
    if unit is None:
        return queryset
    return queryset.filter(**{f'{queryset.model.scope_path_lookup}__startswith': unit.path})


def _visible(model, user, unit):
    return _in_unit(scoping.scope(model._default_manager.all(), user), unit).order_by()


def scope_units(user):
    """The units a user may choose to look at: those in their scope."""
    return scoping.scope(Unit.objects.filter(is_active=True), user).order_by('path')


def unit_from_param(user, value):
    """The unit named by a `?unit=<id>` parameter: None when absent, 404 when invalid or out of scope."""
    if value in (None, ''):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise scoping.OutOfScope(_('Not found.'))
    return scoping.get_or_404(Unit.objects.all(), user, pk=pk)


def duplicate_hostnames(user, unit, ref):
    """Physical servers' host names, VMs' names and DNS names equal ignoring case, across the scope."""
    servers = list(_visible(m.PhysicalServer, user, unit).values_list('pk', 'hostname', 'unit__code'))
    vms = list(_visible(m.VirtualMachine, user, unit).filter(is_template=False)
               .values_list('pk', 'name', 'dns_name', 'unit__code'))
    info = {}
    rows = []
    for pk, hostname, unit_code in servers:
        info[('s', pk)] = (m.PhysicalServer, pk, hostname, unit_code)
        rows.append((hostname, ('s', pk), unit_code))
    for pk, name, dns_name, unit_code in vms:
        info[('v', pk)] = (m.VirtualMachine, pk, name, unit_code)
        rows.append((name, ('v', pk), unit_code))
        rows.append((dns_name, ('v', pk), unit_code))
    groups = engine.duplicates(rows, normalise=engine.normalise_name)
    out = [{'key': g.key, 'cross_unit': g.cross_unit, 'objects': [ref(*info[key]) for key, _u in g.members]}
           for g in groups]
    return sorted(out, key=lambda g: g['key'])


def duplicate_ips(user, unit, ref):
    """IP address rows with the same address (compared numerically), within one unit or across units."""
    rows = list(_visible(m.IpAddress, user, unit).values_list('address_hex', 'pk', 'unit__code', 'address'))
    text = {pk: address for _h, pk, _u, address in rows}
    groups = engine.duplicates((h, pk, unit_code) for h, pk, unit_code, _a in rows)
    out = [{'key': text[g.members[0][0]], 'sort': g.key, 'cross_unit': g.cross_unit,
            'objects': [ref(m.IpAddress, pk, text[pk], unit_code) for pk, unit_code in g.members]}
           for g in groups]
    out.sort(key=lambda g: g.pop('sort'))
    return out


def prefix_overlaps(user, unit, ref):
    """Pairs of prefixes of different units sharing addresses, each with both sides.

    The sweep runs over every prefix of the province; a pair is listed when at least one side is
    visible to the user (and, with a unit, inside that unit's subtree). A side outside the user's
    scope shows only its CIDR, as "another unit".
    """
    everything = list(m.IpPrefix.objects.order_by().values_list('pk', 'unit_id', 'first_hex', 'last_hex'))
    visible = dict(_visible(m.IpPrefix, user, None).values_list('pk', 'unit__code'))
    chosen = visible if unit is None else set(_visible(m.IpPrefix, user, unit).values_list('pk', flat=True))
    ranges = {pk: engine.hex_range(first, last) for pk, _unit, first, last in everything}
    pairs = engine.overlapping_prefixes((pk, unit_id, ranges[pk]) for pk, unit_id, _f, _l in everything)
    pairs = [p for p in pairs if p.a in chosen or p.b in chosen]
    if not pairs:
        return []
    ids = {p.a for p in pairs} | {p.b for p in pairs}
    cidrs = dict(m.IpPrefix.objects.filter(pk__in=ids).values_list('pk', 'cidr'))

    def side(pk):
        if pk in visible:
            return ref(m.IpPrefix, pk, cidrs[pk], visible[pk])
        return ref.hidden(m.IpPrefix, cidrs[pk])

    out = []
    for p in pairs:
        a, b, relation = p.a, p.b, p.relation
        if a not in chosen:  # the user's own side first
            a, b = b, a
            relation = {engine.CONTAINS: engine.WITHIN, engine.WITHIN: engine.CONTAINS}.get(relation, relation)
        out.append({
            'a': side(a), 'b': side(b), 'relation': relation, 'relation_label': str(RELATIONS[relation]),
            'shared': engine.range_text(p.first, p.last, p.family),
            'sort': (ranges[a][2], ranges[a][0], -ranges[a][1], ranges[b][0], -ranges[b][1]),
        })
    out.sort(key=lambda o: o.pop('sort'))
    return out


def machines_without_system(user, unit, ref):
    """VMs (not templates) and physical servers that are not virtualisation hosts, linked to no system.

    A server counts as a virtualisation host when its role says so, it belongs to a cluster or it
    runs VMs; decommissioned servers are left out.
    """
    vm_links = m.VirtualMachine.systems.through.objects.filter(virtualmachine_id=OuterRef('pk'))
    vms = (_visible(m.VirtualMachine, user, unit).filter(is_template=False).filter(~Exists(vm_links))
           .values_list('pk', 'name', 'unit__code').order_by('unit__code', 'name', 'pk'))
    server_links = m.PhysicalServer.systems.through.objects.filter(physicalserver_id=OuterRef('pk'))
    hosted = m.VirtualMachine.objects.filter(host_id=OuterRef('pk'))
    servers = (_visible(m.PhysicalServer, user, unit)
               .exclude(role=c.ServerRole.HYPERVISOR).exclude(status=c.EquipmentStatus.DECOMMISSIONED)
               .filter(cluster__isnull=True).filter(~Exists(server_links), ~Exists(hosted))
               .values_list('pk', 'hostname', 'unit__code').order_by('unit__code', 'hostname', 'pk'))
    return ([ref(m.PhysicalServer, pk, text, code) for pk, text, code in servers]
            + [ref(m.VirtualMachine, pk, text, code) for pk, text, code in vms])


def system_findings(user, unit, ref):
    """The three checks on information systems, from one query.

    "Without an owner" means no `operating_unit`: the unit accountable for running the system. The
    owning `unit` is mandatory and so always present, and contacts are designated per unit, not per
    system (core.Contact), so the operating unit is the one per-system accountability field that can
    be missing.

    "Without machines" means linked to no VM, no physical server and no device (whatever their
    unit); planned and retired systems are expected to have none and are left out.
    """
    def linked(model, column):
        return Exists(model.systems.through.objects.filter(**{column: OuterRef('pk')}))

    rows = (_visible(m.InformationSystem, user, unit)
            .annotate(has_vm=linked(m.VirtualMachine, 'informationsystem_id'),
                      has_server=linked(m.PhysicalServer, 'informationsystem_id'),
                      has_device=linked(m.Device, 'informationsystem_id'))
            .order_by('code')
            .values_list('pk', 'code', 'name', 'unit__code', 'operating_unit_id', 'security_level', 'lifecycle',
                         'has_vm', 'has_server', 'has_device'))
    no_owner, no_level, no_machines = [], [], []
    for pk, code, name, unit_code, operating_unit, level, lifecycle, has_vm, has_server, has_device in rows:
        item = ref(m.InformationSystem, pk, f'{code} – {name}', unit_code)
        if operating_unit is None:
            no_owner.append(item)
        if level is None:
            no_level.append(item)
        if not (has_vm or has_server or has_device) and lifecycle not in NO_MACHINES_EXPECTED:
            no_machines.append(item)
    return no_owner, no_level, no_machines


def findings(user, unit=None) -> dict:
    """Every data-quality finding the user may see, for `unit`'s subtree or for the whole scope.

    Returns {'unit': {...} or None, 'categories': [(key, label)], 'counts': {key: n}, key: [findings]}.
    Objects are dicts {type, type_label, id, text, unit, url, hidden}; duplicates are groups
    {key, cross_unit, objects}; overlaps are {a, b, relation, relation_label, shared}, `a` being
    the side in the user's scope (and chosen unit).
    """
    if unit is not None and not scoping.allowed(user, unit):
        raise scoping.OutOfScope(_('Not found.'))
    ref = _Refs()
    no_owner, no_level, no_machines = system_findings(user, unit, ref)
    result = {
        'unit': None if unit is None else {'id': unit.pk, 'code': unit.code, 'name': unit.name},
        'duplicate_hostnames': duplicate_hostnames(user, unit, ref),
        'duplicate_ips': duplicate_ips(user, unit, ref),
        'prefix_overlaps': prefix_overlaps(user, unit, ref),
        'machines_without_system': machines_without_system(user, unit, ref),
        'systems_without_owner': no_owner,
        'systems_without_level': no_level,
        'systems_without_machines': no_machines,
    }
    result['categories'] = [(key, str(label)) for key, label in CATEGORIES]
    result['counts'] = {key: len(result[key]) for key, _label in CATEGORIES}
    return result
