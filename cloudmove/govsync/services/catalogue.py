"""Reading the national catalogue of shared services (docs/govsync/national-catalogue.v1.schema.json) from
a file or an address into the catalogue, so that the assessment knows which national platform already does
a system's job. Everything is checked first; every problem is reported with its place; nothing is written
unless the whole document is right."""

import json
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024


def _validator():
    from jsonschema import Draft202012Validator, FormatChecker

    path = Path(settings.BASE_DIR) / 'docs' / 'govsync' / 'national-catalogue.v1.schema.json'
    return Draft202012Validator(json.loads(path.read_text(encoding='utf-8')), format_checker=FormatChecker())


def fetch(source, timeout=30):
    """The document's bytes from a path or an http(s) address."""
    if source.startswith(('http://', 'https://')):
        with urllib.request.urlopen(source, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise ValidationError(_('No such file: %(path)s') % {'path': source})
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(_('The document is larger than %(mib)d MiB.') % {'mib': MAX_BYTES // 2 ** 20})
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValidationError(_('The document is larger than %(mib)d MiB.') % {'mib': MAX_BYTES // 2 ** 20})
    return data


def check(data):
    """The document's services, or a ValidationError listing every problem with its place."""
    try:
        document = json.loads(data.decode('utf-8-sig'))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(_('Not a JSON document: %(error)s') % {'error': exc}) from None
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]
    if not problems:
        seen = {}
        for k, service in enumerate(document['services']):
            code = service['code']
            if code in seen:
                problems.append(_('services/%(k)d/code: “%(code)s” is already at services/%(first)d') % {
                    'k': k, 'code': code, 'first': seen[code]})
            seen.setdefault(code, k)
    if problems:
        raise ValidationError(problems)
    return document['services']


def read(source):
    """Check and write a reading of the national catalogue. Returns (added, updated, retired)."""
    from cloudmove.catalog.services import national

    return national.sync(check(fetch(source)))
