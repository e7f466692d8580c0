from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = 'cloudmove.inventory'
    label = 'inventory'
    verbose_name = _('Inventory')

    def ready(self):
        from cloudmove.inventory import (
            importers,
            registrations,  # noqa: F401
        )
        from cloudmove.inventory.services import imports, workbooks  # noqa: F401  (register job kinds)

        importers.register()
        workbooks.register()
