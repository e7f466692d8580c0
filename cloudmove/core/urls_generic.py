"""URL patterns of the generic views, generated from the registry for one app."""

from django.urls import path

from cloudmove.core import registry
from cloudmove.core.imports import objects as object_import
from cloudmove.core.views import generic, imports


def generic_urlpatterns(app_label, prefix=''):
    patterns = []
    for c in registry.configs(app_label):
        base, name = f'{prefix}{c.slug}', c.model_name
        patterns += [
            path(f'{base}/', generic.ObjectListView.as_view(config=c), name=f'{name}_list'),
            path(f'{base}/<int:pk>/', generic.ObjectDetailView.as_view(config=c), name=f'{name}_detail'),
        ]
        if c.editable:
            patterns += [
                path(f'{base}/add/', generic.ObjectEditView.as_view(config=c), name=f'{name}_add'),
                path(f'{base}/<int:pk>/edit/', generic.ObjectEditView.as_view(config=c), name=f'{name}_edit'),
                path(f'{base}/<int:pk>/delete/', generic.ObjectDeleteView.as_view(config=c), name=f'{name}_delete'),
                path(f'{base}/bulk-delete/', generic.BulkDeleteView.as_view(config=c), name=f'{name}_bulk_delete'),
                path(f'{base}/bulk-edit/', generic.BulkEditView.as_view(config=c), name=f'{name}_bulk_edit'),
            ]
        if object_import.importable(c):
            patterns += [
                path(f'{base}/import/', imports.ObjectImportView.as_view(config=c), name=f'{name}_import'),
                path(f'{base}/import/template/', imports.ObjectImportTemplateView.as_view(config=c),
                     name=f'{name}_import_template'),
            ]
    return patterns
