"""What every part of the benchmark shares: the production environment, the throwaway database, `manage.py`,
gunicorn as production runs it, requests through the proxy's header, and wrk."""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import psycopg

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench")  # a name of your own when runs overlap
LARGE_DATABASE = f"{DATABASE}_large"  # a copy of the demo with years of data added (tests/bench/pages.py)
PARTS_DATABASE = f"{DATABASE}_parts"  # a copy of the demo for the other parts
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
GUNICORN_WORKERS = 2
# Production redirects plain HTTP to HTTPS; the proxy's header says the original was HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


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
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "TRUSTED_PROXY_COUNT": "0",
    }


def manage(env: dict, *args: str, root: Path = ROOT) -> str:
    """`manage.py` of this checkout, or of another (`root`: tests/bench/versus_revision.py)."""
    finished = subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True)
    if finished.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{finished.stderr[-3000:]}")
    return finished.stdout


def recreate_database(name: str = DATABASE, template: str | None = None) -> None:
    """An empty database, or a copy of `template` (which nobody may be connected to)."""
    drop_database(name)
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def using_database(env: dict, name: str) -> dict:
    return {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}


def analyze(name: str = DATABASE) -> None:
    """What autovacuum does in production after bulk loads (it is off on this machine's PostgreSQL)."""
    with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", autocommit=True) as connection:
        connection.execute("ANALYZE")


def in_django(env: dict, call: str, root: Path = ROOT):
    """Runs `call`, a function of tests/bench/in_django.py, in `manage.py shell`; returns its result."""
    function = call.split("(", 1)[0]
    command = f"from tests.bench.in_django import {function}; {call}"
    output = manage(env, "shell", "--no-imports", "-c", command, root=root)
    return json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))


def demo_site(workdir: Path) -> dict:
    """A fresh database with the demo loaded; returns the environment that serves it."""
    env = production_env(free_port(), workdir)
    recreate_database()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    return env


def get(url: str, cookie: str = "") -> tuple[int, bytes]:
    headers = {**PROXY_HEADERS, **({"Cookie": cookie} if cookie else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        try:
            get(url)
            return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


@contextmanager
def gunicorn(application: str, env: dict, port: int, check_path: str = "/", root: Path = ROOT):
    """gunicorn as production runs it (sync workers behind the proxy on loopback); yields the master."""
    command = [sys.executable, "-m", "gunicorn", application, "--workers", str(GUNICORN_WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--forwarded-allow-ips", "127.0.0.1", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=root, env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}{check_path}", server)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def worker_pids(master_pid: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()]


class WorkerMemory(NamedTuple):
    """A worker's memory in MiB: resident (pages shared with the master and the other workers counted in
    full), unique (its own pages only: what one more worker costs) and proportional (shared pages split
    between the processes that share them)."""

    resident: float
    unique: float
    proportional: float


def worker_memory(master_pid: int) -> list[WorkerMemory]:
    sizes = []
    for pid in worker_pids(master_pid):
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        mib = {name: int(kib) / 1024 for name, kib in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
        sizes.append(WorkerMemory(mib["Rss"], mib["Private_Clean"] + mib["Private_Dirty"], mib["Pss"]))
    return sizes


def wrk(url: str) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-H", "X-Forwarded-Proto: https", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"{url} answered errors under load:\n{output}")

    def latency(percentile: str) -> float:
        value, unit = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
    }
