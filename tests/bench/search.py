"""The knowledge-base search's latency at 5,000 generated records: sequential requests (none cached, every
address has a query string), p50 and p95."""

import os
import time

from tests.bench import large_data, server

ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "30"))
QUERIES = [
    "q=bydleni",
    "q=BYDLEN%C3%8D",
    "q=krizov%C3%BD+byt",
    "q=housing+first",
    "q=bydleni&type=good_practice&region=praha",
    "q=spoluprace+odboru&approach=housing-first",
    "q=rodina+deti+ubytovna",
    "q=nenalezitelne",
]
P95_GOAL_MS = 50


def timed(url: str) -> float:
    started = time.perf_counter()
    status, _body = server.get(url)
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return (time.perf_counter() - started) * 1000


def report(base: str) -> None:
    for query in QUERIES:  # warm-up round
        timed(f"{base}/hledat/?{query}")
    timings = sorted(timed(f"{base}/hledat/?{query}") for _ in range(ROUNDS) for query in QUERIES)
    p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]
    print(
        f"\nKnowledge-base search, {large_data.RECORDS} generated records + demo, PostgreSQL, {len(timings)} "
        f"sequential requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal: p95 under {P95_GOAL_MS} ms)"
    )
