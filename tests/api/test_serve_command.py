"""``storyline serve``: its help, and the real command serving the API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from storyline.cli.app import cli


def test_help_says_reads_are_public_and_writes_need_the_key() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Reads are public" in text and "need the API key" in text
    assert "STORYLINE_API_KEY" in text and "--allow-private-fetch" in text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_command_serves_the_api_and_never_prints_the_key(tmp_path: Path) -> None:
    port = free_port()
    secret = "serve-secret-4242"
    env = {**os.environ, "STORYLINE_API_KEY": secret}
    command = [
        sys.executable,
        "-m",
        "storyline",
        "serve",
        "--db",
        str(tmp_path / "s.db"),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health, answers = None, []
        deadline = time.monotonic() + 60
        while health is None and time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            # A server still opening its database may answer 503 once; only a 200 is its health.
            answers.append(f"{answer.status_code} {answer.text[:200]}")
            if answer.status_code == 200:
                health = answer.json()
            else:
                time.sleep(0.5)
        assert health is not None, f"the server did not answer with its health: {answers}"
        assert health.get("articles") == 0 and health.get("writes_enabled") is True, answers
        wrong = httpx.post(f"http://127.0.0.1:{port}/api/analyze", headers={"X-API-Key": "no"})
        assert wrong.status_code == 401
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert b"writes enabled" in output and secret.encode() not in output


def test_without_the_serve_extra_the_command_says_what_to_install(tmp_path: Path) -> None:
    # As if `pip install storyline` had been run without [serve]: uvicorn cannot be imported.
    probe = (
        "import sys; sys.modules['uvicorn'] = None; "
        "from storyline.cli.app import main; "
        f"sys.argv = ['storyline', 'serve', '--db', {str(tmp_path / 's.db')!r}]; main()"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 1
    assert "storyline[serve]" in result.stderr and "Traceback" not in result.stderr
