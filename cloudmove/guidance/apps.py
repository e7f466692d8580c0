from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = 'cloudmove.guidance'
    label = 'guidance'
    verbose_name = _('Guidance')

    def ready(self):
        from cloudmove.guidance import registrations  # noqa: F401
