from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovsyncConfig(AppConfig):
    name = 'cloudmove.govsync'
    label = 'govsync'
    verbose_name = _('Government cloud link')

    def ready(self):
        from cloudmove.govsync import registrations  # noqa: F401
