"""Serializers of the catalogue's generic endpoints and its actions under /api/catalog/."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = router.urls
