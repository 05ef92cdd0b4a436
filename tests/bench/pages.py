"""`python -m tests.bench pages`: what every page type costs, at demo size and at large data.

Two sites side by side, as production runs them (gunicorn with 2 sync workers, PostgreSQL, a Redis of
their own): one on the demo, one on a copy of it with years of data added (tests/bench/large_data.py).
Each page is asked of both in alternating rounds, so a burst of someone else's load on this shared
machine falls on both sizes alike and the growth between them stays readable. Per page, at one
connection, sequential requests: CPU milliseconds per request (the workers' and their database backends'
CPU time from /proc, tests/bench/cpu.py; the median of the rounds), the p50 latency and the HTML size;
the queries come from Django's test client in `manage.py shell`.

Public pages are measured uncached: any session cookie makes the anonymous page cache step aside
(portal/middleware.py), so they carry one that names no session; one line is the cached home page.
Members' pages are asked as the working group's manager. The table marks each goal of issue 14 that a
page misses. Then the cached home page against a true floor under wrk (tests/bench/versus_floor.py)
and the workers' memory.
"""

import os
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from tests.bench import large_data, server, versus_floor
from tests.bench.cpu import CpuMeter
from tests.ports import free_port
from tests.servers import ThrowawayRedis

PAGE_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "4"))  # per page and size, over the rounds
ROUNDS = 5
WARM_UP, MIN_REQUESTS, MAX_REQUESTS = 3, 4, 300  # the last two per round
BYPASS_CACHE = "sessionid=bypass-page-cache"

# The goals of issue 14: CPU ms per request, queries, growth from demo size to large data.
PUBLIC_MS, SEARCH_MS, MEMBERS_MS, PUBLIC_QUERIES = 20, 25, 25, 10
GROWTH = 0.20
SEARCH_PAGES = {"peer finder", "search", "search with a facet"}
MEMORY_GOAL_MIB = 120


@dataclass
class Page:
    name: str
    section: str  # public, cached or members
    path: str | None  # None: this version of the code has no such page
    cookie: str

    @property
    def goal_ms(self) -> float | None:
        if self.section == "members":
            return MEMBERS_MS
        if self.section == "public":
            return SEARCH_MS if self.name in SEARCH_PAGES else PUBLIC_MS
        return None

    @property
    def max_queries(self) -> int | None:
        return PUBLIC_QUERIES if self.section == "public" else None


@dataclass
class Figures:
    status: int
    cpu_ms: float
    database_ms: float
    redis_ms: float
    p50_ms: float
    kb: float
    requests: int
    queries: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Site:
    """One of the two sites: its environment, address, gunicorn master and CPU meter."""

    env: dict
    base: str
    master_pid: int
    meter: CpuMeter


@contextmanager
def serving(env: dict, database: str, root=server.ROOT):
    """The site on `database` under gunicorn, with a Redis of its own (whose CPU is then only ours); the
    code of this checkout, or of another (`root`: tests/bench/versus_revision.py)."""
    redis_server = ThrowawayRedis()
    redis_server.start()
    port = free_port()
    env = {**server.using_database(env, database), "REDIS_URL": redis_server.url}
    env["SITE_BASE_URL"] = f"http://127.0.0.1:{port}"
    try:
        with server.gunicorn("portal.wsgi:application", env, port, root=root) as master:
            meter = CpuMeter(master.pid, database, redis_server.url)
            try:
                yield Site(env, f"http://127.0.0.1:{port}", master.pid, meter)
            finally:
                meter.close()
    finally:
        redis_server.kill()


def pages_to_measure(env: dict) -> list[Page]:
    found = server.in_django(env, "discover()")
    public = [Page(name, "public", path, BYPASS_CACHE) for name, path in found["public"].items()]
    cached = [Page("home, cached", "cached", "/", "")]
    members = [Page(name, "members", path, found["members_cookie"]) for name, path in found["members"].items()]
    return public + cached + members


