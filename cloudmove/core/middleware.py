"""Request id and audit context, language choice, the second-factor gate and security headers."""

import re
import time
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.core import audit
from cloudmove.core.choices import AuditSource

REQUEST_ID_RE = re.compile(r'^[A-Za-z0-9._-]{8,64}$')


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get('X-Request-ID', '')
        request.request_id = given if REQUEST_ID_RE.match(given) else uuid.uuid4().hex
        source = AuditSource.API if request.path.startswith('/api/') else AuditSource.UI
        with audit.context(source, request=request, request_id=request.request_id):
            response = self.get_response(request)
        response['X-Request-ID'] = request.request_id
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise; a browser's Accept-Language does not switch the UI.

    API clients may ask for a language with Accept-Language, since they send it on purpose.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in self.languages and request.path.startswith('/api/'):
            lang = translation.get_language_from_request(request)
        if lang not in self.languages:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault('Content-Language', lang)
        return response


class SessionRefreshMiddleware:
    """A session ends SESSION_COOKIE_AGE after the user's last request: its expiry moves forward when it was
    last moved over a minute ago, rather than with a database write at every page (which on SQLite also
    takes the write lock). Done before the view, so that a sign-out still empties the session."""

    KEY = '_refreshed'
    EVERY = 60  # seconds; the idle limit is kept to within this

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, 'session', None)
        if session is not None and session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY:
                session[self.KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Admin, leader and auditor sessions must pass the TOTP check before anything else."""

    exempt_prefixes = ('/account/', '/static/', '/i18n/', '/favicon')

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, 'user', None)
        if (
            settings.CLOUDMOVE_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(self.exempt_prefixes)
        ):
            if request.path.startswith('/api/'):
                return JsonResponse({'detail': _('The second factor is required.')}, status=403)
            return redirect(f'{reverse("core:otp_verify")}?next={request.path}')
        return self.get_response(request)


class SecurityHeadersMiddleware:
    csp = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
        "object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault('Content-Security-Policy', self.csp)
        response.headers.setdefault('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
        return response
