"""Shared fixtures: where the shared corpora live, and a fresh store per test."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from storyline.store import SqliteStore, Store, open_store

from .pg_server import PgServer, private_server, server_binaries

# Locally, Hypothesis explores new random inputs on every run (that is how it found
# crashes in the figure and entity scanners). In CI (.ci/run sets CI=1) the examples
# are fixed, so a landing is never decided by the luck of one draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Under `make test` each of pytest-xdist's workers (one per core) runs tests of its own,
# and the processes they start inherit this: one thread per model, not one per core in
# every worker, which would make the cores take turns. Set before any model loads.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
# The corpora sit beside the repository (../shared), in CI as on a laptop.
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
ECBPLUS = SHARED / "corpus" / "ecbplus-dev"


def seed(stem_prefix: str) -> Path:
    """The seed file whose name starts with ``stem_prefix`` (e.g. "002")."""
    return next(SEEDS.glob(f"{stem_prefix}_*.txt"))


@pytest.fixture(scope="session")
def onnx_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The int8 ONNX model, built once per test run (a few seconds) into a temp folder.

    Built through the command a user runs, so that path is tested by every use. Under
    xdist the workers share one build: the first to get here builds it under a lock
    in the folder their temp roots share, and the others wait for it and reuse it.
    """
    from storyline.nlp.embed_onnx import model_ready

    from .helpers import storyline_json

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / "onnx-int8"
    with open(root / "onnx-int8.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not model_ready(folder):
            report = storyline_json("models", "build-onnx", "--dir", folder)
            assert report["built"] is True and Path(report["model"]).parent == folder
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with open_store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One private PostgreSQL server for the whole run (see tests/pg_server.py)."""
    given = os.environ.get("STORYLINE_TEST_POSTGRES")
    if given:
        yield PgServer(given)
        return
    bin_dir = server_binaries()
    if bin_dir is None:
        message = "PostgreSQL server binaries are missing: run `make system` (apt postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the PostgreSQL half of the contract
        pytest.skip(message)
    with private_server(bin_dir) as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with pg_server.database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store contract runs on both backends: the same test, each store in turn."""
    if request.param == "sqlite":
        location: str | Path = tmp_path / "test.db"
    else:
        location = request.getfixturevalue("pg_url")
    with open_store(location) as s:
        yield s


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests first: `make test` spreads whole files over the cores (pytest-xdist,
    --dist loadfile), and a long file handed out last would leave the other core idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
