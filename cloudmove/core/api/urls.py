from django.urls import path
from rest_framework.routers import DefaultRouter

from cloudmove.core import registry
from cloudmove.core.api import auth, schema, views  # noqa: F401  (schema registers the auth scheme)
from cloudmove.core.api.base import viewset_for

router = DefaultRouter()
router.register('auth/tokens', views.TokenViewSet, basename='token')
router.register('jobs', views.JobActionsViewSet, basename='job-actions')
for config in registry.configs():
    router.register(config.get_api_prefix(), viewset_for(config), basename=f'{config.app_label}-{config.model_name}')

urlpatterns = [
    path('auth/token/', auth.TokenView.as_view(), name='api-token'),
    path('users/me/', views.MeView.as_view(), name='api-me'),
    *router.urls,
]
