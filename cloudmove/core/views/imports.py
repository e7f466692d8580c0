"""Import of a list's rows (core.imports.objects) from its list page: the upload page with the templates to
fill in, then the import flow's result and apply pages, as for every import format."""

import io
import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cloudmove.core import exports, scoping
from cloudmove.core.imports import flow, formats, uploads
from cloudmove.core.imports import objects as object_import
from cloudmove.core.imports import views as flow_views
from cloudmove.core.views.generic import ConfigView, ObjectListView


def _config_of_job(job):
    return object_import.config_of(((job.params or {}).get('extra') or {}).get('model', ''))


class ObjectImportView(ConfigView):
    template_name = 'core/object_import.html'

    def check_allowed(self):
        if not object_import.may_import(self.config, self.request.user):
            raise PermissionDenied

    def get(self, request):
        self.check_allowed()
        recent = scoping.scope(flow.jobs_of('objects'), request.user).filter(
            params__extra__model=self.config.model._meta.label_lower, created_by=request.user)[:10]
        fields = object_import.fields_of(self.config)
        return render(request, self.template_name, self.base_context(
            recent=recent, max_mib=settings.CLOUDMOVE_MAX_UPLOAD_MIB, max_rows=object_import.MAX_ROWS,
            columns=[('ID', 'id'), *[(f.label(request.LANGUAGE_CODE), f.name) for f in fields]],
            template_url=reverse(self.config.url_name('import_template'))))

    def post(self, request):
        self.check_allowed()
        uploaded = request.FILES.get('file')
        if uploaded is None or not uploaded.name.lower().endswith(('.csv', '.xlsx')):
            messages.error(request, _('Choose a .csv or .xlsx file to upload.'))
            return redirect(self.config.url_name('import'))
        if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
            messages.error(request, _('The file is larger than %(limit)s MiB.') % {
                'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
            return redirect(self.config.url_name('import'))
        job = flow.start(formats.get('objects'), uploads.store_upload(uploaded), request.user, request.user,
                         title=_('Check import of %(list)s') % {'list': self.config.verbose_name_plural},
                         extra={'model': self.config.model._meta.label_lower})
        return redirect('core:object_import_result', pk=job.pk)


class ObjectImportTemplateView(ObjectListView):
    """The import file of a list: blank, or with the rows of the list as filtered (to edit and import back)."""

    def get(self, request):
        c = self.config
        if not object_import.may_import(c, request.user):
            raise PermissionDenied
        as_csv = request.GET.get('format') == 'csv'
        queryset = self.filtered(request)[0] if request.GET.get('rows') == 'all' else None
        title, header, rows = object_import.template(c, request.user, queryset, csv=as_csv)
        name = exports.filename(f'import-{c.slug.replace("/", "-")}', 'csv' if as_csv else 'xlsx')
        if as_csv:
            buffer = io.StringIO()
            exports.write_csv(buffer, header, rows)
            response = HttpResponse(buffer.getvalue(), content_type='text/csv; charset=utf-8')
            response['Content-Disposition'] = f'attachment; filename="{name}"'
            return response
        target = tempfile.TemporaryFile()
        exports.write_xlsx(target, [(title, header, rows)])
        target.seek(0)
        return FileResponse(target, as_attachment=True, filename=name, content_type=flow_views.XLSX)


def _result_extra(job, result):
    config = _config_of_job(job)
    if config is None:
        raise Http404
    return {'config': config, 'section': config.section, 'list_url': reverse(config.url_name('list')),
            'import_url': reverse(config.url_name('import'))}


PAGE = flow_views.Page(
    family='objects', template='core/object_import_result.html', section='admin',
    result_url='core:object_import_result', apply_url='core:object_import_apply',
    may_write=lambda user, target: target.pk == user.pk, extra=_result_extra,
    title=lambda job, target: _('Import into %(list)s') % {
        'list': getattr(_config_of_job(job), 'verbose_name_plural', '')})
