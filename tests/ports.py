"""Ports for the servers the tests start themselves (the SMTP server, throwaway Redis servers).

Those tests stop a server and start it again on the same port, and count on nobody listening there in
between. A port the kernel hands out for port 0 comes from its ephemeral range, which every outgoing
connection on the machine and every other `bind(0)` draws from too, so it could be taken in that gap:
more likely with several pytest-xdist workers busy at once. So the ports come from below the ephemeral
range, from a band of its own for each worker, one after another from a random place in the band
(another test run on the same machine then rarely meets them), and each is tried before it is used.
"""

import os
import random
import socket
from pathlib import Path


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default


def _band() -> range:
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    top = _ephemeral_start()
    lowest = top // 2  # 16384 on Linux: above the usual fixed ports of services
    width = (top - lowest) // max(workers, 1)
    return range(lowest + worker * width, lowest + (worker + 1) * width)


def _candidates():
    band = _band()
    start = random.randrange(len(band))
    while True:
        for offset in range(len(band)):
            yield band[(start + offset) % len(band)]


_ports = _candidates()


def free_port() -> int:
    """A loopback port that nobody uses now and that this process has not handed out lately."""
    while True:
        port = next(_ports)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken
        return port
