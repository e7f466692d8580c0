"""The Government cloud link in one process: changes queue in their own transaction, the message follows
the published schema, the signature and the window are checked, failures retry with back-off, refusals
wait for a person, a dead sender's items are taken over without being taken twice; and with the receiver
down 100 changes queue and are all delivered exactly once when it is back."""

import datetime
import json
import socket
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from cloudmove.core.models import AuditRecord
from cloudmove.execution.models import Migration
from cloudmove.govsync.engine import protocol
from cloudmove.govsync.models import OutboxItem
from cloudmove.govsync.receiver import make_server
from cloudmove.govsync.services import outbox
from cloudmove.inventory.services.generate import sample_system

SECRET = 'một-bí-mật-chung-2026'
SCHEMAS = settings.BASE_DIR / 'docs' / 'govsync'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Receiver:
    """The stand-in receiver in a thread, on a fixed port so it can be stopped and started again."""

    def __init__(self, port, secret=SECRET, **options):
        self.port, self.secret, self.options, self.server = port, secret, options, None

    def start(self):
        self.server = make_server('127.0.0.1', self.port, self.secret, SCHEMAS, **self.options)
        threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def report(self):
        return self.server.ledger.report()


@pytest.fixture
def link(settings, tmp_path):
    port = free_port()
    settings.CLOUDMOVE_GOVSYNC_URL = f'http://127.0.0.1:{port}/items'
    settings.CLOUDMOVE_GOVSYNC_SECRET = SECRET
    settings.CLOUDMOVE_GOVSYNC_TIMEOUT = 5
    receiver = Receiver(port, store=tmp_path / 'keys.jsonl')
    yield receiver
    if receiver.server is not None:
        receiver.stop()


def _live(systems):
    """Each system goes live: a real change of its migration record, saved as the lifecycle saves it."""
    for system in systems:
        migration = Migration.objects.create(system=system, state='trial_run')
        migration.state = 'live'
        migration.live_since = timezone.localdate()
        migration.save()


def _systems(tree, n):
    return [sample_system(tree['a'], f'HT{k:03d}') for k in range(n)]


def _until_empty(now=None, rounds=20):
    total = 0
    for _k in range(rounds):
        ok, failed = outbox.deliver_due(now)
        total += ok
        if not ok and not failed:
            break
    return total


def test_the_signature_the_window_and_the_back_off():
    body = protocol.body_bytes({'b': 1, 'a': 'ắ'})
    assert body == '{"a":"ắ","b":1}'.encode()
    signature = protocol.sign(SECRET, 1_800_000_000, body)
    assert protocol.check(SECRET, '1800000000', signature, body, 1_800_000_100) is None
    assert protocol.check(SECRET, '1800000000', signature, body + b' ', 1_800_000_100) == 'signature does not match'
    assert protocol.check('other', '1800000000', signature, body, 1_800_000_100) == 'signature does not match'
    assert protocol.check(SECRET, '1800000000', signature, body, 1_800_000_301) == 'timestamp outside the window'
    assert protocol.check(SECRET, 'soon', signature, body, 1_800_000_000).startswith('timestamp missing')
    delays = [protocol.backoff(k, rng=lambda: 1.0) for k in (1, 2, 3, 4, 20)]
    assert delays == [2, 4, 8, 16, 3600]
    assert [protocol.backoff(k, rng=lambda: 0.0) for k in (1, 2, 3)] == [1, 2, 4]   # half is random
    assert protocol.permanent(401) and protocol.permanent(422) and not protocol.permanent(429)
    assert not protocol.permanent(503) and not protocol.permanent(None)


