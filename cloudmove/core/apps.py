from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = 'cloudmove.core'
    label = 'core'
    verbose_name = _('Core')

    def ready(self):
        from cloudmove.core import audit, registrations  # noqa: F401  (register models)
        from cloudmove.core.imports import flow, objects  # noqa: F401  (register job kinds)
        from cloudmove.core.services import jobs  # noqa: F401

        audit.connect()
        objects.register()
