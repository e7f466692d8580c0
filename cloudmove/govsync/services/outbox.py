"""The outbox: queue a change (in the caller's transaction, so a change and its message commit or roll back
together), and deliver what is due: claim a batch under a lease, POST each item signed, mark it delivered
only on the receiver's acknowledgement of its key, else retry later with back-off and jitter. An item whose
sender died mid-send is claimed again when its lease runs out and resent under the same key, which the
receiver acknowledges as a duplicate: nothing is lost and nothing is taken twice.
"""

import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.services import jobs
from cloudmove.govsync.choices import ItemState
from cloudmove.govsync.engine import protocol
from cloudmove.govsync.models import OutboxItem

log = logging.getLogger(__name__)
SCHEMA = 'cloudmove.govsync.system-change/1'


def configured():
    return bool(settings.CLOUDMOVE_GOVSYNC_URL and settings.CLOUDMOVE_GOVSYNC_SECRET)


# ---------------------------------------------------------------- queueing

def message(kind, system, key, occurred_at):
    """The exchange document of one change (docs/govsync/system-change.v1.schema.json)."""
    from cloudmove.govsync.services import snapshot

    return {'schema': SCHEMA, 'key': str(key), 'kind': kind, 'occurred_at': occurred_at.isoformat(),
            'province': snapshot.province(), 'system': snapshot.system(system)}


def queue(kind, system):
    """One outbox row for `kind` of `system`, with its message as it stands now. Call it inside the
    transaction of the change."""
    item = OutboxItem(kind=kind, system=system, system_code=system.code, unit_id=system.unit_id,
                      next_attempt_at=timezone.now())
    item.payload = message(kind, system, item.key, item.next_attempt_at)
    item.save()
    return item


# ---------------------------------------------------------------- delivering

def _due(now):
    lease = now - timedelta(seconds=settings.CLOUDMOVE_GOVSYNC_LEASE_SECONDS)
    return OutboxItem.objects.filter(Q(state=ItemState.QUEUED, next_attempt_at__lte=now) |
                                     Q(state=ItemState.SENDING, claimed_at__lt=lease))


def claim(now, limit, worker):
    """Take up to `limit` due items for `worker`: each by a conditional update on the state it was read in,
    so two workers never hold the same item."""
    rows = list(_due(now).order_by('next_attempt_at', 'pk').values_list('pk', 'state', 'claimed_at')[:limit])
    taken = []
    for pk, state, claimed_at in rows:
        if OutboxItem.objects.filter(pk=pk, state=state, claimed_at=claimed_at).update(
                state=ItemState.SENDING, claimed_at=now, claimed_by=worker[:100]):
            taken.append(pk)
    return list(OutboxItem.objects.filter(pk__in=taken).order_by('pk'))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer like any other: it is not an acknowledgement


_opener = urllib.request.build_opener(_NoRedirect)


def post(url, secret, item, timeout):
    """(status, acknowledged, error) of one attempt."""
    import json

    body = protocol.body_bytes(item.payload)
    request = urllib.request.Request(url, data=body, method='POST',
                                     headers=protocol.headers(secret, time.time(), body, str(item.key)))
    try:
        with _opener.open(request, timeout=timeout) as response:
            status, text = response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        return exc.code, False, f'HTTP {exc.code}: {exc.read(2000).decode("utf-8", "replace")}'.strip()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, False, str(getattr(exc, 'reason', exc))
    try:
        ack = json.loads(text)
    except ValueError:
        ack = {}
    if 200 <= status < 300 and isinstance(ack, dict) and ack.get('received') == str(item.key):
        return status, True, ''
    return status, False, f'HTTP {status}: no acknowledgement of the key'


def _settle(item, status, ok, error, now):
    """Record an attempt's outcome, unless another sender took the item over meanwhile."""
    with transaction.atomic():
        current = OutboxItem.objects.select_for_update().filter(
            pk=item.pk, state=ItemState.SENDING, claimed_at=item.claimed_at).first()
        if current is None:
            return item
        item = current
        item.attempts += 1
        item.last_status, item.claimed_by = status, ''
        if ok:
            item.state, item.delivered_at, item.last_error, item.next_attempt_at = ItemState.DELIVERED, now, '', None
        elif protocol.permanent(status) or item.attempts >= settings.CLOUDMOVE_GOVSYNC_MAX_ATTEMPTS:
            item.state, item.last_error, item.next_attempt_at = ItemState.FAILED, error[:2000], None
        else:
            item.state, item.last_error = ItemState.QUEUED, error[:2000]
            item.next_attempt_at = now + timedelta(seconds=protocol.backoff(item.attempts))
        item.save()
    return item


def deliver_due(now=None, limit=None, worker=None):
    """One round: claim what is due and send it. Returns (delivered, failed attempts)."""
    if not configured():
        return 0, 0
    now = now or timezone.now()
    worker = worker or jobs.worker_name()
    url, secret = settings.CLOUDMOVE_GOVSYNC_URL, settings.CLOUDMOVE_GOVSYNC_SECRET
    delivered = failed = 0
    for item in claim(now, limit or settings.CLOUDMOVE_GOVSYNC_BATCH, worker):
        status, ok, error = post(url, secret, item, settings.CLOUDMOVE_GOVSYNC_TIMEOUT)
        _settle(item, status, ok, error, timezone.now())
        delivered += ok
        failed += not ok
        if error:
            log.info('govsync item %s not delivered: %s', item.key, error)
    return delivered, failed


@jobs.periodic('govsync.deliver', seconds=2)
def _deliver_round(now):
    deliver_due(now)


# ---------------------------------------------------------------- people

def retry(user, item):
    """Send a failed item again (after its cause is mended)."""
    if user is not None:
        scoping.ensure(user, item, scoping.CHANGE)
    item = OutboxItem.objects.get(pk=item.pk)
    if item.state != ItemState.FAILED:
        raise ValidationError(_('Only a failed item is sent again.'))
    item.state, item.next_attempt_at, item.attempts = ItemState.QUEUED, timezone.now(), 0
    item.save()
    return item


def summary(user=None, unit=None):
    """Items by state in the user's scope, the oldest waiting, the last delivery (two queries)."""
    qs = scoping.trusted_or_scoped(OutboxItem.objects.order_by(), user)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    counts = dict.fromkeys(ItemState.values, 0)
    counts.update(dict(qs.values_list('state').annotate(n=Count('pk'))))
    return {'counts': counts, 'configured': configured(), 'url': settings.CLOUDMOVE_GOVSYNC_URL,
            'last_delivered': qs.filter(state=ItemState.DELIVERED).order_by('-delivered_at')
            .values_list('delivered_at', flat=True).first()}
