"""The cache of public pages for anonymous visitors, and of the site frame (menu, footer, switcher).

Every key carries a generation number; publishing a page or changing anything shown on public pages
bumps it, which retires every cached page at once. Simple and always correct; a publish costs one
cold render per page. Entries also expire after PUBLIC_PAGE_TIMEOUT as a safety net.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "public-pages:generation"
PUBLIC_PAGE_TIMEOUT = 10 * 60


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate_public_pages(**_signal_kwargs) -> None:
    """Retire every cached public page and frame fragment (usable as a signal receiver)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, int(time.time() * 1000), timeout=None)


def invalidate_now_and_after_commit(**_signal_kwargs) -> None:
    """For receivers inside a transaction: retire now, and again once the data is committed, so a
    page rendered from the old data in between is not kept."""
    invalidate_public_pages()
    transaction.on_commit(invalidate_public_pages)


def key(*parts: Any) -> str:
    joined = ":".join(str(part) for part in parts)
    if len(joined) > 180:  # long paths: keep keys short for any cache backend
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"public:{generation()}:{joined}"


def remember(parts: tuple, compute: Callable[[], Any]) -> Any:
    """Return the cached value for `parts` in the current generation, computing it once."""
    cache_key = key(*parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, PUBLIC_PAGE_TIMEOUT)
    return value