def timed_requests(url: str, cookie: str, seconds: float) -> tuple[list[float], int, bytes]:
    """Requests one after another for `seconds` (at least MIN_REQUESTS): their times in ms, the last answer."""
    timings = []
    started = time.perf_counter()
    while len(timings) < MAX_REQUESTS and (len(timings) < MIN_REQUESTS or time.perf_counter() - started < seconds):
        sent = time.perf_counter()
        status, body = server.get(url, cookie)
        timings.append((time.perf_counter() - sent) * 1000)
    return timings, status, body


class Rounds:
    """One page's rounds on one site."""

    def __init__(self, site: Site, page: Page):
        self.site, self.page = site, page
        self.rounds, self.timings, self.notes = [], [], set()
        self.status, self.body = 0, b""

    def warm_up(self) -> None:
        for _ in range(WARM_UP):
            server.get(self.site.base + self.page.path, self.page.cookie)

    def one(self) -> None:
        before = self.site.meter.read()
        times, self.status, self.body = timed_requests(
            self.site.base + self.page.path, self.page.cookie, PAGE_SECONDS / ROUNDS
        )
        spent = self.site.meter.since(before)
        self.rounds.append((spent, len(times)))
        self.timings += times
        self.notes.update(spent.notes)

    def figures(self) -> Figures:
        spent, requests = sorted(self.rounds, key=lambda entry: entry[0].total / entry[1])[len(self.rounds) // 2]
        return Figures(
            status=self.status,
            cpu_ms=spent.total * 1000 / requests,
            database_ms=spent.database * 1000 / requests,
            redis_ms=spent.redis * 1000 / requests,
            p50_ms=statistics.median(self.timings),
            kb=len(self.body) / 1024,
            requests=len(self.timings),
            notes=sorted(self.notes),
        )


def measure(page: Page, sites: list[Site]) -> list[Figures]:
    """The page on every site, round after round in turn."""
    runs = [Rounds(site, page) for site in sites]
    for run in runs:
        run.warm_up()
    for _ in range(ROUNDS):
        for run in runs:
            run.one()
    return [run.figures() for run in runs]


def count_queries(site: Site, pages: list[Page], figures: dict[str, Figures]) -> None:
    """Queries, with the servers idle: the shell's own CPU time is nobody's request."""
    requests = [[page.name, page.path, page.cookie] for page in pages]
    counted = server.in_django(site.env, f"count_queries({requests!r}, {BYPASS_CACHE!r})")
    for name, (_status, queries) in counted.items():
        figures[name].queries = queries


def measure_all(pages: list[Page], demo: Site, large: Site) -> tuple[dict[str, Figures], dict[str, Figures]]:
    present = [page for page in pages if page.path is not None]
    at_demo, at_large = {}, {}
    for page in present:
        at_demo[page.name], at_large[page.name] = measure(page, [demo, large])
    count_queries(demo, present, at_demo)
    count_queries(large, present, at_large)
    return at_demo, at_large


def growth(demo: float, large: float) -> float:
    return (large - demo) / demo if demo else 0.0


def missed_goals(page: Page, demo: Figures, large: Figures) -> list[str]:
    missed = [f"HTTP {figures.status}" for figures in (demo, large) if figures.status != 200][:1]
    if page.goal_ms is not None and max(demo.cpu_ms, large.cpu_ms) > page.goal_ms:
        missed.append(f"CPU>{page.goal_ms}")
    if page.max_queries is not None and max(demo.queries or 0, large.queries or 0) > page.max_queries:
        missed.append(f"queries>{page.max_queries}")
    if page.section != "cached" and growth(demo.cpu_ms, large.cpu_ms) > GROWTH:
        missed.append("CPU grows")
    if growth(demo.kb, large.kb) > GROWTH:
        missed.append("HTML grows")
    return missed


def pair(demo, large, form: str) -> str:
    return " / ".join(format(value, form) if value is not None else "?" for value in (demo, large))


HEADER = (
    f"{'page':27} {'CPU ms':>7} {'large':>7} {'growth':>7} {'DB ms demo/large':>17} {'queries':>9} "
    f"{'KB demo/large':>15} {'p50 ms demo/large':>18}  goals missed"
)
SECTIONS = {"public": "Public, uncached", "cached": "Cached", "members": "Members' area, the working group's manager"}


def row(page: Page, demo: Figures | None, large: Figures | None) -> str:
    if demo is None or large is None:
        return f"{page.name:27} {'—':>7} {'—':>7}"
    return (
        f"{page.name:27} {demo.cpu_ms:7.1f} {large.cpu_ms:7.1f} {growth(demo.cpu_ms, large.cpu_ms):+7.0%} "
        f"{pair(demo.database_ms, large.database_ms, '.1f'):>17} {pair(demo.queries, large.queries, 'd'):>9} "
        f"{pair(demo.kb, large.kb, '.0f'):>15} {pair(demo.p50_ms, large.p50_ms, '.1f'):>18}  "
        + " ".join(f"✗ {goal}" for goal in missed_goals(page, demo, large))
    ).rstrip()


def print_table(pages: list[Page], demo: dict[str, Figures], large: dict[str, Figures], heading: str) -> None:
    print(
        f"\nCPU ms per request (gunicorn workers + their PostgreSQL backends, from /proc; the median of {ROUNDS} "
        f"rounds of {PAGE_SECONDS / ROUNDS:g} s or {MIN_REQUESTS} requests, taken in turn on both sites), one "
        f"connection. Demo size, and large data: {heading}"
    )
    print(
        f"Goals: public ≤{PUBLIC_MS} ms and ≤{PUBLIC_QUERIES} queries, peer finder and search ≤{SEARCH_MS} ms, "
        f"members' ≤{MEMBERS_MS} ms; CPU and HTML at large data within {GROWTH:.0%} of demo size"
    )
    section = None
    for page in pages:
        if page.section != section:
            section = page.section
            print(f"\n{SECTIONS[section]}:")
            print(HEADER)
        print(row(page, demo.get(page.name), large.get(page.name)))
    for note in sorted({note for figures in [*demo.values(), *large.values()] for note in figures.notes}):
        print(f"note: {note}")
    redis = [figures.redis_ms for figures in large.values()]
    print(
        f"Redis server CPU, not counted above: {statistics.median(redis):.2f} ms per request at large data "
        f"(median of the pages)"
    )


def print_memory(label: str, sites: dict[str, Site]) -> None:
    for name, site in sites.items():
        workers = server.worker_memory(site.master_pid)
        figures = " and ".join(f"{size.resident:.0f}" for size in workers)
        print(
            f"worker memory {label}, {name}: resident {figures} MiB (goal: at most {MEMORY_GOAL_MIB} MiB); "
            "unique to each worker " + " and ".join(f"{size.unique:.0f}" for size in workers) + " MiB, "
            "proportional " + " and ".join(f"{size.proportional:.0f}" for size in workers) + " MiB"
        )


def run(env: dict, at_large_data: Callable[[str], None] | None = None) -> None:
    """The page table, then the floor; `at_large_data(base)` measures more on the large site before the
    servers stop (the full benchmark times the search there)."""
    server.analyze(server.DATABASE)  # as autovacuum would have after the demo was loaded
    pages = pages_to_measure(env)  # on the demo, before the copy: the same pages and session in both
    server.recreate_database(server.LARGE_DATABASE, template=server.DATABASE)
    large_label = large_data.generate(server.using_database(env, server.LARGE_DATABASE), server.LARGE_DATABASE)
    floor_port = free_port()
    with ExitStack() as running:
        demo = running.enter_context(serving(env, server.DATABASE))
        large = running.enter_context(serving(env, server.LARGE_DATABASE))
        floor = running.enter_context(server.gunicorn(versus_floor.APPLICATION, versus_floor.environment(), floor_port))
        load = os.getloadavg()[0]
        at_demo, at_large = measure_all(pages, demo, large)
        load = f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} CPUs"
        print_table(pages, at_demo, at_large, f"{large_label}; {load}")
        print_memory("after the page run", {"demo": demo, "large data": large})
        versus_floor.compare(large.base, large.meter, f"http://127.0.0.1:{floor_port}", floor.pid)
        print_memory("after wrk at the cached home page", {"large data": large})
        if at_large_data is not None:
            at_large_data(large.base)