def test_a_change_and_its_message_commit_or_roll_back_together(tree):
    system, other = _systems(tree, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        _live([system])
        assert OutboxItem.objects.count() == 1
        raise RuntimeError('the change fails after it was saved')
    assert not OutboxItem.objects.exists() and not Migration.objects.exists()

    _live([other])
    item = OutboxItem.objects.get()
    assert (item.kind, item.system_code, item.state, item.unit) == ('system.live', other.code, 'queued', tree['a'])
    validator = Draft202012Validator(json.loads((SCHEMAS / 'system-change.v1.schema.json').read_text()),
                                     format_checker=FormatChecker())
    assert list(validator.iter_errors(item.payload)) == []
    assert item.payload['system']['status'] == 'live' and item.payload['key'] == str(item.key)
    # saving the migration again in the same state queues nothing more; closing it queues the decommissioning
    migration = Migration.objects.get(system=other)
    migration.coordinator = 'Nguyễn Văn A'
    migration.save()
    assert OutboxItem.objects.count() == 1
    migration.state = 'closed'
    migration.save()
    assert list(OutboxItem.objects.order_by('pk').values_list('kind', flat=True)) == [
        'system.live', 'system.decommissioned']


def test_with_the_receiver_down_100_changes_queue_and_are_delivered_exactly_once(link, tree):
    _live(_systems(tree, 100))
    assert OutboxItem.objects.filter(state='queued').count() == 100

    assert outbox.deliver_due() == (0, 50)   # nobody listens: every attempt of the batch fails, nothing lost
    waiting = OutboxItem.objects.filter(attempts=1)
    assert waiting.count() == 50 and set(waiting.values_list('state', flat=True)) == {'queued'}
    assert 'refused' in waiting.first().last_error.lower()
    assert all(i.next_attempt_at > timezone.now() for i in waiting)   # retried later, not at once

    link.start()
    later = timezone.now() + datetime.timedelta(hours=2)
    assert _until_empty(later) == 100
    report = link.report()
    assert report['distinct'] == 100 and report['duplicates'] == 0 and report['refused_total'] == 0
    assert report['by_kind'] == {'system.live': 100}
    assert OutboxItem.objects.filter(state='delivered').count() == 100
    assert AuditRecord.objects.filter(object_type='govsync.outboxitem', after__state='delivered').count() == 100

    # The receiver restarts (its store keeps the keys): a resend of every item is taken as a duplicate only.
    link.stop()
    link.start()
    OutboxItem.objects.update(state='queued', next_attempt_at=timezone.now())
    assert _until_empty() == 100
    report = link.report()
    assert report['distinct'] == 100 and report['duplicates'] == 100


def test_a_bad_secret_or_message_waits_for_a_person_and_a_retry_sends_it(link, tree, settings, users):
    link.start()
    _live(_systems(tree, 2))
    settings.CLOUDMOVE_GOVSYNC_SECRET = 'not-the-secret'
    assert outbox.deliver_due() == (0, 2)
    failed = OutboxItem.objects.filter(state='failed')
    assert failed.count() == 2 and failed.first().last_status == 401 and failed.first().next_attempt_at is None
    assert 'signature does not match' in failed.first().last_error
    assert link.report()['refused'] == {'signature': 2}

    bad = OutboxItem.objects.order_by('pk').first()
    bad.payload = {**bad.payload, 'kind': 'system.moved'}
    bad.save()
    settings.CLOUDMOVE_GOVSYNC_SECRET = SECRET
    for item in OutboxItem.objects.all():
        outbox.retry(users['admin'], item)
    assert outbox.deliver_due() == (1, 1)
    bad.refresh_from_db()
    assert bad.state == 'failed' and bad.last_status == 422 and 'kind' in bad.last_error
    with pytest.raises(PermissionDenied):
        outbox.retry(users['officer_a'], bad)   # the office's to do


def test_a_dead_senders_items_are_taken_over_and_not_taken_twice(link, tree, settings):
    link.start()
    _live(_systems(tree, 3))
    now = timezone.now()
    held = outbox.claim(now, 10, 'worker-that-dies')
    assert len(held) == 3 and outbox.claim(now, 10, 'another') == []   # never two holders
    # the dead worker had sent the first item before it died, but never recorded the acknowledgement
    assert outbox.post(settings.CLOUDMOVE_GOVSYNC_URL, SECRET, held[0], 5)[1] is True
    assert outbox.deliver_due(now + datetime.timedelta(seconds=30)) == (0, 0)   # its lease still runs
    lease = datetime.timedelta(seconds=settings.CLOUDMOVE_GOVSYNC_LEASE_SECONDS + 1)
    assert outbox.deliver_due(now + lease) == (3, 0)
    report = link.report()
    assert report['distinct'] == 3 and report['duplicates'] == 1
    # the dead worker's late outcome, if it ever came, changes nothing
    outbox._settle(held[1], 500, False, 'late', timezone.now())
    assert OutboxItem.objects.get(pk=held[1].pk).state == 'delivered'


def test_the_page_and_the_api_show_each_items_state(link, tree, users, client, no_2fa):
    from cloudmove.conftest import api_client

    _live(_systems(tree, 2))
    client.force_login(users['admin'])
    page = client.get('/govsync/').content.decode()
    assert page.count('data-state="queued"') == 2 and 'data-count="queued" data-n="2"' in page
    link.start()
    outbox.deliver_due()
    page = client.get('/govsync/?state=delivered').content.decode()
    assert page.count('data-state="delivered"') == 2
    listed = api_client(users['admin']).get('/api/govsync/outbox/').json()
    assert [r['state'] for r in listed['results']] == ['delivered', 'delivered']
    assert listed['results'][0]['attempts'] == 1 and listed['results'][0]['payload']['schema']
    status = api_client(users['admin']).get('/api/govsync/status/').json()
    assert status['counts']['delivered'] == 2 and status['configured'] is True
    assert api_client(users['officer_b']).get('/api/govsync/outbox/').json()['count'] == 0   # not its systems
    assert api_client(users['officer_a']).get('/api/govsync/outbox/').json()['count'] == 2
