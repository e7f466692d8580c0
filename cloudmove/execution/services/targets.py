"""What a health probe may reach: only the addresses the programme registered for its system. Reads the
inventory and the designs, never the execution models (the probe model's validation calls it)."""

import ipaddress
import urllib.parse

from django.utils.translation import gettext as _

from cloudmove.execution import choices as c


def registered_hosts(system):
    """Host names and addresses the programme holds for `system`: the hosts of its public URLs, the
    addresses and DNS names of its machines' interfaces, and the target addresses of its design."""
    from cloudmove.inventory.models import IpAddress
    from cloudmove.planning.services import designs

    hosts = set()
    for line in (system.urls or '').splitlines():
        line = line.strip()
        if line:
            host = urllib.parse.urlsplit(line if '//' in line else f'//{line}').hostname
            if host:
                hosts.add(host.lower())
    rows = IpAddress.objects.filter(vm_nic__vm__systems=system).values_list('address', 'dns_name')
    for address, dns_name in rows:
        hosts.add(address.lower())
        if dns_name:
            hosts.add(dns_name.lower().rstrip('.'))
    hosts.update(a.lower() for a in designs.target_addresses(system))
    return hosts


def parse_target(kind, target):
    """(scheme, host, port, path) of a probe's target; ValueError with the reason when it is not one."""
    target = (target or '').strip()
    if kind == c.ProbeKind.HTTP:
        parts = urllib.parse.urlsplit(target)
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise ValueError(_('An HTTP probe needs a URL that starts with http:// or https://.'))
        try:
            port = parts.port or (443 if parts.scheme == 'https' else 80)
        except ValueError:
            raise ValueError(_('The port of the URL is not a number between 0 and 65535.')) from None
        path = parts.path or '/'
        return parts.scheme, parts.hostname.lower(), port, path + (f'?{parts.query}' if parts.query else '')
    host, sep, port = target.rpartition(':')
    host = host.strip('[]')
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(_('A TCP probe needs host:port, such as 10.0.0.5:5432.'))
    return 'tcp', host.lower(), int(port), ''


def _same_address(a, b):
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return False


def target_error(probe):
    """Why a probe's target may not be probed ('' when it may): it must parse and its host must be one the
    programme registered for the probe's system."""
    try:
        _scheme, host, _port, _path = parse_target(probe.kind, probe.target)
    except ValueError as exc:
        return str(exc)
    hosts = registered_hosts(probe.system)
    if host in hosts or any(_same_address(host, h) for h in hosts):
        return ''
    return _('“%(host)s” is not registered for this system: probes reach only its public URLs, its '
             'machines\' addresses and DNS names, and the target addresses of its design.') % {'host': host}
