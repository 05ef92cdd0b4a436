"""The cache backend used with Redis: Django's RedisCache made safe to lose (Redis down must not
take the site down).

Two kinds of data share the cache. Pure caches (our public pages and frame fragments, Wagtail's
site root paths, locale names and image renditions) can always be computed again. Security state
(allauth's rate-limit counters and its TOTP replay guard, the newsletter's per-client limit) cannot,
and without it the only safe answer is "no". So when Redis fails:

- Wagtail's keys read as a miss and writes to them are dropped: Wagtail does not expect cache errors
  and loses nothing but speed;
- every other key raises `CacheUnavailable`, and the caller decides: `portal.page_cache` serves
  without the cache, `portal.middleware.CacheOutageMiddleware` answers 503 for anything that needed
  its state there (sign-in, sign-up, password reset fail closed).

An outage is logged once when it starts and once when it ends. While it lasts Redis is tried again at
most every `CACHE_OUTAGE_RETRY_SECONDS` per process, so a dead host costs one timeout (the OPTIONS in
settings keep it short), not one per cache call; when Redis is back, everything resumes by itself.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What redis-py raises when the server is gone, slow, loading or refusing writes; socket errors
# are OSError (TimeoutError, ConnectionError are among them).
BACKEND_ERRORS = (RedisError, OSError)

# Keys of libraries that use the cache purely as a cache and would fail on an error (Wagtail).
FORGIVING_KEY_PREFIXES = ("wagtail",)


class CacheUnavailable(Exception):
    """The cache server cannot be reached, or failed moments ago and is left alone for a while."""


class _Outage:
    """Whether one cache server is down, for this process; logs each change of state once."""

    def __init__(self, location: str):
        self.location = location
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def wait_before_retrying(self) -> bool:
        return self._down_since is not None and time.monotonic() < self._retry_at

    def failed(self, error: Exception) -> None:
        with self._lock:
            now = time.monotonic()
            self._retry_at = now + settings.CACHE_OUTAGE_RETRY_SECONDS
            if self._down_since is None:
                self._down_since = now
                logger.warning("Cache at %s is unavailable, serving without it: %s", self.location, error)

    def succeeded(self) -> None:
        if self._down_since is None:  # the usual case: no lock taken
            return
        with self._lock:
            if self._down_since is not None:
                logger.info(
                    "Cache at %s is available again after %.0f s", self.location, time.monotonic() - self._down_since
                )
                self._down_since = None


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    # Django makes a backend instance per thread; the outage is the server's, shared by all of them.
    with _outages_lock:
        return _outages.setdefault(location, _Outage(location))


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django makes a new `redis.Redis` object for every cache call (the page cache makes several a
    page); one per connection pool is enough. A client only fronts its pool, which hands each command
    a connection, so redis-py lets threads share it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._outage = _outage_for(",".join(self._servers))

    def _guarded(self, keys: list, forgiven: Any, method: Callable, *args) -> Any:
        forgiving = bool(keys) and all(str(key).startswith(FORGIVING_KEY_PREFIXES) for key in keys)
        if self._outage.wait_before_retrying():
            if forgiving:
                return forgiven
            raise CacheUnavailable(f"cache at {self._outage.location} failed moments ago")
        try:
            result = method(self, *args)
        except BACKEND_ERRORS as error:
            self._outage.failed(error)
            if forgiving:
                return forgiven
            raise CacheUnavailable(str(error)) from error
        self._outage.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded([key], False, RedisCache.add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded([key], default, RedisCache.get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded([key], None, RedisCache.set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded([key], False, RedisCache.touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded([key], False, RedisCache.delete, key, version)

    def has_key(self, key, version=None):
        return self._guarded([key], False, RedisCache.has_key, key, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._guarded(keys, {}, RedisCache.get_many, keys, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), list(data), RedisCache.set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._guarded(keys, None, RedisCache.delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # A counter has no harmless "miss": never forgiven.
        return self._guarded([], None, RedisCache.incr, key, delta, version)

    def clear(self):
        return self._guarded([], None, RedisCache.clear)
