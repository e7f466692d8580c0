"""`cloudmove govsync receiver --port N --secret S [--host 127.0.0.1] [--window 300] [--store FILE]`: the
stand-in receiver. `cloudmove govsync deliver [--until-empty]`: send what is due now (the worker does it
every few seconds). `cloudmove govsync status [--json]`: the outbox by state. `cloudmove govsync retry`:
send every failed item again. `cloudmove govsync catalogue FILE|URL`: read the national catalogue of
shared services into the catalogue."""

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from cloudmove.govsync.choices import ItemState
from cloudmove.govsync.models import OutboxItem
from cloudmove.govsync.services import outbox


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        receiver = sub.add_parser('receiver', help='Run the stand-in receiver on this machine.')
        receiver.add_argument('--host', default='127.0.0.1')
        receiver.add_argument('--port', type=int, required=True)
        receiver.add_argument('--secret', required=True)
        receiver.add_argument('--window', type=int, default=300, help='Seconds a signed message stays valid.')
        receiver.add_argument('--store', default=None, help='A file that keeps the keys taken across restarts.')
        receiver.add_argument('--delay', type=float, default=0.0, help='Seconds to wait before each answer.')
        receiver.add_argument('--schemas', default=str(settings.BASE_DIR / 'docs' / 'govsync'))
        deliver = sub.add_parser('deliver', help='Send what is due now.')
        deliver.add_argument('--until-empty', action='store_true', help='Repeat until nothing is due.')
        status = sub.add_parser('status', help='The outbox by state.')
        status.add_argument('--json', action='store_true')
        sub.add_parser('retry', help='Send every failed item again.')
        catalogue = sub.add_parser('catalogue', help='Read the national catalogue of shared services.')
        catalogue.add_argument('source', help='A file or an http(s) address.')

    def handle(self, *args, **options):
        getattr(self, '_' + options['action'])(options)

    def _receiver(self, options):
        from cloudmove.govsync.receiver import make_server

        if options['host'] not in ('127.0.0.1', 'localhost', '::1'):
            raise CommandError(_('The stand-in receiver listens on this machine only (127.0.0.1).'))
        server = make_server(options['host'], options['port'], options['secret'], options['schemas'],
                             window=options['window'], store=options['store'], delay=options['delay'])
        self.stdout.write(_('Receiving on http://%(host)s:%(port)s/items (report at /received)') % {
            'host': options['host'], 'port': server.server_address[1]})
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _deliver(self, options):
        if not outbox.configured():
            raise CommandError(_('Set CLOUDMOVE_GOVSYNC_URL and CLOUDMOVE_GOVSYNC_SECRET first.'))
        total_ok = total_failed = 0
        while True:
            ok, failed = outbox.deliver_due()
            total_ok, total_failed = total_ok + ok, total_failed + failed
            if not options['until_empty'] or not (ok or failed):
                break
            if failed and not ok:
                time.sleep(1)
        self.stdout.write(_('%(ok)d delivered, %(failed)d attempts failed.') % {'ok': total_ok,
                                                                              'failed': total_failed})

    def _status(self, options):
        summary = outbox.summary()
        if options['json']:
            failed = list(OutboxItem.objects.filter(state=ItemState.FAILED).values(
                'key', 'system_code', 'kind', 'attempts', 'last_status', 'last_error')[:100])
            self.stdout.write(json.dumps({**summary, 'failed_items': failed}, cls=DjangoJSONEncoder))
            return
        for state, n in summary['counts'].items():
            self.stdout.write(f'{ItemState(state).label}: {n}')

    def _retry(self, options):
        items = list(OutboxItem.objects.filter(state=ItemState.FAILED))
        for item in items:
            outbox.retry(None, item)
        self.stdout.write(_('%(n)d items queued again.') % {'n': len(items)})

    def _catalogue(self, options):
        from django.core.exceptions import ValidationError

        from cloudmove.govsync.services import catalogue

        try:
            added, updated, retired = catalogue.read(options['source'])
        except ValidationError as exc:
            raise CommandError('\n'.join(exc.messages)) from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_('National services: %(a)d added, %(u)d updated, %(r)d no longer listed.') % {
            'a': added, 'u': updated, 'r': retired})
