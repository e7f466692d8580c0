from django.urls import path

from cloudmove.core.imports import views as flow_views
from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.inventory.views import attachments as views_attachments
from cloudmove.inventory.views import imports as views_imports
from cloudmove.inventory.views import quality as views_quality
from cloudmove.inventory.views import workbook as views_workbook

app_name = 'inventory'

urlpatterns = [
    *generic_urlpatterns('inventory'),
    path('quality/', views_quality.quality_page, name='quality'),
    path('workbook/', views_workbook.workbook_page, name='workbook'),
    path('workbook/<int:unit_pk>/download/', views_workbook.workbook_download, name='workbook_download'),
    path('workbook/<int:unit_pk>/upload/', views_workbook.workbook_upload, name='workbook_upload'),
    path('workbook/jobs/<int:pk>/', flow_views.result, {'page': views_workbook.PAGE}, name='workbook_result'),
    path('workbook/jobs/<int:pk>/apply/', flow_views.apply, {'page': views_workbook.PAGE}, name='workbook_apply'),
    path('workbook/jobs/<int:pk>/annotated/', flow_views.annotated, {'page': views_workbook.PAGE},
         name='workbook_annotated'),
    path('attach/<str:model>/<int:pk>/', views_attachments.attachment_upload, name='attachment_upload'),
    path('attachments/<int:pk>/download/', views_attachments.attachment_download, name='attachment_download'),
    path('attachments/<int:pk>/delete/', views_attachments.attachment_delete, name='attachment_delete'),
    path('imports/', views_imports.imports_page, name='imports'),
    path('imports/upload/', views_imports.imports_upload, name='imports_upload'),
    path('imports/jobs/<int:pk>/', flow_views.result, {'page': views_imports.PAGE}, name='imports_result'),
    path('imports/jobs/<int:pk>/apply/', flow_views.apply, {'page': views_imports.PAGE}, name='imports_apply'),
]
