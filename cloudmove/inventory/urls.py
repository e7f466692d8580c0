from cloudmove.core.urls_generic import generic_urlpatterns

app_name = 'inventory'

urlpatterns = [
    *generic_urlpatterns('inventory'),
]
