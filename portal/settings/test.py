"""Settings for the test suite: the embedded default made fast; PostgreSQL and Redis if given."""

from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, DATA_DIR, REDIS_URL, STATIC_ROOT, env

# `make test` runs the suite in several processes at once (pytest-xdist sets this: "gw0", "gw1", …;
# empty in a serial run). pytest-django gives each its own test database; the rest is kept apart here.
XDIST_WORKER = env.str("PYTEST_XDIST_WORKER", default="")

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The outbox's worker runs right after each commit, so a test sees the mail of what it did; the
# worker's own tests switch to the database queue.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["outbox", "default"]},
}
_WORKER_SUFFIX = f"-{XDIST_WORKER}" if XDIST_WORKER else ""
MEDIA_ROOT = str(DATA_DIR / f"test-media{_WORKER_SUFFIX}")
PRIVATE_MEDIA_ROOT = str(DATA_DIR / f"test-private{_WORKER_SUFFIX}")
if REDIS_URL and XDIST_WORKER:
    # Each worker on its own Redis database, numbered on from the one in REDIS_URL: the tests empty the
    # cache (FLUSHDB) around each test and would wipe another worker's rate-limit counters. Pub/sub
    # spans all databases, so the channel layer's names get the worker's prefix as well.
    _redis = urlsplit(REDIS_URL)
    _database = int(_redis.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))
    _worker_redis_url = _redis._replace(path=f"/{_database}").geturl()
    CACHES["default"]["LOCATION"] = _worker_redis_url
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = _worker_redis_url
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"asgi-{XDIST_WORKER}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
