"""Data-quality checks on plain values: pure functions, no Django.

The service loads rows with `values_list()` and hands them over as tuples; these functions find the
groups and pairs that the data-quality page lists. Nothing here knows who is looking: the caller
decides what each side of a finding may show.
"""

import heapq
import ipaddress
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Relation of side `a` to side `b` of an overlapping pair.
SAME, CONTAINS, WITHIN, PARTIAL = 'same', 'contains', 'within', 'partial'


@dataclass(frozen=True)
class Group:
    """Objects sharing one key (a host name, an IP address)."""

    key: object
    members: tuple  # ((id, unit), ...) in input order, each object once
    units: frozenset

    @property
    def cross_unit(self):
        return len(self.units) > 1


@dataclass(frozen=True)
class Overlap:
    """Two ranges of the same family that share at least one address."""

    a: object  # id of the first side
    a_unit: object
    b: object
    b_unit: object
    relation: str  # how `a` relates to `b`: SAME, CONTAINS, WITHIN or PARTIAL
    first: int  # the shared range [first, last]
    last: int
    family: int


def normalise_name(value):
    """A host name compared case-insensitively, without surrounding blanks or a trailing root dot."""
    if value is None:
        return ''
    return str(value).strip().rstrip('.').casefold()


def duplicates(rows: Iterable[tuple], normalise=None) -> list[Group]:
    """Groups of at least two distinct objects sharing a key.

    `rows` are `(key, id, unit)`; an object may come several times (under several keys, or twice
    under the same one) and counts once per key. Empty keys are ignored. Groups come in the order
    their key first appeared.
    """
    seen = {}
    for key, ident, unit in rows:
        if normalise is not None:
            key = normalise(key)
        if key is None or key == '':
            continue
        members = seen.setdefault(key, {})
        members.setdefault(ident, unit)
    return [Group(key, tuple(members.items()), frozenset(members.values()))
            for key, members in seen.items() if len(members) > 1]


def network_range(value):
    """(first, last, family) of a CIDR string, an ip_network, or an already computed triple."""
    if isinstance(value, tuple):
        first, last, family = value
        return int(first), int(last), int(family)
    network = value if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network) else (
        ipaddress.ip_network(str(value).strip(), strict=False))
    return int(network.network_address), int(network.broadcast_address), network.version


def hex_range(first_hex, last_hex):
    """(first, last, family) from the fixed-width hex columns stored on prefixes ('4' + 32 hex digits)."""
    return int(first_hex[1:], 16), int(last_hex[1:], 16), int(first_hex[0])


def _relation(a_first, a_last, b_first, b_last):
    if a_first == b_first and a_last == b_last:
        return SAME
    if a_first <= b_first and b_last <= a_last:
        return CONTAINS
    if b_first <= a_first and a_last <= b_last:
        return WITHIN
    return PARTIAL


def overlapping_prefixes(ranges: Iterable[tuple], cross_unit=True) -> list[Overlap]:
    """Every pair of overlapping ranges, by a sort-and-sweep in O(n log n + k).

    `ranges` are `(id, unit, range)` where range is a CIDR string, an ip_network or `(first, last,
    family)` with inclusive integer bounds. IPv4 and IPv6 are swept separately (an IPv4 and an IPv6
    range never overlap). With `cross_unit` (the default) only pairs owned by different units are
    returned. Adjacent ranges (one ends right before the other starts) do not overlap.

    Sweep: ranges sorted by start (the wider first on a tie); a min-heap of the open ranges keyed by
    their end. Before a range is added, the heap drops every range that ended before it starts; all
    that remain overlap it, so each step costs log n plus the pairs it reports.
    """
    by_family = defaultdict(list)
    for ident, unit, value in ranges:
        first, last, family = network_range(value)
        if last < first:
            raise ValueError(f'empty range for {ident!r}')
        by_family[family].append((first, -last, ident, unit))
    pairs = []
    for family in sorted(by_family):
        items = sorted(by_family[family], key=lambda t: (t[0], t[1], str(t[2])))
        open_ranges = []  # heap of (last, tiebreak, first, id, unit)
        for n, (first, neg_last, ident, unit) in enumerate(items):
            last = -neg_last
            while open_ranges and open_ranges[0][0] < first:
                heapq.heappop(open_ranges)
            for o_last, _n, o_first, o_ident, o_unit in open_ranges:
                if cross_unit and o_unit == unit:
                    continue
                pairs.append(Overlap(
                    a=o_ident, a_unit=o_unit, b=ident, b_unit=unit,
                    relation=_relation(o_first, o_last, first, last),
                    first=max(o_first, first), last=min(o_last, last), family=family,
                ))
            heapq.heappush(open_ranges, (last, n, first, ident, unit))
    return pairs


def overlapping_prefixes_brute_force(ranges: Iterable[tuple], cross_unit=True) -> set[frozenset]:
    """The same pairs by comparing every two ranges: O(n²), for tests and tiny inputs."""
    items = [(ident, unit, *network_range(value)) for ident, unit, value in ranges]
    found = set()
    for i, (a, a_unit, a_first, a_last, a_family) in enumerate(items):
        for b, b_unit, b_first, b_last, b_family in items[i + 1:]:
            if a_family != b_family or (cross_unit and a_unit == b_unit):
                continue
            if a_first <= b_last and b_first <= a_last:
                found.add(frozenset((a, b)))
    return found


def range_text(first, last, family):
    """The shared range as a CIDR when it is one block, otherwise 'first – last'."""
    cls = ipaddress.IPv4Address if family == 4 else ipaddress.IPv6Address
    blocks = list(ipaddress.summarize_address_range(cls(first), cls(last)))
    if len(blocks) == 1:
        return str(blocks[0])
    return f'{cls(first)} – {cls(last)}'
