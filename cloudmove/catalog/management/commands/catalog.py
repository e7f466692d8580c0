from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.catalog.models import Provider
from cloudmove.catalog.pricebook import spec
from cloudmove.catalog.services import prices
from cloudmove.core.engine import cells
from cloudmove.core.imports import command, formats


def _date(value):
    try:
        return cells.a_date(value)
    except cells.CellError:
        raise CommandError(_('Not a date (dd/mm/yyyy or yyyy-mm-dd): %(value)s') % {'value': value})


class Command(BaseCommand):
    help = ('The cloud catalogue: `catalog import-prices FILE --provider CODE [--dry-run] [--json]`, '
            '`catalog export-prices --provider CODE -o FILE`.')

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        self.add_price_arguments(sub)

    def add_price_arguments(self, sub):
        imp = sub.add_parser('import-prices', help="Validate and import a provider's price book (all or nothing).")
        imp.add_argument('path')
        imp.add_argument('--provider', required=True, help='Provider code.')
        imp.add_argument('--version', default=None,
                         help='Version the file goes into (required for a CSV; overrides the workbook).')
        imp.add_argument('--valid-from', type=_date, default=None, help='Start date of a new version.')
        imp.add_argument('--valid-to', type=_date, default=None, help='End date of the version.')
        command.add_options(imp, user_help='Act as this user (must be a programme administrator).')
        exp = sub.add_parser('export-prices', help="Write a provider's price book (.xlsx, or one kind as .csv).")
        exp.add_argument('--provider', required=True, help='Provider code.')
        exp.add_argument('--version', default=None, help='Version to export (default: the one in force).')
        exp.add_argument('--kind', choices=sorted(spec.KINDS), default=None,
                         help='Write this kind of item (or all) as CSV; a -o ending in .csv means all.')
        exp.add_argument('-o', '--output', required=True)

    def handle(self, *args, **options):
        handler = {'import-prices': self.import_prices, 'export-prices': self.export_prices}[options['action']]
        return handler(options)

    def _provider(self, code):
        provider = Provider.objects.filter(code=code).first()
        if provider is None:
            raise CommandError(_('Unknown provider: %(code)s') % {'code': code})
        return provider

    def export_prices(self, options):
        provider = self._provider(options['provider'])
        book = prices.pick(provider, options['version'])
        if book is None:
            message = _('%(code)s has no price book version %(version)s.') if options['version'] else _(
                '%(code)s has no price book.')
            raise CommandError(message % {'code': provider.code, 'version': options['version']})
        kind = options['kind']
        if kind is None and options['output'].lower().endswith('.csv'):
            kind = 'all'  # the whole version in one CSV
        counts = prices.export(book, options['output'], kind)
        self.stdout.write(self.style.SUCCESS(_('Wrote %(path)s (%(code)s %(version)s): %(counts)s') % {
            'path': options['output'], 'code': provider.code, 'version': book.version,
            'counts': ', '.join(f'{title} {n}' for title, n in counts.items())}))

    def import_prices(self, options):
        provider = self._provider(options['provider'])
        command.run(self, formats.get('prices'), options['path'], provider, options, heading=self._heading,
                    version=options['version'], valid_from=options['valid_from'], valid_to=options['valid_to'])

    def _heading(self, result):
        book = result.get('price_book') or {}
        heading = (_('Version %(version)s (new)') if book.get('new') else _('Version %(version)s')) % {
            'version': book.get('version')}
        for end in book.get('ends') or ():
            heading += '\n' + (_('  version %(version)s ends on %(day)s, the day before this one starts') % {
                'version': end['version'], 'day': end['valid_to'].strftime('%d/%m/%Y')})
        return heading
