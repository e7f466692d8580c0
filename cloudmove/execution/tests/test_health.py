"""Health monitoring against servers the tests start on 127.0.0.1: a probe records uptime, opens an incident
after N failures in a row when the server stops and closes it when the server is back; TCP probes; the
keyword and the expected status; redirects not followed; only registered addresses are probed; the
worker's periodic round claims due probes."""

import contextlib
import http.server
import socket
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cloudmove.assessment.tests.test_runs import make_system, make_vm
from cloudmove.core.models import Notification
from cloudmove.core.services import jobs
from cloudmove.execution.engine import health as engine
from cloudmove.execution.models import Incident, Probe, ProbeResult
from cloudmove.execution.services import health
from cloudmove.inventory.models import IpAddress, VirtualNic


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == '/moved':
            self.send_response(302)
            self.send_header('Location', 'http://example.org/')
            self.end_headers()
            return
        body = 'Cổng dịch vụ công — đang hoạt động'.encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server:
    """An HTTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self):
        self.port = None
        self.httpd = None

    def start(self):
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', self.port or 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    s.start()
    yield s
    with contextlib.suppress(OSError):   # already stopped by the test
        s.stop()


@pytest.fixture
def system(tree, server):
    s = make_system(tree['a'], 'PORTAL', 2)
    s.urls = f'http://127.0.0.1:{server.port}/'
    s.save()
    return s


def probe(system, target, **extra):
    values = {'system': system, 'name': 'Cổng', 'target': target, 'failures_to_open': 2, 'timeout_seconds': 2,
              **extra}
    p = Probe(**values)
    p.full_clean()   # what every form and the API run
    p.save()
    return p


def test_the_arithmetic_of_checks():
    failures, actions = 0, []
    for ok in (True, False, False, False, True, True):
        failures, action = engine.after_check(failures, ok, 2, 'open' in actions and 'close' not in actions)
        actions.append(action)
    assert actions == [None, None, 'open', None, 'close', None]
    assert engine.uptime_pct(2, 5) == 40.0 and engine.uptime_pct(0, 0) is None
    assert engine.judge_http(200, 'abc', 200, 'b') is None
    assert engine.judge_http(500, 'abc', 200, '') == 'status'
    assert engine.judge_http(200, 'abc', 200, 'x') == 'keyword'


def test_a_probe_records_uptime_and_opens_and_closes_an_incident(system, server, users):
    p = probe(system, f'http://127.0.0.1:{server.port}/', keyword='đang hoạt động')
    start = timezone.now() - timedelta(minutes=10)
    assert health.run_probe(p, at=start) is None
    server.stop()
    assert health.run_probe(p, at=start + timedelta(minutes=1)) is None          # one failure: no incident yet
    incident = health.run_probe(p, at=start + timedelta(minutes=2))             # two in a row: an incident
    assert incident is not None and incident.is_open and incident.kind == 'health' and incident.probe_id == p.pk
    health.run_probe(p, at=start + timedelta(minutes=3))                        # still down: the same incident
    assert Incident.objects.count() == 1
    assert Notification.objects.filter(user=users['officer_a'], title__startswith='Incident: PORTAL').count() == 1
    assert Notification.objects.filter(user=users['admin'], title__startswith='Incident: PORTAL').count() == 1

    server.start()                                                               # back on the same port
    closed = health.run_probe(p, at=start + timedelta(minutes=4))
    assert closed.pk == incident.pk and closed.closed_at == start + timedelta(minutes=4)
    assert Notification.objects.filter(user=users['officer_a'], title__startswith='Recovered: PORTAL').count() == 1
    assert not Notification.objects.filter(user=users['officer_b']).exists()

    rows = list(ProbeResult.objects.filter(probe=p).order_by('at').values_list('ok', 'status_code'))
    assert rows == [(True, 200), (False, None), (False, None), (False, None), (True, 200)]
    figures = health.uptime(Probe.objects.filter(pk=p.pk))[p.pk]
    assert (figures['24h'], figures['7d'], figures['30d']) == (40.0, 40.0, 40.0)
    assert figures['ms_24h'] is not None and figures['ms_24h'] > 0
    p.refresh_from_db()
    assert (p.consecutive_failures, p.last_ok) == (0, True)
    assert [ok for _at, _ms, ok in health.series(p)] == [True, False, False, False, True]
    assert health.healthy_since(system, 1) is False   # the incident was open within the day


def test_keyword_status_redirect_and_tcp(system, server):
    base = f'http://127.0.0.1:{server.port}'
    ok, status, _ms, error = health.check(probe(system, f'{base}/', keyword='không có chữ này'))
    assert (ok, status) == (False, 200) and 'không có chữ này' in error
    ok, status, _ms, error = health.check(probe(system, f'{base}/moved'))
    assert (ok, status) == (False, 302) and 'expected 200' in error          # a redirect is never followed
    assert health.check(probe(system, f'{base}/moved', expected_status=302))[0] is True
    assert health.check(probe(system, f'127.0.0.1:{server.port}', kind='tcp'))[0] is True
    tcp = probe(system, f'127.0.0.1:{server.port}', kind='tcp')
    server.stop()
    ok, status, _ms, error = health.check(tcp)
    assert ok is False and status is None and error


def test_only_registered_addresses_are_probed(system, tree, server):
    with pytest.raises(ValidationError) as info:
        probe(system, 'http://10.9.9.9/')
    assert 'not registered for this system' in str(info.value)
    with pytest.raises(ValidationError):
        probe(system, 'ftp://127.0.0.1/')
    with pytest.raises(ValidationError):
        probe(system, '127.0.0.1', kind='tcp')
    # a machine's address registers it too
    vm = make_vm(tree['a'], system, 'portal-db', 2, 4096, 20)
    IpAddress.objects.create(unit=tree['a'], address='10.9.9.9', vm_nic=VirtualNic.objects.create(vm=vm, label='n'))
    assert probe(system, '10.9.9.9:5432', kind='tcp').pk
    assert health.registered_hosts(system) == {'127.0.0.1', '10.9.9.9'}


def test_the_worker_round_checks_due_probes_once(system, server):
    p = probe(system, f'http://127.0.0.1:{server.port}/', interval_seconds=60)
    off = probe(system, f'http://127.0.0.1:{server.port}/', enabled=False)
    now = timezone.now()
    assert health.run_due(now) == 1
    assert health.run_due(now + timedelta(seconds=30)) == 0      # not due before its interval
    assert health.run_due(now + timedelta(seconds=61)) == 1
    assert ProbeResult.objects.filter(probe=p).count() == 2 and not ProbeResult.objects.filter(probe=off).exists()
    # the worker loop calls it through the periodic registry
    last = {}
    assert jobs.run_periodic(last) == len(jobs.PERIODIC) and jobs.run_periodic(last) == 0
    # a registration removed since: the probe is switched off, not checked
    system.urls = ''
    system.save()
    Probe.objects.filter(pk=p.pk).update(last_checked_at=None)
    assert health.run_due(timezone.now()) == 0
    p.refresh_from_db()
    assert p.enabled is False and ProbeResult.objects.filter(probe=p).count() <= 3


def test_a_free_port_refuses(system):
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    system.urls = f'{system.urls}\nhttp://127.0.0.1:{port}/'
    system.save()
    ok, _status, _ms, error = health.check(probe(system, f'http://127.0.0.1:{port}/'))
    assert ok is False and error
