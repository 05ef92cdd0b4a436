"""Settings shared by every environment.

Every environment variable the project reads is declared here, once, with its type and default.
The defaults are the embedded set-up (SQLite, in-memory channel layer, local-memory cache, console
e-mail, media on disk); `production.py` refuses to start without the variables it must have.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{DATA_DIR / 'portal.sqlite3'}"),
    DATABASE_POOL=(bool, False),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Sociální bydlení <noreply@localhost>"),
    SITE_BASE_URL=(str, "http://127.0.0.1:8000"),
    MEDIA_ROOT=(str, str(DATA_DIR / "media")),
    PRIVATE_MEDIA_ROOT=(str, str(DATA_DIR / "private")),
    STATIC_ROOT=(str, str(DATA_DIR / "static")),
    SECURE_HSTS_SECONDS=(int, 31536000),
    TRUSTED_PROXY_COUNT=(int, 0),
    OUTBOX_GIVE_UP_HOURS=(int, 48),
)

DEBUG = env("DEBUG")
# Read verbatim: django-environ takes a value starting with "$" for a reference to another variable,
# and random keys do start with "$" now and then.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates and translations win over the packages' own.
    "portal",
    "groups",
    "events",
    "action_plan",
    "knowledge_base",
    "channels",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "django.forms",  # Django's widget templates, found by the site's template engine (FORM_RENDERER)
]
FORM_RENDERER = "portal.form_rendering.PortalFormRenderer"

MIDDLEWARE = [
    "portal.request_limits.RequestBodyLimitMiddleware",  # first: refuses a body too large before it is read
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.middleware.AnonymousPageCacheMiddleware",
    "portal.middleware.CacheOutageMiddleware",
    "portal.middleware.KeptSiteMiddleware",
    "portal.middleware.HeldWhileReadingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PersonalResponseMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.RequireStaffTwoFactorMiddleware",
    "portal.admin_guard.AdminPageVisibilityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.downloads.DocumentDownloadMiddleware",  # outside the CSP middleware: its policy wins
    "portal.middleware.SiteContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env("DATABASE_POOL"):
    # Under ASGI every thread would otherwise hold its own connection and exhaust PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {"pool": True}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several threads: take the write lock when a transaction starts
    # (no upgrade deadlocks between read-then-write transactions) and wait for it instead of failing.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# Redis down must not take the site down: the cache degrades to "no cache" (sign-in, which needs its
# rate limits there, answers 503), and a dead host costs at most these timeouts, once per
# CACHE_OUTAGE_RETRY_SECONDS per process (see portal/resilient_cache.py).
CACHE_OUTAGE_RETRY_SECONDS = 5
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_connect_timeout": 1}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "portal.User"
# allauth's backend only (it extends Django's for permissions): sign-in is by e-mail through allauth. Ours
# extends it to read what every page asks about the signed-in person with the user (portal/auth_backends.py).
AUTHENTICATION_BACKENDS = ["portal.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts (django-allauth) ---
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# Sign-up by invitation only, with the invited address (the adapter closes it without one).
ACCOUNT_FORMS = {"signup": "portal.signup.InvitedSignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sociální bydlení] "
# allauth's default limits (login failures, sign-ups, password resets, confirmations) stay on;
# they live in the cache, which is Redis in production so they hold across workers.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
# Behind the reverse proxy every request comes from the proxy's address; allauth's per-IP rate
# limits must read the client's address from X-Forwarded-For instead (production sets 1).
ALLAUTH_TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sociální bydlení"

# --- Internationalisation: Czech first, English second ---
LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", "Čeština"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The project's own catalogue first (it wins), then the Czech that Wagtail's own catalogues lack
# (`locale_wagtail/`, the admin's messages and, through LOCALE_PATHS, its JavaScript catalogue too).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

# --- Static files and media ---
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
# Meeting annexes: never under MEDIA_URL, served only by a view that checks permission.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail: every message goes through the outbox (portal/outbox.py) and the background worker ---
TASKS = {
    # Wagtail's own small tasks run in the request, as Wagtail expects by default.
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
    # Ours wait in the database for `manage.py db_worker --backend background` (`make run` starts one).
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["outbox", "default"]},
}
EMAIL_TIMEOUT = 20  # seconds: a hung mail server must not stall the worker
OUTBOX_RETRY_SECONDS = 30  # first retry after a temporary failure, doubling each time
OUTBOX_RETRY_MAX_SECONDS = 60 * 60
OUTBOX_GIVE_UP_SECONDS = env("OUTBOX_GIVE_UP_HOURS") * 60 * 60
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Sociální bydlení"
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL")
WAGTAILADMIN_LOGIN_URL = "account_login"
# Visitors of login-restricted pages and documents sign in through allauth too (two-factor, rate limits);
# no shared page passwords: access comes from accounts and roles.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# One approval engine (groups/workflows.py): the last approval publishes the approved revision.
WAGTAIL_FINISH_WORKFLOW_ACTION = "groups.workflow_finish.publish_approved_revision"
# Passwords are reset and changed only through allauth, so the admin is no side door.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False  # e-mail changes need allauth's verification
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "odp", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Bodies over this are refused with 413 before they are read (portal/request_limits.py, both under
# ASGI and WSGI): the largest upload, a document, plus room for the form around it and a small second
# annex. The annexes of one agenda item are sent together and share it.
MAX_REQUEST_BODY_BYTES = WAGTAILDOCS_MAX_UPLOAD_SIZE + 5 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document is a download, never shown in the browser (portal/downloads.py adds the headers), and
# a new file's content must fit its extension (portal/uploads.py).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.forms.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No calls to third parties from the admin: no Gravatar (personal data), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security headers on every response ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# The public site needs no inline script or style: everything comes from our static files.
# `portal.middleware.SiteContentSecurityPolicyMiddleware` loosens this for the Wagtail admin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Real time ---
WEBSOCKET_MAX_MESSAGE_BYTES = 64 * 1024
# How often an open socket re-checks that its user may still have it (deactivated, signed out).
WEBSOCKET_RECHECK_SECONDS = 3
# Commands one live-room socket may send in a window of seconds (more get an error, the socket stays).
WEBSOCKET_ROOM_COMMANDS = 30
WEBSOCKET_ROOM_WINDOW = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
