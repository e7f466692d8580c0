from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = 'cloudmove.catalog'
    label = 'catalog'
    verbose_name = _('Cloud catalogue')

    def ready(self):
        from cloudmove.catalog import registrations  # noqa: F401
        from cloudmove.catalog.services import prices

        prices.register()
