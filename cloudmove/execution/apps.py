from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = 'cloudmove.execution'
    label = 'execution'
    verbose_name = _('Execution')

    def ready(self):
        from cloudmove.execution import registrations  # noqa: F401
        from cloudmove.execution.services import health  # noqa: F401  (registers the periodic probe run)
