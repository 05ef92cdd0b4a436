"""CPU time spent serving requests, read from /proc: the gunicorn workers, the PostgreSQL backends of the
benchmark's database, and (apart) the Redis server. On a shared, noisy machine CPU time per request
moves far less than requests per second or latency do: other people's load mostly makes us wait, which
costs no CPU time. It still moves some (shared caches and cores), hence the alternating rounds of pages.py.

A PostgreSQL backend that exits during a measurement takes its CPU time with it into the postmaster's
counters of reaped children (cutime, cstime). Those also collect every other database's backends on this
server (other people's tests connect and disconnect all the time), so they are counted only when one of
ours did exit; with the production connection pool, none does.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

from tests.bench import server

TICKS = os.sysconf("SC_CLK_TCK")

BACKENDS_OF_DATABASE = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"


def _stat_fields(pid: int) -> list[str]:
    # The command name (field 2) may hold spaces and parentheses: split after its closing one.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def own_seconds(pid: int) -> float:
    """utime + stime (fields 14 and 15): the process's own CPU time; 0 once it is gone."""
    try:
        fields = _stat_fields(pid)
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def reaped_children_seconds(pid: int) -> float:
    """cutime + cstime (fields 16 and 17): CPU time of the children this process waited for."""
    fields = _stat_fields(pid)
    return (int(fields[13]) + int(fields[14])) / TICKS


def process_seconds(pid: int) -> float:
    return own_seconds(pid) + (reaped_children_seconds(pid) if Path(f"/proc/{pid}").exists() else 0.0)


def parent_pid(pid: int) -> int:
    return int(_stat_fields(pid)[1])


@dataclass
class Reading:
    app: dict[int, float]
    database: dict[int, float]
    postmaster_children: float
    redis: float


@dataclass
class Spent:
    """CPU seconds between two readings."""

    app: float
    database: float
    redis: float
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """What a request costs the servers we run: the app and its database (Redis is shared and apart)."""
        return self.app + self.database


class CpuMeter:
    """Reads the CPU time of a gunicorn's workers, of the database's backends and of Redis."""

    def __init__(self, master_pid: int, database: str | None, redis_url: str | None):
        self.master_pid = master_pid
        self.database = database
        self.admin = psycopg.connect(server.PG_ADMIN, autocommit=True)
        self.postmaster = parent_pid(self.admin.execute("SELECT pg_backend_pid()").fetchone()[0])
        self.redis_pid = int(redis.Redis.from_url(redis_url).info("server")["process_id"]) if redis_url else None

    def close(self) -> None:
        self.admin.close()

    def backends(self) -> list[int]:
        if self.database is None:
            return []
        return [pid for (pid,) in self.admin.execute(BACKENDS_OF_DATABASE, [self.database])]

    def read(self) -> Reading:
        return Reading(
            app={pid: process_seconds(pid) for pid in server.worker_pids(self.master_pid)},
            database={pid: own_seconds(pid) for pid in self.backends()},
            postmaster_children=reaped_children_seconds(self.postmaster),
            redis=own_seconds(self.redis_pid) if self.redis_pid else 0.0,
        )

    def since(self, before: Reading) -> Spent:
        after = self.read()
        # A process born in between (a new backend, a restarted worker) counts from zero.
        app = sum(seconds - before.app.get(pid, 0.0) for pid, seconds in after.app.items())
        database = sum(seconds - before.database.get(pid, 0.0) for pid, seconds in after.database.items())
        spent = Spent(app=app, database=database, redis=after.redis - before.redis)
        if set(before.app) - set(after.app):
            spent.notes.append("a gunicorn worker was replaced")
        exited = set(before.database) - set(after.database)
        if exited:
            # The postmaster was credited with each exited backend's whole life; only its part since counts.
            lifetimes = after.postmaster_children - before.postmaster_children
            spent.database += lifetimes - sum(before.database[pid] for pid in exited)
            spent.notes.append("a backend exited: the postmaster's reaped children counted (other databases too)")
        return spent
