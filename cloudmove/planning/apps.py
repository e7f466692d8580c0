from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = 'cloudmove.planning'
    label = 'planning'
    verbose_name = _('Planning')

    def ready(self):
        from cloudmove.planning import registrations  # noqa: F401
        from cloudmove.planning.services import plans  # noqa: F401  (registers the job kind)
