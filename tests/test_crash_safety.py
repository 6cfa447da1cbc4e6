"""Kill -9 in the middle of an ingest: nothing acknowledged is lost, nothing doubles."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from .conftest import ECBPLUS
from .helpers import storyline_json


def test_killed_ingest_keeps_every_acknowledged_article_and_rerun_completes(
    tmp_path: Path,
) -> None:
    sources = sorted((ECBPLUS / "docs").glob("*.txt"))
    assert len(sources) > 300
    db = tmp_path / "crash.db"
    env = {**os.environ, "STORYLINE_INGEST_BATCH_SIZE": "2"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyline",
            "ingest",
            str(ECBPLUS / "docs"),
            "--db",
            str(db),
            "--jsonl",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    acknowledged: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        record = json.loads(line)
        if record["outcome"] == "stored":
            acknowledged.append(record["id"])
        if len(acknowledged) >= 40:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in raw.execute("SELECT id FROM articles")}
    raw.close()
    assert set(acknowledged) <= stored

    rerun = storyline_json("ingest", ECBPLUS / "docs", "--db", db)
    assert not set(rerun["stored"]) & stored, "a rerun stored an article twice"
    raw = sqlite3.connect(db)
    total = raw.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    paths = raw.execute("SELECT count(DISTINCT path) FROM article_paths").fetchone()[0]
    raw.close()
    assert total[0] == total[1] == len(stored) + len(rerun["stored"])
    assert paths + len(rerun["skipped"]) == len(sources)
