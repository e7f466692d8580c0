import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from cloudmove.core import audit
from cloudmove.core.exports import neutralise
from cloudmove.core.models import AuditRecord
from cloudmove.core.progress import ProgressBar


class Command(BaseCommand):
    help = 'The audit trail: `audit verify` checks the hash chain; `audit export -o FILE.csv` writes it out.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        sub.add_parser('verify', help='Check the hash chain; non-zero exit and the first bad record if broken.')
        export = sub.add_parser('export', help='Write the trail as CSV.')
        export.add_argument('-o', '--output', default='-')

    def handle(self, *args, **options):
        if options['action'] == 'verify':
            with ProgressBar('audit records') as bar:
                checked, broken = audit.verify(progress=bar)
            if broken:
                raise CommandError(f'Audit chain BROKEN at record #{broken.seq}: {broken.reason} '
                                   f'({checked} records read).')
            self.stdout.write(self.style.SUCCESS(f'Audit chain OK: {checked} records.'))
            return
        out = sys.stdout if options['output'] == '-' else open(options['output'], 'w', newline='', encoding='utf-8')
        fields = ['seq', 'timestamp', 'username', 'source', 'request_id', 'action', 'object_type', 'object_id',
                  'object_repr', 'first_id', 'last_id', 'unit_path', 'before', 'after', 'prev_hash', 'hash']
        writer = csv.writer(out)
        writer.writerow(fields)
        for rec in AuditRecord.objects.order_by('seq').iterator(chunk_size=5000):
            writer.writerow([neutralise(str(getattr(rec, f))) for f in fields])
        if out is not sys.stdout:
            out.close()
