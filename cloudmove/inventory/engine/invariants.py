"""The rules across a record's fields and the fields derived from others, each stated once. Pure Python.

The models' clean() and save() and the importers' bulk paths (which bypass both) call these same
functions, so a rule cannot drift between a form and an import. A rule yields (field or None, code)
pairs; `cloudmove.inventory.invariants` turns the codes into sentences in the user's language. Values
are read by truthiness, so ids (a model) and natural keys (a workbook row) both work.
"""

import ipaddress

from cloudmove.core.engine.cells import IPV4

DEPENDENCY_SOURCES = ('source_system', 'source_vm', 'source_server')
DEPENDENCY_TARGETS = ('target_system', 'target_vm', 'target_server')
OTHER_PLATFORM = 'other'


def ip_hex(address) -> str:
    """Fixed-width hex of an address: string order is numeric order, IPv4 before IPv6."""
    if type(address) is str and IPV4.fullmatch(address):  # the common case, without building an object
        a, b, c, d = address.split('.')
        return f'4{(int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d):032x}'
    ip = ipaddress.ip_address(address)
    return f'{ip.version}{int(ip):032x}'


def prefix_fields(cidr):
    """What a prefix's CIDR text determines: its canonical form and the hex bounds the overlap checks use."""
    network = ipaddress.ip_network(str(cidr).strip(), strict=False)
    return {'cidr': str(network), 'first_hex': ip_hex(network.network_address),
            'last_hex': ip_hex(network.broadcast_address)}


def address_fields(address):
    return {'address_hex': ip_hex(address)}


# model key -> (the fields a change must recompute, the function recomputing them from the values)
DERIVED = {'ipprefix': (('cidr',), prefix_fields, ('cidr', 'first_hex', 'last_hex')),
           'ipaddress': (('address',), address_fields, ('address_hex',))}


def derive(model_key, values):
    """The derived fields of `values` (a dict of a record's fields) for the model `model_key`, or {}."""
    rule = DERIVED.get(model_key)
    if rule is None:
        return {}
    sources, compute, _fields = rule
    if not all(values.get(f) for f in sources):
        return {}
    return compute(*(values[f] for f in sources))


def dependency(values):
    sources = [f for f in DEPENDENCY_SOURCES if values.get(f)]
    targets = [f for f in DEPENDENCY_TARGETS if values.get(f)]
    if len(sources) != 1:
        yield None, 'one_source'
    if len(targets) + bool(values.get('target_external')) != 1:
        yield None, 'one_target'
    if values.get('target_external') == OTHER_PLATFORM and not values.get('target_name'):
        yield 'target_name', 'name_other'


def performance(values):
    if bool(values.get('vm')) == bool(values.get('server')):
        yield None, 'vm_or_server'


def ip_address(values):
    if sum(1 for f in ('server', 'vm_nic', 'device') if values.get(f)) > 1:
        yield None, 'one_holder'


def prefix(values):
    cidr, gateway = values.get('cidr'), values.get('gateway')
    try:
        network = ipaddress.ip_network(str(cidr).strip(), strict=False) if cidr else None
    except ValueError:
        yield 'cidr', 'bad_prefix'
        return
    if network is not None and gateway and ipaddress.ip_address(gateway) not in network:
        yield 'gateway', 'gateway_outside'


RULES = {'dependency': dependency, 'performancesummary': performance, 'ipaddress': ip_address, 'ipprefix': prefix}


def problems(model_key, values):
    """[(field or None, code)] of every rule of the model that `values` break."""
    rule = RULES.get(model_key)
    return list(rule(values)) if rule else []
