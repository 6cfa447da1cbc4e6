"""Expand the paths a user gave into the files to read, in a stable order.

Folders are walked recursively with entries sorted by name, so two runs over
the same tree see files in the same order (and assign the same ids in the
same sequence). Hidden entries inside folders (".git", ".DS_Store") are
skipped; a hidden file named explicitly is still read, because the user
asked for it. Symbolic links to folders are not followed, which rules out
loops.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..models import Skipped
from .decode import os_reason

MISSING = "no such file or directory"


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield Skipped(str(folder), os_reason(exc))
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        child = folder / entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(child)
        else:
            yield child


def walk_inputs(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Files to read, plus a Skipped for each given path that does not exist.

    A file reachable twice (named and inside a named folder) is read once.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            yield Skipped(str(path), MISSING)
            continue
        found = _walk(path) if path.is_dir() else iter([path])
        for item in found:
            if isinstance(item, Path):
                key = Path(os.path.abspath(item))
                if key in seen:
                    continue
                seen.add(key)
            yield item


def discover_inputs(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every file under ``paths`` (files as given, folders recursively, sorted)."""
    for item in walk_inputs(paths):
        if isinstance(item, Path):
            yield item
