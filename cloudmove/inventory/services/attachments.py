"""Attachments on inventory objects: checked uploads, scoped like their target, audited.

The file is checked by core.services.files before anything is written: a refused file leaves no row and
no file behind.
"""

from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from cloudmove.core import audit, registry, scoping
from cloudmove.core.choices import AuditAction
from cloudmove.core.models import Unit
from cloudmove.core.services import objects
from cloudmove.core.services.files import check_file
from cloudmove.inventory.models import Attachment


class UnknownObjectType(LookupError):
    """The named model does not take attachments."""


# ---------------------------------------------------------------- targets

def target_models():
    """Models that take attachments, by model name: registered inventory models (and the concrete
    model behind registered proxies, such as Device behind NetworkDevice), except Attachment, and the
    registered models of other apps that declare `extra={'attachments': True}` (migration designs)."""
    out = {}
    for config in registry.configs():
        if issubclass(config.model, Attachment):
            continue
        if config.app_label != 'inventory' and not config.extra.get('attachments'):
            continue
        out[config.model_name] = config.model
        concrete = config.model._meta.concrete_model
        out.setdefault(concrete._meta.model_name, concrete)
    return out


def takes_attachments(model):
    return model._meta.concrete_model in {m._meta.concrete_model for m in target_models().values()}


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
    objects.ensure_not_frozen(target_obj)  # an approved design takes no new file; a new version does
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
