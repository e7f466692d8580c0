import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cloudmove.core.choices import Role
from cloudmove.core.services.users import add_user


class Command(BaseCommand):
    help = 'Manage users: `user add USERNAME --role ROLE [--unit CODE]` reads the password from standard input.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        add = sub.add_parser('add', help='Add a user; the password is read from standard input.')
        add.add_argument('username')
        add.add_argument('--role', required=True, choices=Role.values)
        add.add_argument('--unit', default=None, help='Unit code (required for unit roles).')
        add.add_argument('--full-name', default='')
        add.add_argument('--email', default='')
        add.add_argument('--provider', default='', help='Provider code (provider role).')

    def handle(self, *args, **options):
        if sys.stdin.isatty():
            password = getpass.getpass('Password: ')
            if getpass.getpass('Password (again): ') != password:
                raise CommandError('The two passwords differ.')
        else:
            password = sys.stdin.readline().rstrip('\r\n')
        if not password:
            raise CommandError('No password on standard input.')
        try:
            user = add_user(options['username'], password, options['role'], options['unit'], options['full_name'],
                            options['email'], options['provider'])
        except ValidationError as exc:
            raise CommandError('; '.join(exc.messages))
        self.stdout.write(self.style.SUCCESS(f'Added {user.username} ({user.role}).'))
