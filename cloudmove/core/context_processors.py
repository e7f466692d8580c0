from django.conf import settings

from cloudmove import __version__
from cloudmove.core import registry
from cloudmove.core.models import Notification, SiteSetting


def cloudmove(request):
    user = getattr(request, 'user', None)
    authenticated = user is not None and user.is_authenticated
    return {
        'cloudmove_version': __version__,
        'demo_data': SiteSetting.get('demo_data', False),
        'nav_sections': registry.nav_sections(user) if authenticated else [],
        'require_2fa': settings.CLOUDMOVE_REQUIRE_2FA,
        'languages': settings.LANGUAGES,
        'unread_notifications': (Notification.objects.filter(user=user, read_at__isnull=True).count()
                                 if authenticated else 0),
    }
