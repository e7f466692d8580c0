from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.inventory import views_attachments, views_imports, views_quality, views_workbook

app_name = 'inventory'

urlpatterns = [
    *generic_urlpatterns('inventory'),
    path('quality/', views_quality.quality_page, name='quality'),
    path('workbook/', views_workbook.workbook_page, name='workbook'),
    path('workbook/<int:unit_pk>/download/', views_workbook.workbook_download, name='workbook_download'),
    path('workbook/<int:unit_pk>/upload/', views_workbook.workbook_upload, name='workbook_upload'),
    path('workbook/jobs/<int:pk>/', views_workbook.workbook_result, name='workbook_result'),
    path('workbook/jobs/<int:pk>/apply/', views_workbook.workbook_apply, name='workbook_apply'),
    path('workbook/jobs/<int:pk>/annotated/', views_workbook.workbook_annotated, name='workbook_annotated'),
    path('attach/<str:model>/<int:pk>/', views_attachments.attachment_upload, name='attachment_upload'),
    path('attachments/<int:pk>/download/', views_attachments.attachment_download, name='attachment_download'),
    path('attachments/<int:pk>/delete/', views_attachments.attachment_delete, name='attachment_delete'),
    path('imports/', views_imports.imports_page, name='imports'),
    path('imports/upload/', views_imports.imports_upload, name='imports_upload'),
    path('imports/jobs/<int:pk>/', views_imports.imports_result, name='imports_result'),
    path('imports/jobs/<int:pk>/apply/', views_imports.imports_apply, name='imports_apply'),
]
