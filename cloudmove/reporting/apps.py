from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = 'cloudmove.reporting'
    label = 'reporting'
    verbose_name = _('Reporting')

    def ready(self):
        from cloudmove.reporting import registrations  # noqa: F401
