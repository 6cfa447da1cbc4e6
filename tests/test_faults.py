"""Faults a real deployment meets: a full disk and a database it may not write.

Each must end with a message that says what happened and what to do, never a
traceback, and leave the database intact (``PRAGMA integrity_check``) with every
article acknowledged before the fault still there.
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from storyline.store import open_store

from .conftest import ECBPLUS, SEEDS
from .helpers import storyline_json
from .pg_server import PgServer


def _integrity(db: Path) -> str:
    raw = sqlite3.connect(db)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def _limit_file_size(limit: int) -> None:
    # In the child, before exec: files may not grow past ``limit`` bytes, as on a
    # full disk. Ignoring SIGXFSZ turns the overrun into an EFBIG write error.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_mid_ingest_is_reported_and_the_database_stays_intact(
    tmp_path: Path,
) -> None:
    db = tmp_path / "full.db"
    before = storyline_json("ingest", SEEDS, "--db", db)
    assert len(before["stored"]) == 5
    size = db.stat().st_size  # the write-ahead log was folded in when the ingest closed
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "ingest", str(ECBPLUS / "docs"), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: _limit_file_size(size + 200_000),
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "full" in done.stderr.lower() and str(db) in done.stderr
    assert _integrity(db) == "ok"
    after = storyline_json("ingest", SEEDS, "--db", db)  # without the limit: works again
    assert after["stored"] == [] and len(after["unchanged"]) == 5


@contextmanager
def _small_filesystem(megabytes: int) -> Iterator[Path]:
    """A tmpfs of ``megabytes``, owned by the postgres user: a disk that can fill up."""
    if os.geteuid() != 0 or os.environ.get("STORYLINE_TEST_POSTGRES"):
        pytest.skip("needs root (to mount a small tmpfs) and the tests' own PostgreSQL server")
    mount_point = Path(tempfile.mkdtemp(prefix="storyline-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        owner = pwd.getpwnam("postgres")
        os.chown(mount_point, owner.pw_uid, owner.pw_gid)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def test_a_full_disk_on_the_postgresql_server_is_reported_and_nothing_is_lost(
    pg_server: PgServer,
) -> None:
    with _small_filesystem(1) as disk, pg_server.database() as url:
        before = storyline_json("ingest", SEEDS, "--db", url)
        assert len(before["stored"]) == 5
        space = f"full_{disk.name.rsplit('-', 1)[-1]}".lower()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"CREATE TABLESPACE {space} LOCATION '{disk}'")
            # The articles table (and its long texts) now lives on the 1 MB disk.
            admin.execute(f"ALTER TABLE articles SET TABLESPACE {space}")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "storyline", "ingest", str(ECBPLUS / "docs"), "--db", url],
                capture_output=True,
                text=True,
                timeout=600,
            )
            message = " ".join(done.stderr.split())
            assert done.returncode != 0 and "Traceback" not in done.stderr
            assert "disk is full" in message and "free space" in message
            with open_store(url) as store:
                assert set(before["stored"]) <= set(store.article_ids())
            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
            after = storyline_json("ingest", SEEDS, ECBPLUS / "docs", "--db", url)
            with open_store(url) as store:
                ids = store.article_ids()
            assert len(ids) == len(set(ids)) == len(after["stored"]) + len(after["unchanged"])
            assert set(before["stored"]) <= set(after["unchanged"])
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute("ALTER TABLE articles SET TABLESPACE pg_default")
                admin.execute(f"DROP TABLESPACE {space}")


def _without_root_override() -> list[str]:
    """A command prefix under which file permissions hold even for root.

    Root writes to read-only files through the DAC-override capability; dropping
    it from the bounding set (util-linux ``setpriv``) makes the child meet the same
    "read-only" error any other user would.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to test read-only files as root")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("command", ["ingest", "analyze"])
def test_a_read_only_database_file_is_reported_with_what_to_do(
    tmp_path: Path, command: str
) -> None:
    db = tmp_path / "ro.db"
    storyline_json("ingest", SEEDS, "--db", db)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("Talks resume\n\nThe delegations met again in Istanbul.\n")
    for path in tmp_path.iterdir():
        path.chmod(stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = subprocess.run(
            [
                *_without_root_override(),
                sys.executable,
                "-m",
                "storyline",
                command,
                str(SEEDS),
                str(extra),
                "--db",
                str(db),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert str(db) in message and "readonly" in message and "you can write to" in message
    assert _integrity(db) == "ok"


# The seeds and one ECB+ topic: enough for analysis to take several seconds.
TOPIC = [SEEDS, *sorted((ECBPLUS / "docs").glob("1_*.txt"))]


def _rows(db: Path, table: str) -> int:
    try:
        raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            raw.close()
    except sqlite3.Error:
        return 0  # not created yet


def _grouping(db: Path) -> tuple[object, ...]:
    with open_store(db) as store:
        return (
            store.article_ids(),
            store.events(),
            store.stories(),
            store.event_changes(),
            store.lineage(),
        )


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    storyline_json("analyze", *TOPIC, "--db", db)
    return _grouping(db)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("table", "stage"),
    [("vectors", "while embedding"), ("events", "after grouping, while tracing and extracting")],
)
def test_kill_9_during_analysis_then_rerun_gives_the_uninterrupted_events(
    tmp_path: Path, uninterrupted: tuple[object, ...], table: str, stage: str
) -> None:
    db = tmp_path / "killed.db"
    command = [
        sys.executable,
        "-m",
        "storyline",
        "analyze",
        *map(str, TOPIC),
        "--db",
        str(db),
        "--json",
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _rows(db, table) == 0 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, f"the analysis ended before it could be killed {stage}"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _integrity(db) == "ok"
    storyline_json("analyze", *TOPIC, "--db", db)  # the same command again
    assert _grouping(db) == uninterrupted
