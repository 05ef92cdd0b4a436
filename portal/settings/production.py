"""Production: PostgreSQL, Redis, HTTPS behind a proxy. Refuses to start half-configured."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, EMAIL_BACKEND, env

REQUIRED_VARIABLES = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SITE_BASE_URL")
missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name, "").strip()]
if missing:
    raise ImproperlyConfigured(f"Production settings need these environment variables: {', '.join(missing)}")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts, not '*'.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be postgres://...")

DEBUG = False
if EMAIL_BACKEND.endswith("console.EmailBackend"):
    raise ImproperlyConfigured("EMAIL_URL must name a real mail server in production (verification links).")
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
# Several ASGI workers share PostgreSQL: pool connections unless DATABASE_POOL=false says otherwise.
if env.bool("DATABASE_POOL", default=True):
    DATABASES["default"]["OPTIONS"] = {"pool": True}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.security": {"level": "WARNING"}},
}
