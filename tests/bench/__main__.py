"""`make bench`: the production configuration under load on loopback.

Serves the site as in production (DEBUG off, PostgreSQL, Redis cache, WhiteNoise static files,
gunicorn with 2 sync workers) from a throwaway database, then drives wrk at the home page and at a
bare reference view of the same server and prints requests/s, p50/p99 latency, the ratio, the
workers' resident memory, and the query counts of uncached pages. Then, with 5,000 generated
good-practice records, it times the knowledge-base search and prints its p50 and p95. First, the
outbox: an approval that invites 200 people, and the worker's messages per second (tests/bench/outbox.py);
then the action plan at 300 measures (tests/bench/action_plan.py); then the live meeting room's WebSocket
fan-out to 200 members on 2 uvicorn processes sharing Redis (tests/bench/live_room.py).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

from tests.bench import action_plan as action_plan_bench
from tests.bench import live_room as live_room_bench
from tests.bench import outbox as outbox_bench

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench")  # a name of your own when runs overlap
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
PAGES = ["/", "/en/", "/o-pracovni-skupine/", "/pracovni-skupiny/pracovni-skupina/"]
SEARCH_RECORDS = 5000
SEARCH_ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "30"))
SEARCH_QUERIES = [
    "q=bydleni",
    "q=BYDLEN%C3%8D",
    "q=krizov%C3%BD+byt",
    "q=housing+first",
    "q=bydleni&type=good_practice&region=praha",
    "q=spoluprace+odboru&approach=housing-first",
    "q=rodina+deti+ubytovna",
    "q=nenalezitelne",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port: int, workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCHMARK_REFERENCE_VIEW": "true",
        "TRUSTED_PROXY_COUNT": "0",
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def recreate_database() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(request(url), timeout=1)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def request(url: str) -> urllib.request.Request:
    # Production redirects plain HTTP to HTTPS; the proxy's header says the original was HTTPS.
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (loopback)


def wrk(url: str) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-H", "X-Forwarded-Proto: https", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")

    def latency(percentile: str) -> float:
        value, unit = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
    }


def worker_rss_mib(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


QUERY_COUNT = """
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = {pages!r}
for path in pages:
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = "bypass-page-cache"
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    with CaptureQueriesContext(connection) as warm:
        status = client.get(path).status_code
    print(f"{{path:40}} {{status:4}} {{len(cold):6}} {{len(warm):6}}")
"""


def search_p95(base: str) -> tuple[float, float, int]:
    """Sequential searches (no cache: every URL has a query string); returns p50, p95 in ms and count."""
    timings = []
    for query in SEARCH_QUERIES:  # warm-up round
        urllib.request.urlopen(request(f"{base}/hledat/?{query}")).read()  # noqa: S310 (loopback)
    for _ in range(SEARCH_ROUNDS):
        for query in SEARCH_QUERIES:
            started = time.perf_counter()
            response = urllib.request.urlopen(request(f"{base}/hledat/?{query}"))  # noqa: S310 (loopback)
            response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise RuntimeError(f"search answered {response.status}")
    timings.sort()
    return timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1], len(timings)


def main() -> None:
    """`python -m tests.bench` measures everything; `python -m tests.bench outbox` only the outbox,
    `python -m tests.bench action_plan` only the action plan, `python -m tests.bench live_room` only the
    live room."""
    only_outbox = sys.argv[1:] == ["outbox"]
    only_action_plan = sys.argv[1:] == ["action_plan"]
    only_live_room = sys.argv[1:] == ["live_room"]
    only_one = only_outbox or only_action_plan or only_live_room
    if not only_one and subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("wrk is missing: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    port = free_port()
    env = production_env(port, workdir)
    recreate_database()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    if not (only_action_plan or only_live_room):
        outbox_bench.run(manage, env)
    if only_outbox:
        return
    if not only_live_room:
        action_plan_bench.run(manage, env)
    if only_action_plan:
        return
    live_room_bench.run(manage, env)
    if only_live_room:
        return
    manage(env, "generate_kb_records", str(SEARCH_RECORDS))
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")

    print("Uncached pages (page cache bypassed), queries:")
    print(f"{'page':40} {'HTTP':4} {'cold':>6} {'frame warm':>6}")
    print(manage(env, "shell", "--no-imports", "-c", QUERY_COUNT.format(pages=PAGES)), end="")

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/_bench/reference/")
        for path in ("/", "/_bench/reference/"):
            urllib.request.urlopen(request(base + path)).read()  # noqa: S310 (warm the page cache)
        reference = wrk(base + "/_bench/reference/")
        home = wrk(base + "/")
        memory = worker_rss_mib(server.pid)
        search_p50, search_p95_ms, searches = search_p95(base)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\nLoad: wrk, 2 threads, {CONNECTIONS} connections, {DURATION} each; gunicorn, 2 sync workers")
    print(f"{'target':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, figures in (("reference view", reference), ("home page (anonymous)", home)):
        print(f"{name:28} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f}")
    print(f"home / reference: {home['rps'] / reference['rps']:.2f} (goal: at least 0.50)")
    print("worker resident memory: " + ", ".join(f"{size:.0f} MiB" for size in memory))
    print(
        f"\nKnowledge-base search, {SEARCH_RECORDS} generated records + demo, PostgreSQL, {searches} sequential "
        f"requests: p50 {search_p50:.1f} ms, p95 {search_p95_ms:.1f} ms (goal: p95 under 100 ms)"
    )


if __name__ == "__main__":
    main()
