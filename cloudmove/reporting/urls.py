from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.reporting import views

app_name = 'reporting'

urlpatterns = [
    *generic_urlpatterns('reporting'),
    path('dashboard/', views.dashboard, name='dashboard'),
    path('progress-reports/<int:pk>/report.docx', views.report_docx, name='report_docx'),
    path('progress-reports/<int:pk>/annex.xlsx', views.report_annex, name='report_annex'),
]
