"""What every import command shares: the options (--dry-run, --json, --user, --lang) and how it runs a
registered format (core.imports.formats): the user it acts as, the language of its messages, a progress
bar, the report printed as JSON or text, and exit status 1 when the file was refused."""

import json
import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.core.imports.flow import run_file
from cloudmove.core.imports.output import write_report
from cloudmove.core.models import User
from cloudmove.core.progress import ProgressBar


def add_options(parser, user_help='Act as this user (their scope applies).'):
    parser.add_argument('--dry-run', action='store_true', help='Validate and show the changes; write nothing.')
    parser.add_argument('--json', action='store_true', help='Print one JSON object with the result.')
    parser.add_argument('--user', default=None, help=user_help)
    parser.add_argument('--lang', default=None, help='Language of the messages (vi or en).')


def user_of(options):
    if not options.get('user'):
        return None
    user = User.objects.filter(username=options['user']).first()
    if user is None:
        raise CommandError(_('Unknown user: %(username)s') % {'username': options['user']})
    return user


def run(command, fmt, path, target, options, heading=None, **extra):
    """Run `fmt` on `path` into `target` as the command's options say; `heading(result)` may add lines
    above the change set."""
    user = user_of(options)
    with translation.override(options.get('lang') or translation.get_language()):
        with ProgressBar(fmt.kind) as bar:
            try:
                # A .zip of a format that reads a folder is unpacked as an upload is (same limits).
                result = run_file(fmt, path, target, user, dry_run=options['dry_run'], progress=bar, **extra)
            except PermissionDenied as exc:
                raise CommandError(str(exc))
        if options['json']:
            result.pop('changes', None)
            command.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        else:
            write_report(command, result, options['dry_run'], heading(result) if heading else None)
    if result['errors']:
        sys.exit(1)
    return result
