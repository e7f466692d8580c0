"""Settings from the environment. `cloudmove.settings.production` hardens them for deployment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get('CLOUDMOVE_VAR_DIR', BASE_DIR / 'var'))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == '':
        return default
    return value.strip().lower() in {'1', 'true', 'yes', 'on'}


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in (value if value is not None else default).split(',') if item.strip()]


def _secret_key():
    # Generated once into var/ so that sessions and tokens survive restarts.
    key = os.environ.get('SECRET_KEY')
    if key:
        return key
    path = VAR_DIR / 'secret_key'
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool('DEBUG')
ALLOWED_HOSTS = env_list('ALLOWED_HOSTS', '127.0.0.1,localhost,[::1]')
CSRF_TRUSTED_ORIGINS = env_list('CSRF_TRUSTED_ORIGINS', '')

INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'django.contrib.humanize',
    'rest_framework',
    'django_filters',
    'drf_spectacular',
    'drf_spectacular_sidecar',
    'axes',
    'django_otp',
    'django_otp.plugins.otp_totp',
    'cloudmove.core',
    'cloudmove.inventory',
    'cloudmove.surveys',
    'cloudmove.catalog',
    'cloudmove.guidance',
    'cloudmove.assessment',
    'cloudmove.planning',
    'cloudmove.execution',
    'cloudmove.reporting',
    'cloudmove.govsync',
    # After the apps, so that core's lighter select template (options inline, not one include each) wins.
    'django.forms',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'whitenoise.middleware.WhiteNoiseMiddleware',
    'cloudmove.core.middleware.RequestContextMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'cloudmove.core.middleware.LanguageMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'cloudmove.core.middleware.SessionRefreshMiddleware',
    'django_otp.middleware.OTPMiddleware',
    'cloudmove.core.middleware.SecondFactorMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
    'cloudmove.core.middleware.SecurityHeadersMiddleware',
    'axes.middleware.AxesMiddleware',
]

ROOT_URLCONF = 'cloudmove.urls'
FORM_RENDERER = 'django.forms.renderers.TemplatesSetting'
WSGI_APPLICATION = 'cloudmove.wsgi.application'

TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [],
        'APP_DIRS': True,
        'OPTIONS': {
            'context_processors': [
                'django.template.context_processors.request',
                'django.contrib.auth.context_processors.auth',
                'django.contrib.messages.context_processors.messages',
                'django.template.context_processors.i18n',
                'cloudmove.core.context_processors.cloudmove',
            ],
            'builtins': ['cloudmove.core.templatetags.cloudmove_text'],
        },
    },
]

DATABASE_URL = os.environ.get('DATABASE_URL') or f'sqlite:///{VAR_DIR / "cloudmove.sqlite3"}'
DATABASES = {'default': dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get('DB_CONN_MAX_AGE', 60)))}
if DATABASES['default']['ENGINE'] == 'django.db.backends.sqlite3':
    # The web server and the job worker write concurrently: WAL, a busy timeout and
    # BEGIN IMMEDIATE make SQLite serialise writers instead of failing with "locked".
    DATABASES['default']['CONN_MAX_AGE'] = 0
    DATABASES['default']['OPTIONS'] = {
        'timeout': 30,
        'transaction_mode': 'IMMEDIATE',
        'init_command': ('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; '
                         'PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;'),
    }
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'

AUTH_USER_MODEL = 'core.User'
AUTHENTICATION_BACKENDS = [
    'axes.backends.AxesStandaloneBackend',
    'django.contrib.auth.backends.ModelBackend',
]
AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 10}},
    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},
    {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'},
]
LOGIN_URL = 'core:login'
LOGIN_REDIRECT_URL = 'core:home'
LOGOUT_REDIRECT_URL = 'core:login'

# Sessions end after an idle period (core.middleware.SessionRefreshMiddleware moves the expiry) and when the
# browser closes.
SESSION_COOKIE_AGE = int(os.environ.get('CLOUDMOVE_SESSION_MINUTES', 60)) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = 'Lax'
CSRF_COOKIE_HTTPONLY = True

# Lockout of an account after repeated failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get('CLOUDMOVE_LOGIN_FAILURE_LIMIT', 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get('CLOUDMOVE_LOCKOUT_MINUTES', 30)))
AXES_LOCKOUT_PARAMETERS = ['username']
# Lockout is per account on purpose: a unit's staff share one NAT address, so locking by address
# would lock out a whole office after a few typos (axes.W006 suggests adding it).
SILENCED_SYSTEM_CHECKS = ['axes.W006']
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = 'cloudmove.core.views.auth.lockout_response'
AXES_VERBOSE = False

# The one switch for the TOTP second factor of admin, leader and auditor accounts.
CLOUDMOVE_REQUIRE_2FA = env_bool('CLOUDMOVE_REQUIRE_2FA', True)
OTP_TOTP_ISSUER = 'CloudMove'

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = 'same-origin'
SECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'
X_FRAME_OPTIONS = 'DENY'

# Vietnamese is the default; the browser's Accept-Language does not override it.
LANGUAGE_CODE = os.environ.get('CLOUDMOVE_LANGUAGE', 'vi')
LANGUAGES = [('vi', _('Vietnamese')), ('en', _('English'))]
LOCALE_PATHS = [BASE_DIR / 'cloudmove' / 'locale']
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get('TIME_ZONE', 'Asia/Ho_Chi_Minh')
FORMAT_MODULE_PATH = ['cloudmove.formats']
DATE_INPUT_FORMATS = ['%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y']
DATETIME_INPUT_FORMATS = ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S']

STATIC_URL = '/static/'
STATIC_ROOT = VAR_DIR / 'static'
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(os.environ.get('CLOUDMOVE_MEDIA_DIR', VAR_DIR / 'media'))
MEDIA_URL = '/media/'
# Serve static files straight from the apps: no collectstatic step for the demo.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},
    'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

REST_FRAMEWORK = {
    'DEFAULT_AUTHENTICATION_CLASSES': [
        'cloudmove.core.api.authentication.HashedTokenAuthentication',
        'rest_framework.authentication.SessionAuthentication',
    ],
    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],
    'DEFAULT_PAGINATION_CLASS': 'cloudmove.core.api.pagination.PageNumberPagination',
    'PAGE_SIZE': 50,
    'DEFAULT_FILTER_BACKENDS': [
        'django_filters.rest_framework.DjangoFilterBackend',
        'rest_framework.filters.OrderingFilter',
    ],
    'DEFAULT_SCHEMA_CLASS': 'drf_spectacular.openapi.AutoSchema',
    'DEFAULT_RENDERER_CLASSES': [
        'rest_framework.renderers.JSONRenderer',
        'rest_framework.renderers.BrowsableAPIRenderer',
    ],
    'ORDERING_PARAM': 'ordering',
    'DATETIME_FORMAT': 'iso-8601',
    'DATE_FORMAT': 'iso-8601',
    'COERCE_DECIMAL_TO_STRING': False,
}
SPECTACULAR_SETTINGS = {
    'TITLE': 'CloudMove API',
    'DESCRIPTION': 'REST API of CloudMove. Authenticate with `Authorization: Token <token>` '
    'from POST /api/auth/token/.',
    'VERSION': '1',
    'SERVE_INCLUDE_SCHEMA': False,
    'SWAGGER_UI_DIST': 'SIDECAR',
    'SWAGGER_UI_FAVICON_HREF': 'SIDECAR',
    'REDOC_DIST': 'SIDECAR',
    'COMPONENT_SPLIT_REQUEST': True,
    # Choice sets that share a field name get their own names in the schema.
    'ENUM_NAME_OVERRIDES': {
        'EquipmentStatusEnum': 'cloudmove.inventory.choices.EquipmentStatus',
        'AddressStatusEnum': 'cloudmove.inventory.choices.AddressStatus',
        'JobStateEnum': 'cloudmove.core.choices.JobState',
    },
}

# Uploads and job queue.
CLOUDMOVE_MAX_UPLOAD_MIB = int(os.environ.get('CLOUDMOVE_MAX_UPLOAD_MIB', 100))
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Attachments on inventory objects (diagrams, documents): size limit and allowed types. Each type is
# checked by its extension AND its content: `magic` lists accepted leading bytes; `package` also
# requires an Office Open XML package (a ZIP holding [Content_Types].xml); `text` requires UTF-8 text
# without NUL bytes. SVG images are refused when they hold scripts (see core.services.files).
CLOUDMOVE_ATTACHMENT_MAX_MIB = int(os.environ.get('CLOUDMOVE_ATTACHMENT_MAX_MIB', 20))
_ZIP = (b'PK\x03\x04',)
CLOUDMOVE_ATTACHMENT_TYPES = {
    'pdf': {'mime': 'application/pdf', 'magic': (b'%PDF-',)},
    'png': {'mime': 'image/png', 'magic': (b'\x89PNG\r\n\x1a\n',)},
    'jpg': {'mime': 'image/jpeg', 'magic': (b'\xff\xd8\xff',)},
    'jpeg': {'mime': 'image/jpeg', 'magic': (b'\xff\xd8\xff',)},
    'svg': {'mime': 'image/svg+xml', 'text': True},
    'vsdx': {'mime': 'application/vnd.ms-visio.drawing.main+xml', 'magic': _ZIP, 'package': True},
    'drawio': {'mime': 'application/vnd.jgraph.mxfile', 'text': True},
    'docx': {'mime': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'magic': _ZIP,
             'package': True},
    'xlsx': {'mime': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'magic': _ZIP,
             'package': True},
    'pptx': {'mime': 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'magic': _ZIP,
             'package': True},
    'txt': {'mime': 'text/plain; charset=utf-8', 'text': True},
    'csv': {'mime': 'text/csv; charset=utf-8', 'text': True},
}
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['AttachmentKindEnum'] = 'cloudmove.inventory.choices.AttachmentKind'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['DataCentreTierEnum'] = 'cloudmove.catalog.choices.DataCentreTier'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['TristateEnum'] = 'cloudmove.guidance.choices.Tristate'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['StrategyEnum'] = 'cloudmove.assessment.choices.Strategy'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['RunStateEnum'] = 'cloudmove.assessment.choices.RunState'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['DeploymentModelEnum'] = 'cloudmove.guidance.choices.DeploymentModel'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['MigrationStateEnum'] = 'cloudmove.execution.choices.MigrationState'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['RecordSeverityEnum'] = 'cloudmove.execution.choices.Severity'
CLOUDMOVE_WORKER_POLL_SECONDS = float(os.environ.get('CLOUDMOVE_WORKER_POLL_SECONDS', 1.0))
# Days a migrated system must be live and healthy before its old system is decommissioned (default of the
# programme setting the office can change).
CLOUDMOVE_HEALTHY_DAYS = int(os.environ.get('CLOUDMOVE_HEALTHY_DAYS', 30))
CLOUDMOVE_JOB_STALE_MINUTES = int(os.environ.get('CLOUDMOVE_JOB_STALE_MINUTES', 10))

# E-mail is optional: notifications go by mail only when a server is configured.
EMAIL_HOST = os.environ.get('EMAIL_HOST', '')
EMAIL_PORT = int(os.environ.get('EMAIL_PORT', 25))
EMAIL_HOST_USER = os.environ.get('EMAIL_HOST_USER', '')
EMAIL_HOST_PASSWORD = os.environ.get('EMAIL_HOST_PASSWORD', '')
EMAIL_USE_TLS = env_bool('EMAIL_USE_TLS')
DEFAULT_FROM_EMAIL = os.environ.get('DEFAULT_FROM_EMAIL', 'cloudmove@localhost')

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {'console': {'class': 'logging.StreamHandler'}},
    'root': {'handlers': ['console'], 'level': os.environ.get('LOG_LEVEL', 'WARNING')},
}
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['ReportRequestStateEnum'] = 'cloudmove.reporting.choices.RequestState'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['ReportAnswerStateEnum'] = 'cloudmove.reporting.choices.AnswerState'
SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']['OutboxItemStateEnum'] = 'cloudmove.govsync.choices.ItemState'

# The Government cloud link: where changes are sent (empty: they wait in the outbox), the shared secret of
# their HMAC-SHA256 signature, and the sender's limits (seconds, items).
CLOUDMOVE_GOVSYNC_URL = os.environ.get('CLOUDMOVE_GOVSYNC_URL', '')
CLOUDMOVE_GOVSYNC_SECRET = os.environ.get('CLOUDMOVE_GOVSYNC_SECRET', '')
CLOUDMOVE_GOVSYNC_TIMEOUT = float(os.environ.get('CLOUDMOVE_GOVSYNC_TIMEOUT', 10))
CLOUDMOVE_GOVSYNC_LEASE_SECONDS = float(os.environ.get('CLOUDMOVE_GOVSYNC_LEASE_SECONDS', 120))
CLOUDMOVE_GOVSYNC_MAX_ATTEMPTS = int(os.environ.get('CLOUDMOVE_GOVSYNC_MAX_ATTEMPTS', 15))
CLOUDMOVE_GOVSYNC_BATCH = int(os.environ.get('CLOUDMOVE_GOVSYNC_BATCH', 50))
