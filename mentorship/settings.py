"""Settings for the mentorship platform, read from the environment.

One file for every deployment (see `.env.example` and the README's settings table).
Nothing secret has a default: a missing `SECRET_KEY` stops start-up with a message naming it.
Without `DATABASE_URL` the site runs on an embedded SQLite file under `DATA_DIR`; without
`CELERY_BROKER_URL` background tasks run in-process, so `make run` needs no other service.
"""

from __future__ import annotations

import os
import warnings
from datetime import timedelta
from pathlib import Path

import django_stubs_ext

from mentorship import env

# Lets `admin.ModelAdmin[Job]` and friends be written with type parameters at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# `ENV_FILE=` (empty) reads no file at all: `make test` uses that to ignore a developer's .env.
env.read_env_file(os.environ.get("ENV_FILE", str(BASE_DIR / ".env")))

DATA_DIR = Path(env.get_str("DATA_DIR", str(BASE_DIR / ".data")))

SECRET_KEY = env.get_str("SECRET_KEY")
DEBUG = env.get_bool("DEBUG", default=False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
# Where people reach the site: the start of every link in an email (no trailing slash).
SITE_URL = env.get_url("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "axes",
    "mentorship",
    "relationships",
    "matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mentorship.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentorship.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mentorship.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "mentorship.forms_renderer.AccessibleFormRenderer"

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": env.get_database(
        "DATABASE_URL", default=f"sqlite:///{(DATA_DIR / 'db.sqlite3').as_posix()}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Several threads of runserver share one file; wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.get_cache("CACHE_URL", default="locmemcache://")}

# --- Users and accounts (django-allauth) ----------------------------------------------------

AUTH_USER_MODEL = "mentorship.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (email, address) pair before any password is checked.
    "mentorship.security.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "mentorship.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = env.get_choice(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory", choices=("mandatory", "optional", "none")
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Password guessing meets three layers (see `mentorship/security/lockout.py`):
# - allauth's own rate limits on the login page (its defaults, kept in the cache): 10 failed
#   logins a minute per address, and 5 in 5 minutes per email from any address;
# - the API's `auth` throttle on `POST /api/v1/auth/token/`: 10 a minute per address;
# - django-axes, counted in the database per (email, address) across both doors: after
#   `LOGIN_FAILURE_LIMIT` failures within the cool-off, that pair is refused, right password
#   too, until `LOGIN_COOLOFF_MINUTES` pass without another try. It outlives a cache flush
#   and caps a patient guesser who stays just under the per-minute limits.
AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 15)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "mentorship.security.lockout.login_identifier"
AXES_LOCKOUT_CALLABLE = "mentorship.security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# No table of successful logins (address, browser): personal data we have no use for.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
# The client address is read like the API throttles' (`API_TRUSTED_PROXIES`).
AXES_CLIENT_IP_CALLABLE = "mentorship.security.lockout.client_address"

# --- Email ----------------------------------------------------------------------------------

_email = env.get_email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(DATA_DIR / "emails")
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Mentorship <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "en"
TIME_ZONE = env.get_time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Serve from the source folders too, so a fresh checkout works without `collectstatic`;
# WhiteNoise then warns that STATIC_ROOT does not exist, which is expected there.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at: .*staticfiles")

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies: never readable by page scripts (session), never sent on cross-site POSTs (Lax).
# The CSRF cookie stays readable (Django's default): its value is in every page anyway.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"

# Content-Security-Policy (django-csp 4): only our own files run; no inline scripts, inline
# styles or event handlers, so injected markup cannot execute. The API docs page relaxes
# styles only (`mentorship/security/api_docs.py`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Request sizes. Bodies Django parses into memory (forms, JSON): at most this many bytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.get_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Uploaded files above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.get_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# No request body at all past this (a 5 MB participant CSV plus form overhead fits);
# `RequestSizeLimitMiddleware` answers 413 before anything reads the body.
MAX_REQUEST_BYTES = env.get_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Joining the browsers' preload list binds every subdomain for months: the operator's
    # call (`SECURE_HSTS_PRELOAD=true`), so the deploy check's reminder is silenced until then.
    SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
    # Health checks come over plain HTTP from load balancers and container runtimes.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.get_bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API (Django REST framework, drf-spectacular) -------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call then gets 401 with `WWW-Authenticate: Token`.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
        "mentorship.security.throttles.ScopedWriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.get_str("API_THROTTLE_ANON", "60/minute"),
        "user": env.get_str("API_THROTTLE_USER", "600/minute"),
        "auth": env.get_str("API_THROTTLE_AUTH", "10/minute"),
        # Writes only (`write_throttle_scope`): what a person plausibly does by hand.
        "requests": env.get_str("API_THROTTLE_REQUESTS", "20/hour"),
        "messages": env.get_str("API_THROTTLE_MESSAGES", "60/minute"),
        "imports": env.get_str("API_THROTTLE_IMPORTS", "20/hour"),
    },
    # Throttles key anonymous clients by address: trust X-Forwarded-For only from this many
    # proxies in front of us (0: use the socket's address, so the header cannot be forged).
    "NUM_PROXIES": env.get_int("API_TRUSTED_PROXIES", 0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mentorship.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentorship platform API",
    "DESCRIPTION": (
        "Mentor–mentee matching and relationship tracking. Authenticate with a session or "
        "with `Authorization: Token <token>` from `POST /api/v1/auth/token/`. Every error "
        'has the shape `{"message": ..., "errors": {field: [...]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Every paginated list documents the 404 of a page past its end.
        "mentorship.api.schema_hooks.document_page_not_found",
    ],
    # Two choice sets share the field name `seniority_preference` (a mentee's own wish and a
    # program's setting); each gets its own enum name.
    "ENUM_NAME_OVERRIDES": {
        "MenteeSeniorityPreferenceEnum": (
            "mentorship.models.participation.MenteeParticipation.SeniorityPreference"
        ),
        "ProgramSeniorityPreferenceEnum": "mentorship.models.programs.Program.SeniorityPreference",
    },
}

# --- Celery ---------------------------------------------------------------------------------
# Unset broker: tasks run in-process and eagerly, so the embedded default needs no Redis.

CELERY_BROKER_URL = env.get_broker_url("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Not a line per start-up; lockouts are still logged (as warnings).
        "axes": {"level": "WARNING"},
    },
}
