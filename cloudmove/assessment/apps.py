from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = 'cloudmove.assessment'
    label = 'assessment'
    verbose_name = _('Assessment')

    def ready(self):
        from cloudmove.assessment import registrations  # noqa: F401
        from cloudmove.assessment.services import runs  # noqa: F401  (registers the job kind)
