"""Serializers of the catalogue's generic endpoints and its actions under /api/catalog/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from cloudmove.catalog.api import criteria as api_criteria
from cloudmove.catalog.api import prices as api_prices

router = SimpleRouter()
api_criteria.register_routes(router)  # criteria sets, evaluations, eligible providers
urlpatterns = router.urls
# Price books: import and export (before the generic routes, which would read 'import' as an id).
urlpatterns += [
    path('price-books/import/', api_prices.PriceImportView.as_view(), name='api-catalog-prices-import'),
    path('price-books/<int:pk>/export/', api_prices.PriceExportView.as_view(), name='api-catalog-prices-export'),
]
