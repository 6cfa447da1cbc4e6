"""A real, private PostgreSQL server for the tests.

Debian's ``postgresql`` package (installed by ``make system``) provides the
server binaries; the tests start their own cluster in a temporary folder,
reachable only through a Unix socket there, and stop it at the end. As root
(CI), the server runs as the ``postgres`` user, which PostgreSQL insists on.
``STORYLINE_TEST_POSTGRES`` may name an existing server instead (a URL whose
user may create databases).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg


@dataclass(frozen=True)
class PgServer:
    admin_url: str  # a database to connect to for CREATE DATABASE

    def url_of(self, database: str) -> str:
        base, _, query = self.admin_url.partition("?")
        root = base.rsplit("/", 1)[0]
        return f"{root}/{database}" + (f"?{query}" if query else "")

    @contextmanager
    def database(self) -> Iterator[str]:
        """A new empty database for one test; dropped afterwards."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.url_of(name)
        finally:
            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_binaries() -> str | None:
    """The newest installed PostgreSQL server's bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    return os.path.dirname(found[-1]) if found else None


def _major(path: str) -> int:
    version = path.split("/")[4]
    return int(version) if version.isdigit() else 0


@contextmanager
def private_server(bin_dir: str) -> Iterator[PgServer]:
    """initdb a cluster in a temporary folder, start it on a Unix socket, stop it after."""
    home = tempfile.mkdtemp(prefix="storyline-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        owner = pwd.getpwnam("postgres")
        os.chown(home, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = os.path.join(home, "data"), os.path.join(home, "server.log")
    try:
        _run(
            [
                *as_user,
                f"{bin_dir}/initdb",
                "-D",
                data,
                "-A",
                "trust",
                "-U",
                "storyline",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        options = f"-k {home} -p 5432 -c listen_addresses='' -c fsync=off -c max_connections=60"
        _run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"])
        try:
            yield PgServer(f"postgresql:///postgres?host={home}&port=5432&user=storyline")
        finally:
            _run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
