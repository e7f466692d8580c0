"""Production profile: PostgreSQL, HTTPS behind a reverse proxy, hashed static files.

Use with DJANGO_SETTINGS_MODULE=cloudmove.settings.production. `cloudmove check --deploy`
passes with no warning when SECRET_KEY is a long random value (generated into var/ when unset).
"""

from cloudmove.settings import *  # noqa: F403
from cloudmove.settings import env_bool, os

DEBUG = False
SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')
SECURE_SSL_REDIRECT = env_bool('SECURE_SSL_REDIRECT', True)
SECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},
    'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'},
}
WHITENOISE_USE_FINDERS = False
LOGGING['root']['level'] = os.environ.get('LOG_LEVEL', 'INFO')  # noqa: F405
