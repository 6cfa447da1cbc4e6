"""``storyline bench``: the group that holds every benchmark command.

The commands are listed here by hand (:data:`COMMANDS`), so what ``storyline
bench`` offers is read in one place. The group reaches the ``storyline`` command through the
``storyline.commands`` entry point that this distribution declares, and it is
also installed on its own as ``storyline-bench``.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click

from .data import ENVIRONMENT_VARIABLE, FALLBACK, choose_root

# Every benchmark command, by its module in commands/: the one list to extend.
COMMANDS = (
    "cluster",
    "conflicts",
    "dedup",
    "embed",
    "entities",
    "extract",
    "gate",
    "lineage",
    "load",
    "paraphrase",
    "pipeline",
    "quotes",
    "scale",
    "stream",
    "summary",
    "timex",
)


@click.group()
@click.option(
    "--shared",
    "shared_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=(
        "The folder holding the benchmark data (corpus/…, eval/…), which every default "
        f"path is read from [default: ${ENVIRONMENT_VARIABLE}, else {FALLBACK}]."
    ),
)
@click.pass_context
def bench(context: click.Context, shared_root: Path | None) -> None:
    """Measure quality and speed against baselines and published figures.

    Every benchmark prints our figure beside a baseline run in the same
    process and the published figure for the same data; add --json for a
    machine-readable result. Figures worth keeping go into docs/benchmarks.md.

    The data is read from one folder laid out as the shared corpora are:
    give it with --shared DIR or STORYLINE_SHARED=DIR, or run beside it
    (../shared).
    """
    choose_root(context, shared_root)


for _name in COMMANDS:
    bench.add_command(import_module(f"{__package__}.commands.{_name}").command)


def main() -> None:
    """The ``storyline-bench`` script: the same group, without the product's other commands."""
    bench(prog_name="storyline-bench")
