"""Shared fixtures: where the shared corpora live, and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import SqliteStore, open_store

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
