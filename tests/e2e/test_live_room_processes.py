"""The live room across processes, and through a Redis outage, on real servers.

Two uvicorn processes of `portal.asgi:application` on loopback share the e2e site's SQLite database and
a throwaway redis-server of this module's own (the channel layer and the cache, as REDIS_URL configures
them; whatever REDIS_URL the run has is not used). A room is opened in a meeting of the working group
made for this module (the demo's own meetings stay as the other tests expect them), and `websockets`
clients sign in with sessions made in a manage shell, as a browser's cookie would carry them.
"""

import asyncio
import concurrent.futures
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import websockets
from websockets.asyncio.client import connect

from tests.e2e.conftest import ROOT
from tests.ports import free_port
from tests.servers import SESSION_FOR, ThrowawayRedis

pytestmark = pytest.mark.e2e

MANAGER = "manazerka@demo.socialni-bydleni.example"
MEMBER = "clen@demo.socialni-bydleni.example"
CLOSE_UNAVAILABLE = 4503

# A meeting of the working group that began five minutes ago, three accepted items, its room opened by
# the demo manager; sessions for the manager and a member as a sign-in would make them (the socket
# checks these keys: portal.consumers.session_signs_in).
SETUP = (
    SESSION_FOR
    + """
import datetime, json
from django.urls import reverse
from django.utils import timezone, translation
from events import live, services
from events.models import MeetingPage
from groups.models import BodyPage
from portal import outbox
from portal.models import User

manager = User.objects.get(email="{manager}")
member = User.objects.get(email="{member}")
body = BodyPage.objects.get(slug="pracovni-skupina", locale__language_code="cs")
start = timezone.now() + datetime.timedelta(days=3)
meeting = MeetingPage(title="E2E živé jednání", slug="e2e-zive-jednani", start=start,
                      end=start + datetime.timedelta(hours=2), place="Nová radnice")
body.add_child(instance=meeting)
meeting.save_revision(user=manager).publish()
with outbox.in_app_only():
    for title in ("Zahájení", "Bytový fond", "Různé"):
        services.agenda_item_save(meeting=meeting, user=manager, values={{"title": title, "planned_minutes": 10}})
began = timezone.now() - datetime.timedelta(minutes=5)
MeetingPage.objects.filter(pk=meeting.pk).update(start=began, end=began + datetime.timedelta(hours=2))
meeting.refresh_from_db()
live.room_open(meeting=meeting, user=manager)

with translation.override("cs"):
    meeting_path = reverse("events:meeting", args=[meeting.pk])
print("ROOM " + json.dumps({{
    "meeting": meeting.pk,
    "items": list(live.RoomView(meeting).state(core=True)["items"][i]["id"] for i in range(3)),
    "cookie": settings.SESSION_COOKIE_NAME,
    "manager": session_for(manager),
    "member": session_for(member),
    "meeting_path": meeting_path,
}}))
"""
)


def run_apart(coroutine) -> None:
    """Run a scenario's event loop in a thread of its own: the browser tests' Playwright keeps one
    running in this thread once a browser has started, and asyncio.run() refuses to nest."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


class Worker:
    """One uvicorn process of the site, on its own port, with the shared database and Redis."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "portal.asgi:application", "--host", "127.0.0.1"]
            + ["--port", str(self.port), "--no-access-log"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn did not start: {self.log.read_text()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class Cluster:
    def __init__(self, site, tmp: Path):
        self.redis = ThrowawayRedis()
        self.redis.start()
        self.env = {**site.env, "REDIS_URL": self.redis.url, "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        output = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP.format(manager=MANAGER, member=MEMBER)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.room = json.loads(re.search(r"^ROOM (.*)$", output, re.M).group(1))
        self.workers = [Worker(self.env, tmp / f"worker-{name}.log") for name in "ab"]
        for worker in self.workers:
            worker.wait_until_serving()

    def socket_url(self, worker: Worker) -> str:
        return f"ws://127.0.0.1:{worker.port}/ws/meetings/{self.room['meeting']}/live/?lang=cs"

    def cookie(self, who: str) -> str:
        return f"{self.room['cookie']}={self.room[who]}"

    def connect(self, worker: Worker, who: str):
        return connect(
            self.socket_url(worker),
            origin=worker.url,
            additional_headers={"Cookie": self.cookie(who)},
            open_timeout=5,
            close_timeout=2,
        )

    def get(self, worker: Worker, path: str, who: str | None = None) -> int:
        headers = {"Cookie": self.cookie(who)} if who else {}
        request = urllib.request.Request(worker.url + path, headers=headers)  # noqa: S310 (loopback)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def logs(self) -> str:
        return "\n".join(worker.log.read_text() for worker in self.workers)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.redis.kill()


@pytest.fixture(scope="module")
def cluster(site, tmp_path_factory):
    running = Cluster(site, tmp_path_factory.mktemp("live-processes"))
    yield running
    running.stop()


async def next_message(ws, wanted, timeout: float = 5) -> dict:
    """The first message from the room for which `wanted(message)` holds (others are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError("the room sent no such message in time")
        message = json.loads(await asyncio.wait_for(ws.recv(), remaining))
        if wanted(message):
            return message


def is_hello(message) -> bool:
    return message["type"] == "hello"


def answer_to(command_id: str):
    return lambda message: message["type"] in ("ack", "error") and message.get("id") == command_id


def state_with(test):
    return lambda message: message["type"] == "state" and test(message["state"])


def decisions(state: dict, text: str) -> list[dict]:
    return [d for item in state["items"] for d in item["decisions"] if d["text"] == text]


def test_a_command_on_one_process_reaches_a_client_of_the_other(cluster):
    first, second, third = cluster.room["items"]
    a, b = cluster.workers

    async def scenario():
        async with cluster.connect(a, "manager") as manager, cluster.connect(b, "member") as member:
            hello = await next_message(manager, is_hello)
            assert hello["me"]["can"]["records"] is True
            hello = await next_message(member, is_hello)
            assert hello["state"]["room"]["status"] == "open"
            assert hello["state"]["room"]["current"] == first
            for target in (second, third):
                await manager.send(json.dumps({"type": "advance", "id": f"advance-{target}", "item": target}))
                assert (await next_message(manager, answer_to(f"advance-{target}")))["type"] == "ack"
                seen = await next_message(member, state_with(lambda state: "room" in state))
                assert seen["state"]["room"]["current"] == target

    run_apart(scenario())


def test_redis_stopped_and_restarted_during_a_session_loses_nothing(cluster):
    first, second, third = cluster.room["items"]
    a, b = cluster.workers
    before = {"type": "decision", "id": "pred-vypadkem", "item": first, "text": "Schváleno před výpadkem."}
    offline = {"type": "decision", "id": "behem-vypadku", "item": second, "text": "Schváleno během výpadku."}

    async def until_closed(ws, timeout: float) -> tuple[int, list[dict]]:
        """The close code the server gave, and what it sent before."""
        received = []
        try:
            while True:
                received.append(json.loads(await asyncio.wait_for(ws.recv(), timeout)))
        except websockets.ConnectionClosed:
            return ws.close_code, received

    async def scenario():
        async with cluster.connect(a, "manager") as manager, cluster.connect(b, "member") as member:
            await next_message(manager, is_hello)
            await next_message(member, is_hello)
            await manager.send(json.dumps(before))
            assert (await next_message(manager, answer_to(before["id"])))["type"] == "ack"
            await next_message(member, state_with(lambda state: decisions(state, before["text"])))

            cluster.redis.kill()
            # The manager records a decision just as Redis goes: carried out or not, it stays pending
            # in the page (as live_room.js keeps it) until an answer comes.
            await manager.send(json.dumps(offline))
            started = time.monotonic()
            # The sockets do not stay open deaf to the room: closed, and the page says so and retries.
            code, received = await until_closed(manager, timeout=10)
            assert code == CLOSE_UNAVAILABLE
            assert (await until_closed(member, timeout=10))[0] == CLOSE_UNAVAILABLE
            assert time.monotonic() - started < 8
            carried_out = any(message["type"] == "ack" and message["id"] == offline["id"] for message in received)

        # The site answers meanwhile; the room's socket is refused until Redis is back.
        for worker in (a, b):
            assert cluster.get(worker, "/") == 200
            assert cluster.get(worker, cluster.room["meeting_path"], "member") == 200
            with pytest.raises(websockets.InvalidStatus) as refused:  # closed before accept(): HTTP 403
                async with cluster.connect(worker, "member"):
                    pass
            assert refused.value.response.status_code == 403

        cluster.redis.start()
        async with cluster.connect(a, "manager") as manager, cluster.connect(b, "member") as member:
            await next_message(manager, is_hello)
            await next_message(member, is_hello)
            await manager.send(json.dumps(offline))  # the page sends what waits, with the same id
            answer = await next_message(manager, answer_to(offline["id"]))
            assert answer["type"] == "ack"
            assert answer.get("duplicate", False) is carried_out  # recognised if it was carried out before
            await manager.send(json.dumps({"type": "advance", "id": "po-vypadku", "item": third}))
            await next_message(member, state_with(lambda state: state.get("room", {}).get("current") == third))
            for ws in (manager, member):
                await ws.send(json.dumps({"type": "sync"}))
                state = (await next_message(ws, is_hello))["state"]
                assert len(decisions(state, before["text"])) == 1
                assert len(decisions(state, offline["text"])) == 1
                assert state["room"]["current"] == third

    run_apart(scenario())
    assert "Exception in ASGI application" not in cluster.logs()
