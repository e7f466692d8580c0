from django.core.management.base import BaseCommand, CommandError

from cloudmove.core import i18n


class Command(BaseCommand):
    help = 'Translations: `i18n update` extracts strings into the catalogue, `compile` builds the .mo, ' \
           '`check` lists untranslated strings.'

    def add_arguments(self, parser):
        parser.add_argument('action', choices=['update', 'compile', 'check'])
        parser.add_argument('--lang', default='vi')

    def handle(self, *args, **options):
        action, lang = options['action'], options['lang']
        if action == 'update':
            added, removed = i18n.update(lang)
            self.stdout.write(f'{lang}: {added} new strings, {removed} removed.')
        elif action == 'compile':
            i18n.compile(lang)
            self.stdout.write(f'{lang}: compiled.')
        else:
            gaps = i18n.missing(lang)
            for msgid, place in gaps:
                self.stdout.write(f'{place}: {msgid!r}')
            if gaps:
                raise CommandError(f'{len(gaps)} untranslated strings.')
            self.stdout.write(f'{lang}: complete.')
