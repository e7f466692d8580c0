"""`cloudmove report progress --period YYYY-Qn|YYYY-MM -o FILE.docx [--annex FILE.xlsx]`: the periodic
programme report in the Decree 30/2020 layout (the latest report of the period, or one drafted now)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.reporting.models import ProgressReport
from cloudmove.reporting.services import progress


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument('kind', choices=['progress'])
        parser.add_argument('--period', required=True, help='YYYY-Qn (a quarter) or YYYY-MM (a month).')
        parser.add_argument('-o', '--output', required=True, help='The .docx to write.')
        parser.add_argument('--annex', default=None, help='The .xlsx data annex to write.')
        parser.add_argument('--number', default='', help='Number and symbol of a report drafted now.')

    def handle(self, *args, **options):
        try:
            progress.bounds(options['period'])
            report = ProgressReport.objects.filter(period=options['period']).order_by('-report_date', '-pk').first()
            if report is None:
                report = progress.draft(None, {'period': options['period'], 'number': options['number']})
        except ValidationError as exc:
            raise CommandError(' '.join(exc.messages)) from None
        Path(options['output']).write_bytes(progress.build(report))
        self.stdout.write(_('Report written: %(path)s') % {'path': options['output']})
        if options['annex']:
            Path(options['annex']).write_bytes(progress.annex(report))
            self.stdout.write(_('Annex written: %(path)s') % {'path': options['annex']})
