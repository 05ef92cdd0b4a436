"""The live room's fan-out: 200 members' sockets in one meeting's room, spread over 2 uvicorn processes
that share a Redis of their own (channels-redis pub/sub, as production configures it) and the benchmark's
PostgreSQL database; the manager advances through 50 agenda items. Prints the delivery latency of each
state message (from the manager sending `advance` to a member's socket receiving the state that names
the new current item) at p50, p95 and max, the messages per second, and the workers' resident memory
and CPU time.

The room takes at most 30 commands per 10 s from one socket (WEBSOCKET_ROOM_COMMANDS), so the manager
advances once every PACE seconds, as fast as that allows; each advance goes out when the one before has
reached every member (never two at once), so the latency has no queue of ours in it. The clients are
one asyncio process on the same machine: their own time to take 200 messages in is part of the figures.
"""

import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from websockets.asyncio.client import connect

from tests.ports import free_port
from tests.servers import SESSION_FOR, ThrowawayRedis

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = int(os.environ.get("BENCH_ROOM_MEMBERS", "200"))
ITEMS = 50
WORKERS = 2
PACE = 0.35  # s between advances: 29 in any 10 s, under the room's limit of 30
CONNECTING_AT_ONCE = 20
ROUND_TIMEOUT = 10

SETUP = (
    SESSION_FOR
    + """
import datetime, json
from django.utils import timezone
from events import live, services
from events.models import ItemStatus, MeetingPage
from groups.models import BodyPage, Organisation, Role
from groups.services import membership_create
from portal import outbox
from portal.models import User

body = BodyPage.objects.get(slug="pracovni-skupina", locale__language_code="cs")
organisation = Organisation.objects.order_by("pk").first()
with outbox.in_app_only():
    people = User.objects.bulk_create(
        User(username=f"bench-live{{n}}@example.org", email=f"bench-live{{n}}@example.org", first_name="Člen",
             last_name=str(n))
        for n in range({members})
    )
    for person in people:
        membership_create(person=person, organisation=organisation, body=body, role=Role.MEMBER)
    manager = User.objects.create(username="bench-live-manager@example.org", email="bench-live-manager@example.org",
                                  first_name="Manažerka", last_name="Benchmark")
    membership_create(person=manager, organisation=organisation, body=body, role=Role.MANAGER)
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = MeetingPage(title="Benchmark: živé jednání", slug="benchmark-zive-jednani", start=start,
                          end=start + datetime.timedelta(hours=2), place="Radnice")
    body.add_child(instance=meeting)
    meeting.save_revision().publish()
    for number in range(1, {items} + 1):
        services.agenda_item_save(meeting=meeting, user=manager, values={{"title": f"Bod {{number}}",
                                                                          "planned_minutes": 5}})
began = timezone.now() - datetime.timedelta(minutes=5)
MeetingPage.objects.filter(pk=meeting.pk).update(start=began, end=began + datetime.timedelta(hours=2))
meeting.refresh_from_db()
live.room_open(meeting=meeting, user=manager)

items = meeting.agenda_items.filter(status=ItemStatus.ACCEPTED).order_by("position", "pk")
print("ROOM " + json.dumps({{
    "meeting": meeting.pk,
    "items": list(items.values_list("pk", flat=True)),
    "cookie": settings.SESSION_COOKIE_NAME,
    "manager": session_for(manager),
    "members": [session_for(person) for person in people],
}}))
"""
)


def start_worker(env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", "portal.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--no-access-log", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError(f"uvicorn did not start:\n{log.read_text()}")


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * share) - 1))]


