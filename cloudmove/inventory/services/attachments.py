"""Attachments on inventory objects: checked uploads, scoped like their target, audited.

A file is accepted only when its extension is allowed (settings.CLOUDMOVE_ATTACHMENT_TYPES), its
content matches that extension, it is not empty and not larger than CLOUDMOVE_ATTACHMENT_MAX_MIB.
The whole upload is read once, in chunks, to compute its size and SHA-256 and to check its content
before anything is written: a refused file leaves no row and no file behind.
"""

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from cloudmove.core import audit, registry, scoping
from cloudmove.core.choices import AuditAction
from cloudmove.core.models import Unit
from cloudmove.inventory.models import Attachment

CHUNK_SIZE = 64 * 1024
MAX_FILENAME = 255
# Active content in an SVG image: script elements, script URLs and event handler attributes.
SVG_ACTIVE = re.compile(r'<script|javascript:|vbscript:|\son[a-z]+\s*=\s*["\']')
SVG_OVERLAP = 64


class UnknownObjectType(LookupError):
    """The named model does not take attachments."""


# ---------------------------------------------------------------- targets

def target_models():
    """Models that take attachments, by model name: registered inventory models (and the concrete
    model behind registered proxies, such as Device behind NetworkDevice), except Attachment."""
    out = {}
    for config in registry.configs('inventory'):
        if issubclass(config.model, Attachment):
            continue
        out[config.model_name] = config.model
        concrete = config.model._meta.concrete_model
        out.setdefault(concrete._meta.model_name, concrete)
    return out


def takes_attachments(model):
    return model._meta.app_label == 'inventory' and model._meta.concrete_model in {
        m._meta.concrete_model for m in target_models().values()}


def resolve_target(user, model_name, pk):
    """The object `model_name` #`pk` if the user may see it: UnknownObjectType or 404 otherwise."""
    model = target_models().get(str(model_name or '').lower())
    if model is None:
        raise UnknownObjectType(model_name)
    return scoping.get_or_404(model._default_manager.all(), user, scoping.VIEW, pk=pk)


def owning_unit(obj):
    """The unit that owns `obj`: its `unit`, or the unit its scope path leads to ('vm__unit__path'
    → obj.vm.unit); None when the object has no owning unit."""
    unit = getattr(obj, 'unit', None)
    if isinstance(unit, Unit):
        return unit
    lookup = getattr(type(obj), 'scope_path_lookup', None) or ''
    if lookup == 'path':
        return obj if isinstance(obj, Unit) else None
    if not lookup.endswith('__path'):
        return None
    value = obj
    for part in lookup[:-len('__path')].split('__'):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, Unit) else None


def attachments_of(obj):
    """Every attachment of `obj` (not yet scoped): proxies share their concrete model's content type."""
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


# ---------------------------------------------------------------- checking the file

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


# ---------------------------------------------------------------- use cases

def _snapshot(attachment):
    """The audit snapshot of an attachment, with the file recorded by its storage name
    (core.audit.snapshot() cannot serialise a FieldFile)."""
    out = {}
    for f in audit.audit_fields(Attachment):
        value = f.value_from_object(attachment)
        if isinstance(value, FieldFile):
            value = value.name or ''
        out[f.attname] = audit._jsonable(value)
    return out


def attach(user, target_obj, uploaded_file, kind, title=''):
    """Attach `uploaded_file` to `target_obj` (an object the user may change). Returns the Attachment."""
    scoping.ensure(user, target_obj, scoping.CHANGE)
    if target_obj.pk is None or not takes_attachments(type(target_obj)):
        raise ValidationError(_('Files cannot be attached to this object.'))
    unit = owning_unit(target_obj)
    if unit is None:
        raise ValidationError(_('Files cannot be attached to this object.'))
    checked = check_file(uploaded_file)
    attachment = Attachment(
        unit=unit, content_type=ContentType.objects.get_for_model(target_obj), object_id=target_obj.pk,
        kind=kind, title=(title or '').strip() or PurePath(checked.filename).stem[:200],
        filename=checked.filename, size_bytes=checked.size, mime_type=checked.mime_type, sha256=checked.sha256,
        uploaded_by=user if getattr(user, 'is_authenticated', False) else None,
    )
    scoping.ensure(user, attachment, scoping.CHANGE)
    attachment.full_clean(exclude=['file'])
    try:
        with transaction.atomic():
            attachment.file.save(checked.filename, uploaded_file, save=False)
            with audit.suspended():
                attachment.save()
            audit.record(AuditAction.CREATE, attachment, None, _snapshot(attachment))
    except BaseException:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def delete_attachment(user, attachment):
    """Delete the row (audited) and, once the transaction commits, its file."""
    scoping.ensure(user, attachment, scoping.CHANGE)
    name, storage = attachment.file.name, attachment.file.storage
    with transaction.atomic():
        entry = audit.entry_for(AuditAction.DELETE, attachment, _snapshot(attachment), None)
        with audit.suspended():
            attachment.delete()
        audit.record_many([entry])
        if name:
            transaction.on_commit(lambda: storage.delete(name))
