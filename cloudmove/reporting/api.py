"""Reporting API under /api/reporting/ (the generic endpoint drafts, reads and edits progress reports; POST
with {"period": "2026-Q3"} drafts one from the data): progress-reports/{id}/docx/ and /annex/."""

from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.views import APIView

from cloudmove.reporting import views


class ReportDocxView(APIView):
    @extend_schema(responses={(200, views.DOCX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return views.docx_for(request.user, pk)


class ReportAnnexView(APIView):
    @extend_schema(responses={(200, views.XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return views.annex_for(request.user, pk)


urlpatterns = [
    path('progress-reports/<int:pk>/docx/', ReportDocxView.as_view(), name='api-report-docx'),
    path('progress-reports/<int:pk>/annex/', ReportAnnexView.as_view(), name='api-report-annex'),
]
