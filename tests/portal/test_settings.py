"""Configuration comes from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
    "ALLOWED_HOSTS": "bydleni.example.cz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://portal:heslo@smtp.example.cz:587",
    "SITE_BASE_URL": "https://bydleni.example.cz",
}
DUMP = (
    "import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({"
    "'db': s.DATABASES['default']['ENGINE'], 'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool', False),"
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'],"
    "'email': s.EMAIL_BACKEND, 'debug': s.DEBUG}))"
)


def run_python(code: str, settings_module: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION_ENV, "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    command = [sys.executable, *(["-c", code] if code else []), *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_embedded_default_needs_nothing():
    result = run_python(DUMP, "portal.settings.dev", {})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "db": "django.db.backends.sqlite3",
        "pool": False,
        "layer": "channels.layers.InMemoryChannelLayer",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
    }


def test_database_and_redis_urls_switch_the_backends():
    env = {"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"], "REDIS_URL": PRODUCTION_ENV["REDIS_URL"]}
    values = json.loads(run_python(DUMP, "portal.settings.dev", env).stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert values["cache"] == "portal.resilient_cache.ResilientRedisCache"  # Redis down: no cache, not a 500


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_python(DUMP, "portal.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_wildcard_hosts():
    result = run_python(DUMP, "portal.settings.production", {**PRODUCTION_ENV, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_pools_postgres_connections_and_is_not_debug():
    values = json.loads(run_python(DUMP, "portal.settings.production", PRODUCTION_ENV).stdout)
    assert values["pool"] is True
    assert values["debug"] is False
    assert values["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"


def test_secret_key_is_taken_verbatim_even_with_a_leading_dollar():
    key = "$" + get_random_secret_key()
    code = "import django; from django.conf import settings as s; django.setup(); print(s.SECRET_KEY)"
    result = run_python(code, "portal.settings.production", {**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_production_passes_the_deploy_check():
    result = run_python(
        "", "portal.settings.production", PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
