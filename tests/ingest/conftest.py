"""Shared helpers for the ingest tests: the real corpus and small builders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.ingest import read_inputs
from storyline.models import Article, Skipped
from storyline.settings import Settings

CORPUS = Path("/work/shared/corpus")
SEEDS = CORPUS / "seeds"
ECB_DOCS = CORPUS / "ecbplus-dev" / "docs"


def seed_path(number: int) -> Path:
    """The seed article whose file name starts with ``00N_``."""
    matches = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    if not matches:
        pytest.skip(f"seed {number} not available at {SEEDS}")
    return matches[0]


def read_all(
    paths: Sequence[Path | str], settings: Settings | None = None
) -> list[Article | Skipped]:
    return list(read_inputs(list(paths), settings or Settings()))


def articles(results: Sequence[Article | Skipped]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def skipped(results: Sequence[Article | Skipped]) -> list[Skipped]:
    return [r for r in results if isinstance(r, Skipped)]


def only_article(path: Path | str, settings: Settings | None = None) -> Article:
    results = read_all([path], settings)
    assert len(results) == 1, results
    result = results[0]
    assert isinstance(result, Article), result
    return result


def only_skip(path: Path | str, settings: Settings | None = None) -> Skipped:
    results = read_all([path], settings)
    assert len(results) == 1, results
    result = results[0]
    assert isinstance(result, Skipped), result
    return result


PARAGRAPHS = (
    "Delegations from Russia and Ukraine met in Istanbul on Monday for a second round of "
    "direct talks, which ended after a little over an hour.",
    "The two sides agreed to exchange more prisoners of war and to return the remains of "
    "thousands of soldiers, officials said after the meeting.",
    "Expectations had been low after a weekend of heavy drone attacks on both sides.",
)
