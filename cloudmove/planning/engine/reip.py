"""The re-IP plan of a design: which machines need a new address in the shared target, and which.

An address must change when it collides with another unit's address space (the same address, or inside a
prefix of another unit: in one shared cloud both cannot stay), or when a target subnet is chosen and the
address lies outside it. New addresses are drawn in order from the target subnet, skipping its network
and broadcast addresses, its first host (the gateway by convention) and every address already taken.
"""

import ipaddress
from dataclasses import dataclass

KEEP, COLLISION, OUTSIDE, NO_ADDRESS = 'keep', 'collision', 'outside', 'no_address'


def parse_subnet(text):
    try:
        return ipaddress.ip_network(str(text).strip(), strict=False)
    except ValueError:
        raise ValueError(f'“{text}” is not a subnet in CIDR form (for example 10.20.0.0/24).') from None


def contains(subnet, address):
    try:
        return ipaddress.ip_address(address) in parse_subnet(subnet)
    except ValueError:
        return False


@dataclass(frozen=True)
class Row:
    key: object
    current: str | None
    target: str | None
    reason: str


@dataclass(frozen=True)
class ReIpPlan:
    rows: tuple
    missing_subnet: int  # addresses that must change but have no subnet to go to
    exhausted: int       # addresses that must change but found the subnet full

    @property
    def changed(self):
        return sum(1 for r in self.rows if r.current and r.target and r.target != r.current)


def _reserved(net):
    if net.num_addresses <= 2:
        return set()
    return {net.network_address, net.broadcast_address, net.network_address + 1}


def plan(machines, colliding, subnet=None, taken=(), fixed=None):
    """`machines`: [(key, current address or None)]; `colliding`: addresses that collide in the target;
    `taken`: addresses already used (any unit, other designs); `fixed`: {key: target} chosen by hand,
    kept when still valid. Returns a ReIpPlan with one row per machine, in the given order."""
    net = parse_subnet(subnet) if subnet else None
    fixed = fixed or {}
    used = {ipaddress.ip_address(a) for a in taken if a}
    used |= {ipaddress.ip_address(a) for a in fixed.values() if a}
    colliding = {ipaddress.ip_address(a) for a in colliding if a}
    pool = (h for h in (net.hosts() if net else ()) if h not in _reserved(net) and h not in used)
    rows, missing, exhausted = [], 0, 0
    for key, current in machines:
        addr = ipaddress.ip_address(current) if current else None
        chosen = fixed.get(key)
        if addr is None:
            rows.append(Row(key, None, chosen, NO_ADDRESS))
            continue
        if addr in colliding:
            reason = COLLISION
        elif net is not None and (addr.version != net.version or addr not in net):
            reason = OUTSIDE
        else:
            rows.append(Row(key, current, chosen or current, KEEP))
            continue
        if chosen and net is not None and ipaddress.ip_address(chosen) in net:
            rows.append(Row(key, current, chosen, reason))
            continue
        if net is None:
            missing += 1
            rows.append(Row(key, current, None, reason))
            continue
        new = next(pool, None)
        if new is None:
            exhausted += 1
        rows.append(Row(key, current, str(new) if new else None, reason))
    return ReIpPlan(tuple(rows), missing, exhausted)
