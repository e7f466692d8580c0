"""`cloudmove restore FILE`: load a backup into this instance, which must be empty (its schema is brought up
to date first and must match the backup's); every table's count and content hash is then compared with the
backup's manifest. All or nothing."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.core import audit
from cloudmove.core.progress import ProgressBar
from cloudmove.core.services import backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument('file')

    def handle(self, *args, **options):
        try:
            backup.read_manifest(options['file'])
            call_command('migrate', verbosity=0)
            with audit.suspended():
                tables, rows, files = backup.restore(options['file'], progress=ProgressBar(_('Restore')))
        except backup.RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_('Restored %(rows)d rows in %(tables)d tables and %(files)d files; every table matches '
                            'the backup.') % {'rows': rows, 'tables': tables, 'files': files})
