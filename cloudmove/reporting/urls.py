from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.reporting import views

app_name = 'reporting'

urlpatterns = [
    *generic_urlpatterns('reporting'),
    path('dashboard/', views.dashboard, name='dashboard'),
    path('progress-reports/<int:pk>/report.docx', views.report_docx, name='report_docx'),
    path('progress-reports/<int:pk>/annex.xlsx', views.report_annex, name='report_annex'),
    path('progress-reports/<int:pk>/annex-pack.zip', views.report_pack, name='report_pack'),
    path('report-requests/<int:pk>/aggregation/', views.aggregation, name='aggregation'),
    path('report-requests/<int:pk>/aggregation.xlsx', views.aggregation_download, name='aggregation_xlsx'),
    path('report-requests/<int:pk>/<str:action>/', views.request_action, name='request_action'),
    path('report-answers/<int:pk>/save/', views.answer_save, name='answer_save'),
    path('report-answers/<int:pk>/review/', views.answer_review, name='answer_review'),
]
