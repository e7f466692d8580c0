from cloudmove.core.urls_generic import generic_urlpatterns

app_name = 'catalog'

urlpatterns = [
    *generic_urlpatterns('catalog'),
]
