"""Settings for the test suite: the embedded default made fast; PostgreSQL and Redis if given."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATA_DIR, STATIC_ROOT, env

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
MEDIA_ROOT = str(DATA_DIR / "test-media")
PRIVATE_MEDIA_ROOT = str(DATA_DIR / "test-private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
