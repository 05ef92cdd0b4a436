"""The cached home page against a true floor: a minimal Django project (tests/bench/floor: one view, the
default middleware, no database) under the same gunicorn settings, in the same run, wrk at each in turn.
Requests per second and latency move with whatever else this shared machine does; CPU per request much
less, so both are printed."""

import os

from tests.bench import server
from tests.bench.cpu import CpuMeter

APPLICATION = "tests.bench.floor.wsgi:application"
RATIO_GOAL = 0.50


def environment() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.bench.floor.settings"}


def under_load(url: str, meter: CpuMeter) -> dict:
    server.get(url)  # the home page into the cache
    before = meter.read()
    figures = server.wrk(url)
    spent = meter.since(before)
    per_request = 1000 / figures["requests"]
    return {**figures, "cpu_ms": spent.total * per_request, "redis_ms": spent.redis * per_request}


def compare(base: str, portal_meter: CpuMeter, floor_base: str, floor_pid: int) -> None:
    floor_meter = CpuMeter(floor_pid, database=None, redis_url=None)
    try:
        floor = under_load(floor_base + "/", floor_meter)
    finally:
        floor_meter.close()
    home = under_load(base + "/", portal_meter)
    print(
        f"\nLoad: wrk, 2 threads, {server.CONNECTIONS} connections, {server.DURATION} each; gunicorn, "
        f"{server.GUNICORN_WORKERS} sync workers"
    )
    print(f"{'target':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} {'Redis ms/req':>13}")
    for name, figures in (("floor (minimal Django project)", floor), ("home page (anonymous, cached)", home)):
        print(
            f"{name:34} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f} {figures['cpu_ms']:11.2f} "
            f"{figures['redis_ms']:13.3f}"
        )
    print(
        f"home / floor: {home['rps'] / floor['rps']:.2f} in requests/s (goal: at least {RATIO_GOAL:.2f}), "
        f"{floor['cpu_ms'] / home['cpu_ms']:.2f} in CPU per request"
    )
