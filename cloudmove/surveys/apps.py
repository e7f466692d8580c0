from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = 'cloudmove.surveys'
    label = 'surveys'
    verbose_name = _('Survey campaigns')

    def ready(self):
        from cloudmove.surveys import registrations  # noqa: F401
