"""Where the benchmark data lives: one folder, named once.

Every benchmark reads its corpora and gold files from one root folder laid out
as the shared data is (``corpus/…``, ``eval/…``). The root is, in order: the
``--shared`` option of ``storyline bench``, the ``STORYLINE_SHARED`` environment
variable, or ``../shared`` (the repository's neighbour, as in CI). Paths are
resolved when a benchmark runs, never when the package is imported, so the
installed package carries no path that only holds in one checkout.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

ENVIRONMENT_VARIABLE = "STORYLINE_SHARED"
FALLBACK = Path("../shared")
_META_KEY = "storyline_bench.data"


def data_root() -> Path:
    """The benchmark data folder chosen by the option, the environment or the fallback."""
    context = click.get_current_context(silent=True)
    chosen = context.meta.get(_META_KEY) if context is not None else None
    if chosen is not None:
        return Path(chosen)
    return Path(os.environ.get(ENVIRONMENT_VARIABLE) or FALLBACK)


def choose_root(context: click.Context, root: Path | None) -> None:
    """Remember ``--shared`` for every benchmark run under this command line."""
    if root is not None:
        context.meta[_META_KEY] = root


def shared(relative: str) -> Path:
    """``relative`` (e.g. ``corpus/seeds``) inside the benchmark data folder."""
    return data_root() / relative


def in_shared(relative: str) -> Callable[[], Path]:
    """A click default that resolves ``relative`` when the command runs."""
    return lambda: shared(relative)


def shown(relative: str) -> str:
    """How a default inside the data folder reads in ``--help``."""
    return f"$STORYLINE_SHARED/{relative}"
