"""Generic list, detail, edit, delete, bulk edit, bulk delete and export views for registered models.

Every queryset goes through core.scoping; every write goes through core.services.objects.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from cloudmove.core import audit, exports, registry, scoping
from cloudmove.core.filters import filterset_for
from cloudmove.core.forms import BulkEditForm, bootstrap, modelform_for
from cloudmove.core.imports import objects as object_import
from cloudmove.core.models import AuditRecord
from cloudmove.core.services import objects
from cloudmove.core.tables import cell, columns_for, object_url

PAGE_SIZES = (25, 50, 100, 250)
BULK_LIMIT = 5000


def page_size(request, default=50):
    try:
        value = int(request.GET.get('per_page', default))
    except ValueError:
        return default
    return value if value in PAGE_SIZES else default


def safe_next(request, fallback):
    target = request.POST.get('next') or request.GET.get('next')
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) \
            and not any(ord(ch) < 32 or ord(ch) == 127 for ch in target):  # browsers drop them: '/\t/x' is '//x'
        return target
    return fallback


def add_errors(form, exc):
    """Attach a model ValidationError to the form: known fields get theirs, the rest go on top."""
    if hasattr(exc, 'error_dict'):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def object_history(user, obj, limit=20):
    records = scoping.scope(AuditRecord.objects.all(), user).for_object(
        f'{obj._meta.app_label}.{obj._meta.model_name}', obj.pk)
    return list(records.order_by('-seq')[:limit])


WIDE_PANEL_COLUMNS = 5


class ConfigView(LoginRequiredMixin, View):
    config = None

    def base_context(self, **extra):
        c = self.config
        user = self.request.user
        return {
            'config': c,
            'model_name': c.verbose_name,
            'model_name_plural': c.verbose_name_plural,
            'list_url': reverse(c.url_name('list')),
            'can_add': c.editable and scoping.role_allows(user, c.model, scoping.CHANGE),
            'add_url': reverse(c.url_name('add')) if c.editable else None,
            'section': c.section,
            **(c.extra_context(self.request) if c.extra_context else {}),
            **extra,
        }

    def get_object(self, pk, action=scoping.VIEW):
        return scoping.get_or_404(self.config.base_queryset(), self.request.user, action, pk=pk)


class ObjectListView(ConfigView):
    template_name = 'core/object_list.html'

    def filtered(self, request):
        c = self.config
        qs = scoping.scope(c.base_queryset(), request.user)
        filterset = filterset_for(c)(request.GET or None, queryset=qs, request=request)
        bootstrap(filterset.form, small=True)
        if filterset.is_bound and filterset.is_valid():
            qs = filterset.qs
        sort = request.GET.get('sort', '')
        sortable = {col.sort_key for col in columns_for(c.model, c.list_columns) if col.sort_key}
        if sort.lstrip('-') in sortable:
            qs = qs.order_by(sort, 'pk')
        elif not qs.ordered:
            qs = qs.order_by('pk')
        return qs, filterset, sort

    def get(self, request):
        c = self.config
        qs, filterset, sort = self.filtered(request)
        export = request.GET.get('export')
        if export in ('csv', 'xlsx'):
            columns = columns_for(c.model, c.get_export_fields())
            if export == 'csv':
                return exports.csv_response(qs, columns, c.slug.replace('/', '-'))
            return exports.xlsx_response(qs, columns, c.slug.replace('/', '-'), c.verbose_name_plural)
        columns = columns_for(c.model, c.list_columns)
        paginator = Paginator(qs, page_size(request))
        page = paginator.get_page(request.GET.get('page'))
        rows = [(obj, [cell(obj, col, link=(i == 0)) for i, col in enumerate(columns)]) for obj in page]
        params = request.GET.copy()
        for key in ('page', 'sort', 'export', 'per_page'):
            params.pop(key, None)
        filters_query = params.urlencode()
        per_page = paginator.per_page
        can_change = c.editable and scoping.role_allows(request.user, c.model, scoping.CHANGE)
        return render(request, c.list_template or self.template_name, self.base_context(
            columns=columns, rows=rows, page=page, paginator=paginator, filterset=filterset, sort=sort,
            filters_query=filters_query, query=f'{filters_query}&per_page={per_page}'.lstrip('&'), per_page=per_page,
            page_sizes=PAGE_SIZES, can_bulk_edit=can_change and bool(c.bulk_edit_fields), can_bulk_delete=can_change,
            bulk_edit_url=reverse(c.url_name('bulk_edit')) if c.editable else '',
            bulk_delete_url=reverse(c.url_name('bulk_delete')) if c.editable else '',
            import_url=reverse(c.url_name('import')) if object_import.may_import(c, request.user) else '',
        ))


class ObjectDetailView(ConfigView):
    template_name = 'core/object_detail.html'

    def get(self, request, pk):
        c = self.config
        obj = self.get_object(pk)
        fields = [(col.label, cell(obj, col)) for col in columns_for(c.model, c.get_detail_fields())]
        panels = []
        for title, accessor, names in c.related:
            related = accessor(obj) if callable(accessor) else getattr(obj, accessor).all()
            related_qs = scoping.scope(related, request.user)
            cols = columns_for(related_qs.model, names)
            related_config = registry.get(related_qs.model)
            if related_config is not None:
                related_qs = related_qs.select_related(*related_config.auto_select_related())
            items = list(related_qs[:200])
            panels.append({
                'title': title, 'columns': cols, 'count': related_qs.count(),
                'rows': [[cell(o, col, link=(i == 0)) for i, col in enumerate(cols)] for o in items],
            })
        extra_panels = [p for p in (provider(request, obj) for provider in registry.detail_panels) if p]
        # A model may freeze some of its objects (a published criteria set): no edit or delete button then.
        can_change = (c.editable and scoping.allowed(request.user, obj, scoping.CHANGE)
                      and not getattr(obj, 'frozen', False))
        # Tables of more than five columns (a price book's flavours) get the page's whole width below.
        wide = [p for p in panels if len(p['columns']) > WIDE_PANEL_COLUMNS]
        return render(request, c.detail_template or self.template_name, self.base_context(
            object=obj, fields=fields, panels=[p for p in panels if p not in wide], wide_panels=wide,
            extra_panels=extra_panels,
            # Only audited models have a change history (not the audit records or jobs themselves).
            history=object_history(request.user, obj) if audit.is_audited(type(obj)) else None,
            can_change=can_change, can_cancel=scoping.allowed(request.user, obj, scoping.CHANGE),
            edit_url=reverse(c.url_name('edit'), args=[obj.pk]) if c.editable else None,
            delete_url=reverse(c.url_name('delete'), args=[obj.pk]) if c.editable else None,
        ))


class ObjectEditView(ConfigView):
    template_name = 'core/object_edit.html'

    def form_for(self, obj, data=None, files=None):
        form_class = modelform_for(self.config, create=obj is None)
        return form_class(data, files, instance=obj, user=self.request.user)

    def load(self, pk):
        if pk is None:
            if not scoping.role_allows(self.request.user, self.config.model, scoping.CHANGE):
                raise PermissionDenied
            return None
        return self.get_object(pk, scoping.CHANGE)

    def get(self, request, pk=None):
        obj = self.load(pk)
        return self.show(self.form_for(obj), obj, objects.version_of(obj))

    def show(self, form, obj, version=''):
        # The version read is sent back with the form, so a save over a newer one is refused.
        return render(self.request, self.template_name, self.base_context(object=obj, form=form, version=version))

    def post(self, request, pk=None):
        obj = self.load(pk)
        form = self.form_for(obj, request.POST, request.FILES)
        if form.is_valid():
            names = {f.name for f in self.config.model._meta.get_fields()}
            data = {k: v for k, v in form.cleaned_data.items() if k in names}
            try:
                if obj is None:
                    create = self.config.create_with
                    obj = (create(request.user, data) if create
                           else objects.create_object(request.user, self.config.model, data))
                    messages.success(request, _('Created %(object)s.') % {'object': obj})
                else:
                    obj = objects.update_object(request.user, obj, data, version=request.POST.get('_version'))
                    messages.success(request, _('Saved %(object)s.') % {'object': obj})
                return HttpResponseRedirect(object_url(obj) or reverse(self.config.url_name('list')))
            except ValidationError as exc:
                add_errors(form, exc)
        return self.show(form, obj, request.POST.get('_version', ''))


class ObjectDeleteView(ConfigView):
    template_name = 'core/object_delete.html'

    def get(self, request, pk):
        obj = self.get_object(pk, scoping.CHANGE)
        return render(request, self.template_name, self.base_context(object=obj, objects=[obj]))

    def post(self, request, pk):
        obj = self.get_object(pk, scoping.CHANGE)
        try:
            objects.delete_object(request.user, obj)
        except ValidationError as exc:
            messages.error(request, ' '.join(exc.messages))
            return HttpResponseRedirect(object_url(obj))
        messages.success(request, _('Deleted %(object)s.') % {'object': obj})
        return HttpResponseRedirect(reverse(self.config.url_name('list')))


class BulkView(ConfigView):
    def selected(self, request):
        pks = request.POST.getlist('pk')[:BULK_LIMIT]
        qs = scoping.scope(self.config.base_queryset(), request.user, scoping.CHANGE)
        return qs.filter(pk__in=pks)


class BulkDeleteView(BulkView):
    template_name = 'core/object_delete.html'

    def post(self, request):
        qs = self.selected(request)
        back = safe_next(request, reverse(self.config.url_name('list')))
        if request.POST.get('confirm') != '1':
            return render(request, self.template_name, self.base_context(
                objects=list(qs[:1000]), count=qs.count(), bulk=True, next=back))
        try:
            n = objects.bulk_delete(request.user, qs)
        except ValidationError as exc:
            messages.error(request, ' '.join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(request, _('Deleted %(count)d objects.') % {'count': n})
        return HttpResponseRedirect(back)


class BulkEditView(BulkView):
    template_name = 'core/object_bulk_edit.html'

    def post(self, request):
        qs = self.selected(request)
        back = safe_next(request, reverse(self.config.url_name('list')))
        applying = request.POST.get('apply') == '1'
        form = BulkEditForm(self.config, request.POST if applying else None, user=request.user)
        if applying and form.is_valid():
            try:
                n = objects.bulk_update(request.user, qs, form.changes())
                messages.success(request, _('Updated %(count)d objects.') % {'count': n})
                return HttpResponseRedirect(back)
            except ValidationError as exc:
                add_errors(form, exc)
        return render(request, self.template_name, self.base_context(
            form=form, objects=list(qs[:1000]), count=qs.count(), next=back))
