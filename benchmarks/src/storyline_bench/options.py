"""Options and arguments the benchmark commands share."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .data import in_shared, shown

F = TypeVar("F", bound=Callable[..., Any])


def cache_dir_option(func: F) -> F:
    return click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where sentence vectors are cached between runs [default: ~/.cache/storyline].",
    )(func)


def corpus_argument(relative: str) -> Callable[[F], F]:
    """The optional CORPUS folder argument; ``relative`` is its default inside the data folder."""
    return click.argument(
        "corpus",
        type=click.Path(file_okay=False, path_type=Path),
        default=in_shared(relative),
        required=False,
    )


def data_option(name: str, relative: str, *, folder: bool, help: str) -> Callable[[F], F]:
    """A path option whose default, ``relative``, lies inside the benchmark data folder;
    ``folder`` says whether it names a folder or a file."""
    return click.option(
        name,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=in_shared(relative),
        show_default=shown(relative),
        help=help,
    )


def bench_vector_cache(cache_dir: Path | None) -> Path:
    """The benchmarks' shared vector cache file (created on first use)."""
    base = (
        cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storyline"
    )
    base.mkdir(parents=True, exist_ok=True)
    return base / "bench-vectors.db"
