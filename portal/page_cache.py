"""The cache of public pages for anonymous visitors, of the site frame (menu, footer, switcher), and of
what members' pages share (`portal.public_parts`; the approval engine's list of what is in progress).

Every key carries a generation number; publishing a page or changing anything shown on public pages
bumps it, which retires every cached page at once. Simple and always correct; a publish costs one
cold render per page. Entries also expire after PUBLIC_PAGE_TIMEOUT as a safety net. The approval
engine keeps its list of what is in progress and its comment-period tasks here too
(`groups.workflows._everything_in_progress`, `groups.workflow_history`), so its steps, its tasks and
the register bump the same generation (`groups.receivers`).

A lookup is one round trip to the cache: the generation and the value stored under the generation
this process saw last are read together (`get_many`), and the value is used only if the generation
is still that one. After a publish the first lookup of each process reads a second time. What a GET
will ask for later (the site frame's parts) is read ahead with an earlier lookup and held for the
request (`lookup_all`'s `read_ahead`, `held_for_request`): a page costs two round trips, not six.

The cache is a speed-up, never a dependency: when it is unavailable (Redis down, see
`portal.resilient_cache`) every function here answers "nothing cached" and pages are rendered
fresh. No key is made without a generation, so nothing stored around an outage can outlive a publish.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

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


def _key_in(current: int, parts: tuple) -> str:
    joined = ":".join(str(part) for part in parts)
    if len(joined) > 180:  # long paths: keep keys short for any cache backend
        joined = hashlib.sha256(joined.encode()).hexdigest()
    return f"public:{current}:{joined}"


class Lookup(NamedTuple):
    key: str | None  # where to store a value computed afresh; None while the cache is unavailable
    value: Any  # None: nothing stored


# The generation this process read last: its keys are asked for together with the generation itself.
_last_seen_generation: int | None = None


def _lookup_all(parts_list: list[tuple]) -> list[Lookup]:
    global _last_seen_generation
    seen, current = _last_seen_generation, None
    if seen is not None and not _invalidation_pending:
        guesses = [_key_in(seen, parts) for parts in parts_list]
        found = cache.get_many([GENERATION_KEY, *guesses])
        current = found.get(GENERATION_KEY)
        if current == seen:
            return [Lookup(guess, found.get(guess)) for guess in guesses]
    if current is None:  # not known yet, evicted or flushed, or an invalidation to do first
        current = _current_generation()
    # The generation moved (a publish), or this process did not know it: the values are read under it.
    _last_seen_generation = current
    keys = [_key_in(current, parts) for parts in parts_list]
    found = cache.get_many(keys)
    return [Lookup(key, found.get(key)) for key in keys]


def lookup(*parts: Any) -> Lookup:
    """The value stored for `parts` in the current generation, and the key to store it under: one
    round trip while the generation stands."""
    return lookup_all([parts])[0]


# Within a GET: what was read ahead and not asked for yet, by its parts (None: nothing is held).
_held: ContextVar[dict | None] = ContextVar("page_cache_held", default=None)


@contextmanager
def held_for_request():
    """Values read ahead during the block are held for `remember` (`HeldWhileReadingMiddleware`)."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def lookup_all(parts_list: list[tuple], read_ahead: Iterable[tuple] = ()) -> list[Lookup]:
    """`lookup` of several values in the same round trip. `read_ahead`: what `remember` will ask for
    later in this request, read in the same round trip and held until then (outside a request that holds
    them, not read)."""
    held = _held.get()
    ahead = [parts for parts in read_ahead if parts not in held] if held is not None else []
    wanted = parts_list + ahead
    if not wanted:  # nothing to read (a read ahead outside a GET): no round trip
        return []
    found = _unless_unavailable(lambda: _lookup_all(wanted), [Lookup(None, None)] * len(wanted))
    if ahead:
        held.update(zip(ahead, found[len(parts_list) :], strict=True))
    return found[: len(parts_list)]


def store(cache_key: str | None, value: Any, timeout: int = PUBLIC_PAGE_TIMEOUT) -> None:
    if cache_key is not None:
        _unless_unavailable(lambda: cache.set(cache_key, value, timeout), None)


def drop_held(parts: tuple) -> None:
    """Forget a value read ahead: what it was computed from has changed during this request."""
    held = _held.get()
    if held is not None:
        held.pop(parts, None)


# While a value to be kept is computed (`remember`): what it reads afresh, once (None otherwise).
_computing: ContextVar[dict | None] = ContextVar("page_cache_computing", default=None)


def computing() -> dict | None:
    """While a value to be kept is computed: a place for what it is built from, read afresh and once for
    the value, not taken from what this request read before. A change since then has already retired
    the generation the value will be stored under, and an older read must not outlive it there."""
    return _computing.get()


def remember(parts: tuple, compute: Callable[[], Any], timeout: int = PUBLIC_PAGE_TIMEOUT) -> Any:
    """Return the cached value for `parts` in the current generation, computing it once. None is not
    kept (it reads as "nothing stored"): a page not found costs no key."""
    held = _held.get()
    cache_key, value = (held and held.pop(parts, None)) or lookup(*parts)
    if value is None:
        token = _computing.set({})
        try:
            value = compute()
        finally:
            _computing.reset(token)
        if value is not None:
            store(cache_key, value, timeout)
    return value
