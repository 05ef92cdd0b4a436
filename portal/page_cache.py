"""The cache of public pages for anonymous visitors, and of the site frame (menu, footer, switcher).

Every key carries a generation number; publishing a page or changing anything shown on public pages
bumps it, which retires every cached page at once. Simple and always correct; a publish costs one
cold render per page. Entries also expire after PUBLIC_PAGE_TIMEOUT as a safety net.

The cache is a speed-up, never a dependency: when it is unavailable (Redis down, see
`portal.resilient_cache`) every function here answers "nothing cached" and pages are rendered
fresh. No key is made without a generation, so nothing stored around an outage can outlive a publish.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from portal.resilient_cache import CacheUnavailable

GENERATION_KEY = "public-pages:generation"
PUBLIC_PAGE_TIMEOUT = 10 * 60

T = TypeVar("T")

# An invalidation that failed during an outage, to be done as soon as the cache answers again.
_invalidation_pending = False


def _unless_unavailable(operation: Callable[[], T], fallback: T) -> T:
    """The one place where a failing cache turns into "no cache" (the backend logs the outage)."""
    try:
        return operation()
    except CacheUnavailable:
        return fallback


def _current_generation() -> int:
    global _invalidation_pending
    if _invalidation_pending:
        _bump_generation()
        _invalidation_pending = False
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def generation() -> int | None:
    """The current generation; None while the cache is unavailable."""
    return _unless_unavailable(_current_generation, None)


def _bump_generation() -> bool:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, int(time.time() * 1000), timeout=None)
    return True


def invalidate_public_pages(**_signal_kwargs) -> None:
    """Retire every cached public page and frame fragment (usable as a signal receiver)."""
    global _invalidation_pending
    if not _unless_unavailable(_bump_generation, False):
        # Redis may only be unreachable, its pages intact: retire them when it answers again.
        _invalidation_pending = True


def invalidate_now_and_after_commit(**_signal_kwargs) -> None:
    """For receivers inside a transaction: retire now, and again once the data is committed, so a
    page rendered from the old data in between is not kept."""
    invalidate_public_pages()
    transaction.on_commit(invalidate_public_pages)


def key(*parts: Any) -> str | None:
    """The cache key of `parts` in the current generation; None while the cache is unavailable."""
    current = generation()
    if current is None:
        return None
    joined = ":".join(str(part) for part in parts)
    if len(joined) > 180:  # long paths: keep keys short for any cache backend
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"public:{current}:{joined}"


def read(cache_key: str | None) -> Any:
    """The value stored under `cache_key`, or None (not stored, no key, or no cache)."""
    if cache_key is None:
        return None
    return _unless_unavailable(lambda: cache.get(cache_key), None)


def store(cache_key: str | None, value: Any) -> None:
    if cache_key is not None:
        _unless_unavailable(lambda: cache.set(cache_key, value, PUBLIC_PAGE_TIMEOUT), None)


def remember(parts: tuple, compute: Callable[[], Any]) -> Any:
    """Return the cached value for `parts` in the current generation, computing it once."""
    cache_key = key(*parts)
    value = read(cache_key)
    if value is None:
        value = compute()
        store(cache_key, value)
    return value
