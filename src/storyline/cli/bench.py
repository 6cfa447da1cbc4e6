"""``storyline bench``: the group that collects every benchmark command.

Each benchmark lives in its own module ``storyline.cli.bench_<name>`` exposing a
click command named ``command``; they are discovered here, so adding a
benchmark never means editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from . import __path__ as _cli_path


@click.group()
def bench() -> None:
    """Measure quality and speed against baselines and published figures.

    Every benchmark prints our figure beside a baseline run in the same
    process and the published figure for the same data; add --json for a
    machine-readable result. Figures worth keeping go into docs/benchmarks.md.
    """


def _register() -> None:
    for module in sorted(pkgutil.iter_modules(_cli_path), key=lambda m: m.name):
        if module.name.startswith("bench_"):
            loaded = importlib.import_module(f"{__package__}.{module.name}")
            bench.add_command(loaded.command)


_register()
