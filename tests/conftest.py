"""Shared fixtures: where the shared corpora live, and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from storyline.store import SqliteStore, open_store

# Locally, Hypothesis explores new random inputs on every run (that is how it found
# crashes in the figure and entity scanners). In CI (.ci/run sets CI=1) the examples
# are fixed, so a landing is never decided by the luck of one draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
# The corpora sit beside the repository (../shared), in CI as on a laptop.
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
ECBPLUS = SHARED / "corpus" / "ecbplus-dev"


def seed(stem_prefix: str) -> Path:
    """The seed file whose name starts with ``stem_prefix`` (e.g. "002")."""
    return next(SEEDS.glob(f"{stem_prefix}_*.txt"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with open_store(tmp_path / "test.db") as s:
        yield s


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )
