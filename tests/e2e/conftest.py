"""Browser tests against the real thing: migrate, load_demo, serve with uvicorn, drive Chromium."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedSite:
    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "server.log"
        self.worker_log = tmp / "worker.log"
        self.database = tmp / "e2e.sqlite3"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{tmp / 'e2e.sqlite3'}",
            "PYTHONUNBUFFERED": "1",  # the worker's console e-mails reach its log at once
            "MEDIA_ROOT": str(tmp / "media"),
            "SECRET_KEY": "e2e-only-" + "k" * 50,
            "SITE_BASE_URL": self.url,
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=True
        )
        return result.stdout

    def start(self):
        self.manage("migrate", "--no-input", "-v0")
        # With REDIS_URL the cache (and its rate-limit counters) outlives a run: start clean.
        self.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        output = self.manage("load_demo")
        # e-mail -> password, as load_demo prints them once
        self.passwords = dict(re.findall(r"(\S+@\S+)\s+password: (\S+)", output))
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "portal.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        # The mail worker, as `make run` starts it: e-mail leaves through the outbox.
        self.worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                "background",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.worker_log.open("w"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"uvicorn did not start: {self.log.read_text()}")

    def server_output(self) -> str:
        return self.log.read_text() + self.worker_log.read_text()

    def outbox_is_empty(self) -> bool:
        with sqlite3.connect(self.database, timeout=10) as connection:
            query = "SELECT count(*) FROM portal_outboxmessage WHERE status IN ('pending', 'sending')"
            return connection.execute(query).fetchone()[0] == 0

    def last_link(self, pattern: str) -> str:
        """The newest link of that shape in the console e-mails, once the worker has sent what waits."""
        for _ in range(100):
            if self.outbox_is_empty():
                break
            time.sleep(0.1)
        return re.findall(pattern, self.server_output())[-1]

    def stop(self):
        for process in (self.process, self.worker):
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    served = ServedSite(tmp_path_factory.mktemp("e2e"))
    served.start()
    yield served
    served.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    yield page
    context.close()
