"""The embedded default: everything on one machine, nothing to configure."""

from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, STATIC_ROOT, env

DEBUG = env.bool("DEBUG", default=True)


def _local_secret_key() -> str:
    """A key made once per checkout and kept in the ignored data folder, never a shared constant."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = SECRET_KEY or _local_secret_key()

# Static files straight from the apps' folders: nothing to collect before `make run`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
