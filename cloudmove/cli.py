"""The `cloudmove` command: Django's management commands with CloudMove's settings and audit source."""

import os
import sys


def main(argv=None):
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cloudmove.settings')
    argv = list(sys.argv if argv is None else argv)
    argv[0] = 'cloudmove'
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from cloudmove.core import audit

    # Changes made by commands are recorded with source 'cli' and the operating-system user.
    with audit.cli_context():
        execute_from_command_line(argv)


if __name__ == '__main__':
    main()
