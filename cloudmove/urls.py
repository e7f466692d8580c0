from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cloudmove.inventory.api import attachments as api_attachments

urlpatterns = [
    path('api/schema/', SpectacularAPIView.as_view(), name='api-schema'),
    path('api/docs/', SpectacularSwaggerSplitView.as_view(url_name='api-schema'), name='api-docs'),
    path('api/inventory/quality/', include('cloudmove.inventory.api.quality')),
    path('api/inventory/attachments/upload/', api_attachments.AttachmentUploadView.as_view(),
         name='api-attachment-upload'),
    path('api/inventory/attachments/<int:pk>/download/', api_attachments.AttachmentDownloadView.as_view(),
         name='api-attachment-download'),
    path('api/surveys/', include('cloudmove.surveys.api')),
    path('api/catalog/', include('cloudmove.catalog.api')),
    path('api/guidance/', include('cloudmove.guidance.api')),
    path('api/assessment/', include('cloudmove.assessment.api')),
    path('api/planning/', include('cloudmove.planning.api')),
    path('api/execution/', include('cloudmove.execution.api')),
    path('api/reporting/', include('cloudmove.reporting.api')),
    path('api/govsync/', include('cloudmove.govsync.api')),
    path('api/', include('cloudmove.core.api.urls')),
    path('inventory/', include('cloudmove.inventory.urls')),
    path('surveys/', include('cloudmove.surveys.urls')),
    path('catalog/', include('cloudmove.catalog.urls')),
    path('guidance/', include('cloudmove.guidance.urls')),
    path('assessment/', include('cloudmove.assessment.urls')),
    path('planning/', include('cloudmove.planning.urls')),
    path('execution/', include('cloudmove.execution.urls')),
    path('reporting/', include('cloudmove.reporting.urls')),
    path('govsync/', include('cloudmove.govsync.urls')),
    path('', include('cloudmove.core.urls')),
]
