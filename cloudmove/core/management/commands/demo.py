from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cloudmove.core.progress import ProgressBar
from cloudmove.core.services import demo


class Command(BaseCommand):
    help = 'Create the database, load the demo province and accounts, then serve the UI.'

    def add_arguments(self, parser):
        parser.add_argument('--no-serve', action='store_true', help='Load the demo and stop.')
        parser.add_argument('--port', type=int, default=None, help='Port to serve on (default PORT or 8000).')
        parser.add_argument('--host', default='127.0.0.1')

    def handle(self, *args, **options):
        call_command('migrate', interactive=False, verbosity=0)
        password, generated = demo.demo_password()
        with ProgressBar('demo province') as bar:
            summary = demo.load_demo(password, progress=bar)
        for name, (created, updated) in summary.items():
            self.stdout.write(f'  {name}: {created} created, {updated} updated')
        self.stdout.write(self.style.SUCCESS('Demo province loaded (synthetic data, clearly marked in the UI).'))
        self.stdout.write('Demo accounts (password ' + ('generated into var/demo_password' if generated
                                                        else 'from DEMO_PASSWORD') + f'): {password}')
        self.stdout.write('  admin     programme admin')
        self.stdout.write('  lanhdao   leader')
        self.stdout.write('  kiemtoan  auditor')
        self.stdout.write('  cb.<unit code in lower case>  unit officer, e.g. cb.skhcn, cb.syt, cb.x-thoxuan')
        if settings.CLOUDMOVE_REQUIRE_2FA:
            self.stdout.write('Second factor: ON (CLOUDMOVE_REQUIRE_2FA=1): admin, lanhdao and kiemtoan enrol TOTP '
                              'at first sign-in.')
        else:
            self.stdout.write(self.style.WARNING(
                'Second factor: OFF (CLOUDMOVE_REQUIRE_2FA=0) - demo only, never in production.'))
        if not options['no_serve']:
            call_command('serve', port=options['port'], host=options['host'])
