import os
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = 'Serve the web UI and API with waitress (production-grade WSGI server, pure Python).'

    def add_arguments(self, parser):
        parser.add_argument('--port', type=int, default=None, help='Default: PORT or 8000.')
        parser.add_argument('--host', default=os.environ.get('HOST', '127.0.0.1'))
        parser.add_argument('--threads', type=int, default=int(os.environ.get('WEB_THREADS', 8)))
        parser.add_argument('--trusted-proxy', default=os.environ.get('TRUSTED_PROXY', ''),
                            help='Address of the reverse proxy (nginx, HAProxy) whose X-Forwarded-Proto and '
                                 'X-Forwarded-For are believed; from anyone else they are dropped.')
        parser.add_argument('--no-worker', action='store_true',
                            help='Do not run background jobs in this process (production runs `cloudmove worker`).')

    def handle(self, *args, **options):
        from waitress import serve

        from cloudmove.wsgi import application

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError('The database is not up to date: run `cloudmove migrate` (or `cloudmove demo`).')
        port = options['port'] or int(os.environ.get('PORT', 8000))
        host = options['host']
        self.stdout.write(self.style.SUCCESS(f'CloudMove on http://{host}:{port}/  (Ctrl+C stops)'))
        if not settings.CLOUDMOVE_REQUIRE_2FA:
            self.stdout.write(self.style.WARNING('Second factor is OFF (CLOUDMOVE_REQUIRE_2FA=0).'))
        if not options['no_worker']:
            # The embedded default: jobs run in a thread of the web process, nothing else to start.
            from cloudmove.core.services import jobs

            threading.Thread(target=jobs.work, name='cloudmove-worker', daemon=True).start()
            self.stdout.write('Background jobs run in this process (--no-worker to leave them to `cloudmove worker`).')
        self.stdout.flush()
        proxy = {}
        if options['trusted_proxy']:
            # Without it waitress drops the proxy's headers: every request would look like plain HTTP and the
            # production profile would redirect it to HTTPS for ever.
            proxy = {'trusted_proxy': options['trusted_proxy'],
                     'trusted_proxy_headers': 'x-forwarded-proto x-forwarded-for'}
        serve(application, host=host, port=port, threads=options['threads'], ident='CloudMove', **proxy)
