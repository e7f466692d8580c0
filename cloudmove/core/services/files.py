"""Checking uploaded files before anything is kept: the extension is allowed
(settings.CLOUDMOVE_ATTACHMENT_TYPES), the content matches that extension, the file is not empty and not
larger than CLOUDMOVE_ATTACHMENT_MAX_MIB. The whole upload is read once, in chunks, to compute its size
and SHA-256 and to check its content: a refused file leaves nothing behind. Every app that keeps files
(attachments, evidence of criteria answers) uses this one check.
"""

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK_SIZE = 64 * 1024
MAX_FILENAME = 255
# Active content in an SVG image: script elements, script URLs and event handler attributes.
SVG_ACTIVE = re.compile(r'<script|javascript:|vbscript:|\son[a-z]+\s*=\s*["\']')
SVG_OVERLAP = 64


def allowed_types():
    return settings.CLOUDMOVE_ATTACHMENT_TYPES


def max_bytes():
    return settings.CLOUDMOVE_ATTACHMENT_MAX_MIB * 1024 * 1024


def allowed_extensions_text():
    return ', '.join(f'.{ext}' for ext in allowed_types())


def clean_filename(name):
    """The base name of an uploaded file without directories or control characters, at most 255 long."""
    name = unicodedata.normalize('NFC', str(name or '')).replace('\\', '/').rsplit('/', 1)[-1]
    name = ''.join(ch for ch in name if unicodedata.category(ch)[0] != 'C').strip()
    if len(name) > MAX_FILENAME:
        suffix = PurePath(name).suffix[:16]
        name = name[:MAX_FILENAME - len(suffix)] + suffix
    return name


def extension_of(filename):
    return PurePath(filename).suffix.lower().lstrip('.')


@dataclass
class Checked:
    filename: str
    extension: str
    mime_type: str
    size: int
    sha256: str


def _refuse(message):
    return ValidationError({'file': [message]})


def _not_allowed(extension):
    return _refuse(_('This type of file is not allowed (%(extension)s). Allowed types: %(types)s.') % {
        'extension': f'.{extension}' if extension else _('no extension'), 'types': allowed_extensions_text()})


def _too_large():
    return _refuse(_('The file is larger than the allowed %(limit)s MiB.') % {
        'limit': settings.CLOUDMOVE_ATTACHMENT_MAX_MIB})


def _mismatch(extension):
    return _refuse(_('The content of the file is not a valid .%(extension)s file.') % {'extension': extension})


class _TextCheck:
    """Incremental check that a file is UTF-8 text; for SVG, that it is an SVG image without scripts."""

    def __init__(self, extension):
        self.extension = extension
        self.svg = extension == 'svg'
        self.decoder = codecs.getincrementaldecoder('utf-8')()
        self.tail = ''
        self.seen_svg = False

    def feed(self, chunk, final=False):
        try:
            text = self.decoder.decode(chunk, final)
        except UnicodeDecodeError:
            raise _refuse(_('The file is not UTF-8 text, as a .%(extension)s file must be.') % {
                'extension': self.extension})
        if '\x00' in text:
            raise _refuse(_('The file is not UTF-8 text, as a .%(extension)s file must be.') % {
                'extension': self.extension})
        if self.svg:
            window = (self.tail + text).lower()
            if SVG_ACTIVE.search(window):
                raise _refuse(_('The SVG image contains scripts and is refused.'))
            self.seen_svg = self.seen_svg or '<svg' in window
            self.tail = window[-SVG_OVERLAP:]

    def finish(self):
        self.feed(b'', final=True)
        if self.svg and not self.seen_svg:
            raise _mismatch(self.extension)


def _is_package(uploaded_file):
    """An Office Open XML package (docx, xlsx, pptx, vsdx): a ZIP archive with [Content_Types].xml."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return '[Content_Types].xml' in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


def check_file(uploaded_file):
    """Check name, size and content of an upload in one streaming pass; ValidationError on 'file' if refused."""
    filename = clean_filename(getattr(uploaded_file, 'name', ''))
    extension = extension_of(filename)
    spec = allowed_types().get(extension)
    if spec is None or not PurePath(filename).stem.strip():
        raise _not_allowed(extension)
    limit = max_bytes()
    declared = getattr(uploaded_file, 'size', None)
    if declared is not None and declared > limit:
        raise _too_large()
    text = _TextCheck(extension) if spec.get('text') else None
    digest, size, head = hashlib.sha256(), 0, b''
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            raise _too_large()
        digest.update(chunk)
        if len(head) < 16:
            head += chunk[:16 - len(head)]
        if text is not None:
            text.feed(chunk)
    if size == 0:
        raise _refuse(_('The file is empty.'))
    magic = spec.get('magic')
    if magic and not any(head.startswith(m) for m in magic):
        raise _mismatch(extension)
    if text is not None:
        text.finish()
    if spec.get('package') and not _is_package(uploaded_file):
        raise _mismatch(extension)
    uploaded_file.seek(0)
    return Checked(filename, extension, spec['mime'], size, digest.hexdigest())
