"""``storyline bench gate``: the key figures on small fixed samples against pinned floors."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from storyline.chain import make_embedder
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.settings import load_settings
from storyline.store import open_store

from ..data import data_root
from ..gate import failures, run_gate
from ..options import bench_vector_cache, cache_dir_option


@click.command("gate")
@cache_dir_option
@json_option
@friendly_errors
def command(cache_dir: Path | None, as_json: bool) -> None:
    """The quality gate CI runs: event and story B³ (ECB+ dev), lineage F1 and conflict
    precision (METER dev), timex value F1 (TempEval-3), each on a small fixed sample and
    against the floor pinned in storyline_bench/gate.py. Exits 1 when a figure is below
    its floor. About a minute with the vector cache warm.
    """
    settings = load_settings()
    with open_store(bench_vector_cache(cache_dir)) as store:

        def say(stage: str) -> None:
            if not as_json:
                err.print(f"[dim]gate: {stage}…[/dim]")

        rows = run_gate(data_root(), make_embedder(store, settings), store, settings, say)
    if as_json:
        emit_json(
            {
                "figures": [
                    {
                        "figure": r.figure,
                        "value": r.value,
                        "floor": r.floor,
                        "passed": r.passed,
                        "sample": r.sample,
                    }
                    for r in rows
                ]
            }
        )
    else:
        table = Table(title="Quality gate: figures on fixed samples against pinned floors")
        for name in ("figure", "value", "floor", "", "sample"):
            table.add_column(name, justify="right" if name in ("value", "floor") else "left")
        for r in rows:
            mark = "[green]ok[/green]" if r.passed else "[red]BELOW[/red]"
            table.add_row(r.figure, f"{r.value:.3f}", f"{r.floor:.3f}", mark, r.sample)
        out.print(table)
    if failures(rows):
        sys.exit(1)
