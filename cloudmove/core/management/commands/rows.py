"""`cloudmove rows import MODEL PATH --user NAME [--dry-run] [--json]` and `cloudmove rows template MODEL -o
FILE --user NAME [--all]`: any list's rows from and to CSV or .xlsx (core.imports.objects), as the user's
scope allows; `cloudmove rows models` lists the lists that import."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.core import registry, scoping
from cloudmove.core.exports import write_csv, write_xlsx
from cloudmove.core.imports import command, formats
from cloudmove.core.imports import objects as object_import


class Command(BaseCommand):
    help = 'Import or export the rows of any list: `rows import MODEL PATH --user NAME`, `rows template MODEL -o FILE`.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        one = sub.add_parser('import', help='Create or update rows of MODEL (app_label.model_name) from a file.')
        one.add_argument('model')
        one.add_argument('path')
        command.add_options(one, user_help='Act as this user (required: their scope and rights apply).')
        template = sub.add_parser('template', help='Write the import file of MODEL: empty, or with --all the rows '
                                                   'the user may see.')
        template.add_argument('model')
        template.add_argument('-o', '--output', required=True, help='FILE.xlsx or FILE.csv')
        template.add_argument('--all', action='store_true', help='With the current rows.')
        template.add_argument('--user', required=True)
        template.add_argument('--lang', default=None)
        sub.add_parser('models', help='List the models that import.')

    def handle(self, *args, **options):
        if options['action'] == 'models':
            for c in registry.configs():
                if object_import.importable(c):
                    self.stdout.write(f'{c.model._meta.label_lower}\t{c.verbose_name_plural}')
            return
        config = object_import.config_of(options['model'])
        if config is None:
            raise CommandError(_('Not a list that imports: %(model)s (see `rows models`).') % {
                'model': options['model']})
        user = command.user_of(options)
        if user is None:
            raise CommandError(_('Say which user the rows are written as: --user NAME.'))
        if options['action'] == 'import':
            command.run(self, formats.get('objects'), options['path'], user, options,
                        model=config.model._meta.label_lower)
            return
        with translation.override(options.get('lang') or user.language or translation.get_language()):
            queryset = scoping.scope(config.base_queryset(), user) if options['all'] else None
            as_csv = options['output'].lower().endswith('.csv')
            title, header, rows = object_import.template(config, user, queryset, csv=as_csv)
            if as_csv:
                with open(options['output'], 'w', newline='', encoding='utf-8') as fh:
                    write_csv(fh, header, rows)
            else:
                write_xlsx(options['output'], [(title, header, rows)])
        self.stdout.write(options['output'])
