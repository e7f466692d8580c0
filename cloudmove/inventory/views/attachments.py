"""Attachment pages: the panel on every inventory detail page, upload, download and delete.

Every object is found through the scoping mechanism; writes go through inventory.services.attachments.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cloudmove.core import registry, scoping
from cloudmove.core.http import content_disposition
from cloudmove.core.services import files
from cloudmove.core.tables import object_url
from cloudmove.inventory.forms import AttachmentForm
from cloudmove.inventory.models import Attachment
from cloudmove.inventory.services import attachments as service

PANEL_LIMIT = 100


# ---------------------------------------------------------------- helpers

def target_url(target):
    """The detail page of an attachment's target; for a proxy-registered model (devices), its proxy's page."""
    if target is None:
        return None
    url = object_url(target)
    if url:
        return url
    for config in registry.configs(target._meta.app_label):
        model = config.model
        if (model._meta.proxy and model._meta.concrete_model is type(target)
                and model._default_manager.filter(pk=target.pk).exists()):
            return reverse(config.url_name('detail'), args=[target.pk])
    return None


def file_response(attachment):
    """Stream the stored file as a download that the browser neither sniffs nor renders."""
    try:
        handle = attachment.file.open('rb')
    except (FileNotFoundError, ValueError):
        raise Http404(_('The file of this attachment is missing.'))
    response = FileResponse(handle, content_type=attachment.mime_type or 'application/octet-stream')
    response['Content-Disposition'] = content_disposition(attachment.filename or 'attachment')
    response['X-Content-Type-Options'] = 'nosniff'
    response['Content-Security-Policy'] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------- detail panels

def attachments_panel(request, obj):
    """The attachments of an inventory object, with the upload form when the user may change it."""
    model = type(obj)
    if issubclass(model, Attachment) or registry.get(model) is None or not service.takes_attachments(model):
        return None
    user = request.user
    qs = scoping.scope(service.attachments_of(obj), user).select_related('uploaded_by', 'unit')
    items = list(qs[:PANEL_LIMIT])
    for item in items:
        item.can_delete = scoping.allowed(user, item, scoping.CHANGE)
    can_upload = scoping.allowed(user, obj, scoping.CHANGE) and not getattr(obj, 'frozen', False)
    return {
        'template': 'inventory/_attachments_panel.html',
        'attachments': items,
        'count': len(items) if len(items) < PANEL_LIMIT else qs.count(),
        'form': AttachmentForm(auto_id='attachment_%s') if can_upload else None,
        'upload_url': reverse('inventory:attachment_upload', args=[model._meta.model_name, obj.pk]),
        'can_upload': can_upload,
        'allowed_types': files.allowed_extensions_text(),
        'max_mib': files.max_bytes() // (1024 * 1024),
    }


def attachment_file_panel(request, obj):
    """On an attachment's own page: what it is attached to, download and delete."""
    if not isinstance(obj, Attachment):
        return None
    target = obj.target
    return {
        'template': 'inventory/_attachment_file_panel.html',
        'attachment': obj,
        'target': target,
        'target_url': target_url(target),
        'can_delete': scoping.allowed(request.user, obj, scoping.CHANGE),
    }


# ---------------------------------------------------------------- views

@login_required
@require_POST
def attachment_upload(request, model, pk):
    try:
        target = service.resolve_target(request.user, model, pk)
    except service.UnknownObjectType:
        raise Http404(_('Not found.'))
    scoping.ensure(request.user, target, scoping.CHANGE)
    back = target_url(target) or reverse('core:home')
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    try:
        attachment = service.attach(request.user, target, data['file'], data['kind'], data['title'])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return HttpResponseRedirect(back)
    messages.success(request, _('Attached %(title)s.') % {'title': attachment.title})
    return HttpResponseRedirect(back)


@login_required
def attachment_download(request, pk):
    attachment = scoping.get_or_404(Attachment.objects.all(), request.user, pk=pk)
    return file_response(attachment)


@login_required
@require_http_methods(['GET', 'POST'])
def attachment_delete(request, pk):
    """GET asks for confirmation; POST deletes the attachment and its file."""
    attachment = scoping.get_or_404(Attachment.objects.select_related('unit'), request.user, scoping.CHANGE, pk=pk)
    back = target_url(attachment.target) or reverse('inventory:attachment_list')
    if request.method == 'GET':
        config = registry.get(Attachment)
        return render(request, 'core/object_delete.html', {
            'object': attachment, 'objects': [attachment], 'list_url': back, 'section': config.section,
            'model_name': config.verbose_name, 'model_name_plural': config.verbose_name_plural,
        })
    service.delete_attachment(request.user, attachment)
    messages.success(request, _('Deleted %(object)s.') % {'object': attachment})
    return HttpResponseRedirect(back)