async def drive(room: dict, ports: list[int], worker_pids: list[int]) -> dict:
    items = room["items"]
    arrivals: dict[int, list[float]] = {item: [] for item in items}
    complete = {item: asyncio.Event() for item in items}
    answers: list[dict] = []
    answered: dict[str, float] = {}  # command id -> when the manager had its answer

    def open_socket(port: int, session_key: str):
        return connect(
            f"ws://127.0.0.1:{port}/ws/meetings/{room['meeting']}/live/?lang=cs",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"{room['cookie']}={session_key}"},
            open_timeout=120,
            max_size=None,
        )

    async def listen(ws) -> None:
        async for raw in ws:
            received = time.perf_counter()
            message = json.loads(raw)
            if message["type"] == "state" and "room" in message["state"]:
                current = message["state"]["room"]["current"]
                if current in arrivals:
                    arrivals[current].append(received)
                    if len(arrivals[current]) == len(room["members"]):
                        complete[current].set()

    async def listen_to_manager(ws) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] in ("ack", "error"):
                answered[message["id"]] = time.perf_counter()
                answers.append(message)

    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def member(index: int, session_key: str):
        async with gate:
            ws = await open_socket(ports[index % len(ports)], session_key)
            hello = json.loads(await ws.recv())
            assert hello["type"] == "hello", hello
            return ws

    started = time.perf_counter()
    members = await asyncio.gather(*(member(index, key) for index, key in enumerate(room["members"])))
    connecting = time.perf_counter() - started
    manager = await open_socket(ports[0], room["manager"])
    assert json.loads(await manager.recv())["type"] == "hello"
    listeners = [asyncio.create_task(listen(ws)) for ws in members]
    listeners.append(asyncio.create_task(listen_to_manager(manager)))
    await asyncio.sleep(1)  # past the burst of connecting
    memory = [rss_mib(pid) for pid in worker_pids]
    cpu_before = [cpu_seconds(pid) for pid in worker_pids]

    run = secrets.token_hex(4)  # command ids are once per person and room
    latencies: list[float] = []
    rounds: list[float] = []
    sent_at: dict[str, float] = {}
    missing = 0
    previous = 0.0
    began = time.perf_counter()
    for item in items:
        await asyncio.sleep(max(0.0, previous + PACE - time.perf_counter()))
        command_id = f"advance-{run}-{item}"
        previous = sent = sent_at[command_id] = time.perf_counter()
        await manager.send(json.dumps({"type": "advance", "id": command_id, "item": item}))
        try:
            await asyncio.wait_for(complete[item].wait(), ROUND_TIMEOUT)
        except TimeoutError:
            missing += len(room["members"]) - len(arrivals[item])
        latencies.extend((received - sent) * 1000 for received in arrivals[item])
        rounds.append(max(arrivals[item], default=sent) - sent)
    elapsed = time.perf_counter() - began
    cpu = [cpu_seconds(pid) - before for pid, before in zip(worker_pids, cpu_before, strict=True)]
    await asyncio.sleep(0.2)  # the last acks
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in [*members, manager]), return_exceptions=True)
    return {
        "connecting": connecting,
        "latencies": latencies,
        "acks_ms": [(answered[key] - sent) * 1000 for key, sent in sent_at.items() if key in answered],
        "rounds": rounds,
        "elapsed": elapsed,
        "missing": missing,
        "errors": [answer for answer in answers if answer["type"] != "ack"],
        "acks": sum(answer["type"] == "ack" for answer in answers),
        "memory": memory,
        "cpu": cpu,
    }


def run(manage, env: dict) -> None:
    workdir = Path(env["MEDIA_ROOT"]).parent
    redis_server = ThrowawayRedis()  # pub/sub channels are not per database: a shared one would mix runs
    redis_server.start()
    redis_url = redis_server.url
    workers: list[subprocess.Popen] = []
    try:
        room_env = {**env, "REDIS_URL": redis_url}
        output = manage(room_env, "shell", "--no-imports", "-c", SETUP.format(members=MEMBERS, items=ITEMS))
        room = json.loads(re.search(r"^ROOM (.*)$", output, re.M).group(1))
        ports = [free_port() for _ in range(WORKERS)]
        logs = [workdir / f"live-room-worker-{number}.log" for number in range(WORKERS)]
        workers = [start_worker(room_env, port, log) for port, log in zip(ports, logs, strict=True)]
        for port, worker, log in zip(ports, workers, logs, strict=True):
            wait_for_port(port, worker, log)
        pids = [worker.pid for worker in workers]
        idle = [rss_mib(pid) for pid in pids]
        load = os.getloadavg()[0]
        figures = asyncio.run(drive(room, ports, pids))
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        redis_server.kill()

    latencies, rounds = figures["latencies"], figures["rounds"]
    delivered = len(latencies)
    per_worker = MEMBERS // WORKERS
    print(
        f"\nLive room fan-out: {MEMBERS} members' sockets in one room on {WORKERS} uvicorn processes sharing Redis "
        f"(channels-redis pub/sub) and PostgreSQL; the manager advances {ITEMS} items, one every {PACE} s "
        f"(load average {load:.1f} on {os.cpu_count()} CPUs at the start)"
    )
    print(f"connecting: {MEMBERS} sockets with their hello (the whole room) in {figures['connecting']:.1f} s")
    print(
        f"delivery latency, advance sent -> state received, {delivered} messages: "
        f"p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
        f"max {max(latencies):.1f} ms (goal: p95 under 100 ms)"
    )
    acks = figures["acks_ms"]
    print(
        f"the manager's ack of an advance (the command carried out; its state leaves on commit, just before): "
        f"p50 {percentile(acks, 0.5):.1f} ms, p95 {percentile(acks, 0.95):.1f} ms"
    )
    print(
        f"messages/s: {delivered / sum(rounds):.0f} while fanning out ({MEMBERS} per advance over the time to the "
        f"last member, p50 {percentile(rounds, 0.5) * 1000:.1f} ms), {delivered / figures['elapsed']:.0f} over the "
        f"whole paced run"
    )
    print(
        "worker resident memory: idle "
        + ", ".join(f"{size:.0f} MiB" for size in idle)
        + f"; with {per_worker} room sockets each "
        + ", ".join(f"{size:.0f} MiB" for size in figures["memory"])
        + f" ({sum(figures['memory']) - sum(idle):.0f} MiB more in all: "
        f"{(sum(figures['memory']) - sum(idle)) * 1024 / MEMBERS:.0f} KiB per socket)"
    )
    print(
        "worker CPU time during the advances: "
        + ", ".join(f"{seconds:.2f} s" for seconds in figures["cpu"])
        + f" of {figures['elapsed']:.1f} s"
    )
    if figures["missing"] or figures["errors"] or figures["acks"] != ITEMS:
        sys.exit(
            f"{figures['missing']} state messages never arrived, {figures['acks']} of {ITEMS} advances acknowledged, "
            f"errors: {figures['errors'][:3]}"
        )
