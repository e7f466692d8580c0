"""`cloudmove backup -o FILE [--include-secret-key]`: the whole instance (every table, the attachments, a
manifest of counts and hashes) in one zip readable by its owner only."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cloudmove.core.progress import ProgressBar
from cloudmove.core.services import backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument('-o', '--output', required=True)
        parser.add_argument('--include-secret-key', action='store_true',
                            help='Also keep the secret key, so that sessions survive a restore elsewhere.')

    def handle(self, *args, **options):
        manifest = backup.backup(options['output'], progress=ProgressBar(_('Backup')),
                                 include_secret_key=options['include_secret_key'])
        rows = sum(t['rows'] for t in manifest['tables'].values())
        self.stdout.write(_('Backup written: %(path)s (%(tables)d tables, %(rows)d rows, %(files)d files).') % {
            'path': options['output'], 'tables': len(manifest['tables']), 'rows': rows,
            'files': len(manifest['media'])})
