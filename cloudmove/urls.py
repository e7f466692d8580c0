from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path('api/schema/', SpectacularAPIView.as_view(), name='api-schema'),
    path('api/docs/', SpectacularSwaggerSplitView.as_view(url_name='api-schema'), name='api-docs'),
    path('api/', include('cloudmove.core.api.urls')),
    path('inventory/', include('cloudmove.inventory.urls')),
    path('', include('cloudmove.core.urls')),
]
