"""`make bench`: the production configuration on loopback (DEBUG off, PostgreSQL, Redis cache, WhiteNoise
static files, gunicorn with 2 sync workers) on throwaway databases with the demo loaded.

- pages (tests/bench/pages.py): CPU milliseconds per request of every page type, public (uncached, and the
  cached home) and members', with queries, HTML size and p50, at demo size and again after generating
  large data; the cached home against a true floor (a minimal Django project) under wrk; worker memory.
  In the full run, also the search's p50 and p95 at 5,000 records (tests/bench/search.py).
- outbox (tests/bench/outbox.py): an approval that invites 200 people, the worker's messages per second.
- action_plan (tests/bench/action_plan.py): the action plan at 300 measures.
- live_room (tests/bench/live_room.py): the live room's WebSocket fan-out to 200 members on 2 uvicorn
  processes sharing Redis.

`python -m tests.bench` runs them all; `python -m tests.bench pages` (or any other part's name) one.
Set BENCH_DATABASE and BENCH_REDIS_URL to names of your own when runs may overlap: the databases are
BENCH_DATABASE (the demo), BENCH_DATABASE_large and BENCH_DATABASE_parts (copies of it).
"""

import importlib
import shutil
import sys
import tempfile
from pathlib import Path

from tests.bench import server

PARTS = ["pages", "outbox", "action_plan", "live_room"]


def run_pages(env: dict, whole_run: bool) -> None:
    from tests.bench import pages, search

    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    pages.run(env, at_large_data=search.report if whole_run else None)


def run_others(env: dict, parts: list[str]) -> None:
    """The other parts share one copy of the demo, in this order (each adds what it measures)."""
    for part in parts:
        # Imported only when run: each needs only its own tools (the live room a redis-server binary).
        importlib.import_module(f"tests.bench.{part}").run(server.manage, env)


def main() -> None:
    chosen = sys.argv[1:] or PARTS
    unknown = set(chosen) - set(PARTS)
    if unknown:
        sys.exit(f"unknown part {', '.join(sorted(unknown))}; the parts: {', '.join(PARTS)}")
    others = [part for part in PARTS if part in chosen and part != "pages"]
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        env = server.demo_site(workdir)
        if others:  # a copy of the demo before the pages' run changes it (a session, a second factor)
            server.recreate_database(server.PARTS_DATABASE, template=server.DATABASE)
        if "pages" in chosen:
            run_pages(env, whole_run=len(chosen) == len(PARTS))
        if others:
            run_others(server.using_database(env, server.PARTS_DATABASE), others)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
