"""Health monitoring of live systems: probes that only reach what the programme registered, their checks
(run by `cloudmove worker` on a schedule), uptime, and incidents opened and closed from the checks."""

import http.client
import socket
import ssl
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.services import jobs, notifications
from cloudmove.execution import choices as c
from cloudmove.execution.engine import health as engine
from cloudmove.execution.models import Incident, Probe, ProbeResult
from cloudmove.execution.services.targets import parse_target, registered_hosts, target_error  # noqa: F401

WINDOWS = (('24h', timedelta(hours=1 * 24)), ('7d', timedelta(days=7)), ('30d', timedelta(days=30)))
KEEP_DAYS = 90
BODY_LIMIT = 256 * 1024   # enough for a keyword on a home page; a probe never downloads a whole file


# ---------------------------------------------------------------- one check

def check(probe):
    """Run one check now: (ok, HTTP status or None, milliseconds, reason it failed)."""
    scheme, host, port, path = parse_target(probe.kind, probe.target)
    started = time.perf_counter()
    try:
        if scheme == 'tcp':
            with socket.create_connection((host, port), timeout=probe.timeout_seconds):
                pass
            return True, None, _ms(started), ''
        conn_class = http.client.HTTPSConnection if scheme == 'https' else http.client.HTTPConnection
        extra = {'context': ssl.create_default_context()} if scheme == 'https' else {}
        conn = conn_class(host, port, timeout=probe.timeout_seconds, **extra)
        try:
            # No redirects are followed: a redirect could lead outside what was registered.
            conn.request('GET', path, headers={'User-Agent': 'CloudMove health probe', 'Connection': 'close'})
            response = conn.getresponse()
            body = response.read(BODY_LIMIT).decode('utf-8', 'replace')
        finally:
            conn.close()
    except (OSError, http.client.HTTPException) as exc:
        return False, None, _ms(started), (str(exc) or type(exc).__name__)[:300]
    ms = _ms(started)
    failed = engine.judge_http(response.status, body, probe.expected_status, probe.keyword)
    if failed == 'status':
        return False, response.status, ms, _('HTTP %(status)s, expected %(expected)s') % {
            'status': response.status, 'expected': probe.expected_status}
    if failed == 'keyword':
        return False, response.status, ms, _('The page does not contain “%(keyword)s”.') % {'keyword': probe.keyword}
    return True, response.status, ms, ''


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


@transaction.atomic
def record(probe, ok, status=None, ms=None, error='', at=None):
    """Store one check and act on it: an incident after N failures in a row, closed on recovery, each with
    a notification to the unit's officers and the programme office."""
    at = at or timezone.now()
    probe = Probe.objects.select_for_update().select_related('system__unit').get(pk=probe.pk)
    ProbeResult.objects.create(probe=probe, at=at, ok=ok, status_code=status, ms=ms, error=error[:300])
    incident = probe.incidents.filter(closed_at__isnull=True).order_by('-opened_at').first()
    failures, action = engine.after_check(probe.consecutive_failures, ok, probe.failures_to_open,
                                          incident is not None)
    Probe.objects.filter(pk=probe.pk).update(consecutive_failures=failures, last_checked_at=at, last_ok=ok)
    system = probe.system
    if action == engine.OPEN:
        incident = Incident(system=system, probe=probe, kind=c.IncidentKind.HEALTH, severity=c.Severity.HIGH,
                            opened_at=at, title=_('%(probe)s does not answer') % {'probe': probe.name},
                            description=_('%(n)s checks in a row failed; the last: %(error)s') % {
                                'n': failures, 'error': error or '—'})
        incident.save()
        _tell(system, _('Incident: %(system)s — %(probe)s does not answer') % {'system': system.code,
                                                                                'probe': probe.name}, incident)
    elif action == engine.CLOSE:
        incident.closed_at = at
        incident.resolution = _('Recovered: the probe passed again at %(at)s.') % {
            'at': timezone.localtime(at).strftime('%Y-%m-%d %H:%M:%S')}
        incident.save()
        _tell(system, _('Recovered: %(system)s — %(probe)s answers again') % {'system': system.code,
                                                                                'probe': probe.name}, incident)
    return incident


