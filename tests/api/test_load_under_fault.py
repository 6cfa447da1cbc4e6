"""The real server under concurrent writes, killed with SIGKILL mid-load, then restarted.

Every article the server acknowledged before the kill must still be there, and
clients resending every request (acknowledged or not, as a client that lost its
connection would) must end with each article stored exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from storyline.store import open_store

from .test_serve_command import free_port

# A real server killed under load: deselect with -m "not slow" (make test-fast); CI runs it.
pytestmark = pytest.mark.slow

KEY = "load-fault-key"
CLIENTS = 4
REQUESTS = 25  # per client; each request carries two articles


def _body(client: int, number: int) -> bytes:
    lines = [
        {
            "title": f"Report {client}-{number}-{part}",
            "text": f"Delegations met for round {number} of talks, part {part}, "
            f"as client {client} reported. Officials said {number * 7 + part} people attended.",
            "published": "2025-06-02",
        }
        for part in range(2)
    ]
    return "\n".join(json.dumps(line) for line in lines).encode()


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYLINE_API_KEY": KEY}
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start")


def _post(port: int, body: bytes) -> httpx.Response:
    return httpx.post(
        f"http://127.0.0.1:{port}/api/ingest",
        content=body,
        headers={"X-API-Key": KEY, "Content-Type": "application/x-ndjson"},
        # Generous: on a busy machine the first batch (models loading) can take a while,
        # and a client that gives up early leaves nothing acknowledged before the kill.
        timeout=120,
    )


def test_a_server_killed_under_write_load_keeps_every_acknowledged_article(
    tmp_path: Path,
) -> None:
    db = tmp_path / "load.db"
    port = free_port()
    server = _serve(db, port)
    acknowledged: set[str] = set()
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        for request in range(REQUESTS):
            try:
                answer = _post(port, _body(number, request))
            except httpx.TransportError as exc:  # the server is gone: stop, as a client would
                failures.append(type(exc).__name__)
                return
            if answer.status_code != 200:
                failures.append(str(answer.status_code))
                return
            outcome = answer.json()
            with lock:
                acknowledged.update(a["id"] for a in outcome["stored"] + outcome["unchanged"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 300
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)  # mid-load: requests are in flight
    server.wait()
    for thread in threads:
        thread.join()
    before_restart = set(acknowledged)
    assert 40 <= len(before_restart) < CLIENTS * REQUESTS * 2, "the kill came too late"
    assert failures, "no request was cut off by the kill"

    with open_store(db) as store:
        assert before_restart <= set(store.article_ids())  # nothing acknowledged was lost

    port = free_port()
    server = _serve(db, port)
    try:
        resent: set[str] = set()
        for number in range(CLIENTS):  # every client resends everything
            for request in range(REQUESTS):
                outcome = _post(port, _body(number, request)).json()
                resent.update(a["id"] for a in outcome["stored"] + outcome["unchanged"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open_store(db) as store:
        ids = store.article_ids()
    assert len(ids) == len(set(ids)) == CLIENTS * REQUESTS * 2
    assert set(ids) == resent and before_restart <= resent