def _tell(system, title, incident):
    users = [*notifications.unit_officers(system.unit), *notifications.programme_admins()]
    notifications.notify(users, title, link=f'/execution/incidents/{incident.pk}/')


def run_probe(probe, at=None):
    ok, status, ms, error = check(probe)
    return record(probe, ok, status, ms, error, at=at)


def due(now=None):
    """Enabled probes whose interval has passed since their last check."""
    now = now or timezone.now()
    return [p for p in Probe.objects.filter(enabled=True).select_related('system')
            if p.last_checked_at is None or p.last_checked_at + timedelta(seconds=p.interval_seconds) <= now]


def _claim(probe, now):
    """Mark the probe as being checked; False when another worker claimed it first."""
    return bool(Probe.objects.filter(pk=probe.pk, last_checked_at=probe.last_checked_at)
                .update(last_checked_at=now))


@jobs.periodic('execution.probes', seconds=5)
def run_due(now=None):
    """The worker's round: check every due probe once (claimed, so two workers never check it twice), and
    forget results older than KEEP_DAYS."""
    now = now or timezone.now()
    ran = 0
    for probe in due(now):
        if _claim(probe, now):
            previous = probe.last_checked_at
            probe.last_checked_at = now
            if target_error(probe):   # the registration changed since: never probe what is not registered
                Probe.objects.filter(pk=probe.pk).update(enabled=False, last_checked_at=previous)
                continue
            run_probe(probe, at=now)
            ran += 1
    ProbeResult.objects.filter(at__lt=now - timedelta(days=KEEP_DAYS)).delete()
    return ran


# ---------------------------------------------------------------- reading

def uptime(probes_qs, now=None):
    """{probe id: {'24h': %, '7d': %, '30d': %, 'ms_24h': average}} in one aggregate query."""
    now = now or timezone.now()
    spans = {}
    for key, span in WINDOWS:
        since = now - span
        spans[f'n_{key}'] = Count('results', filter=Q(results__at__gte=since))
        spans[f'ok_{key}'] = Count('results', filter=Q(results__at__gte=since, results__ok=True))
    spans['ms_24h'] = Avg('results__ms', filter=Q(results__at__gte=now - timedelta(days=1)))
    out = {}
    for row in probes_qs.order_by().values('pk').annotate(**spans):
        out[row['pk']] = {key: engine.uptime_pct(row[f'ok_{key}'], row[f'n_{key}']) for key, _span in WINDOWS}
        out[row['pk']]['ms_24h'] = round(row['ms_24h'], 1) if row['ms_24h'] is not None else None
    return out


def series(probe, hours=24, now=None):
    """The probe's checks of the last `hours` for the response-time chart: [(ISO time, ms or None, ok)]."""
    now = now or timezone.now()
    rows = probe.results.filter(at__gte=now - timedelta(hours=hours)).order_by('at').values_list('at', 'ms', 'ok')
    return [(timezone.localtime(at).isoformat(timespec='seconds'), ms if ok else None, ok) for at, ms, ok in rows]


def system_health(user, system):
    """A system's probes with their uptime and open incidents (scoped), for its page and the board."""
    probes = scoping.scope(Probe.objects.filter(system=system), user)
    figures = uptime(probes)
    open_incidents = scoping.scope(Incident.objects.filter(system=system, closed_at__isnull=True), user)
    return {'probes': [{'probe': p, **figures.get(p.pk, {})} for p in probes],
            'open_incidents': list(open_incidents.order_by('-opened_at')[:10])}


def healthy_since(system, days, today=None):
    """Whether the system has had no health incident open during the last `days` days (an incident that
    closed before the window started does not count)."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=days), datetime.min.time()))
    return not Incident.objects.filter(system=system, kind=c.IncidentKind.HEALTH).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start)).exists()


def failing_now():
    return Probe.objects.filter(enabled=True, last_ok=False, consecutive_failures__gte=F('failures_to_open'))
