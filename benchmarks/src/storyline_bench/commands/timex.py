"""``storyline bench timex``: time expressions found and normalised, on TempEval-3 TBAQ."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from storyline.cli import render
from storyline.cli.common import err, friendly_errors, json_option, out

from .. import timex
from ..options import data_option


@click.command("timex")
@data_option(
    "--data",
    timex.DEFAULT_DATA,
    folder=True,
    help="TempEval-3 TBAQ-cleaned folder (holding TimeBank/ and AQUAINT/).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Read only the first N files of each part (quick runs) [default: all].",
)
@click.option(
    "--method",
    "methods",
    type=click.Choice(tuple(timex.METHODS)),
    multiple=True,
    help="Score only these methods (repeatable) [default: all].",
)
@json_option
@friendly_errors
def command(data: Path, limit: int | None, methods: tuple[str, ...], as_json: bool) -> None:
    """Time expression recognition and TIMEX3 values on TempEval-3 (TimeBank, AQUAINT).

    Each file's document creation time anchors relative expressions ("last
    week", "Monday"). Scores follow TempEval-3 task A: strict and relaxed
    (overlap) recognition, type and value accuracy on relaxed matches, and
    value F1. Storyline's rule grammar is scored beside dateparser's
    search_dates; TimeBank was used to develop the rules, AQUAINT was not.
    """
    chosen = methods or tuple(timex.METHODS)
    with render.progress_bar(err, enabled=not as_json) as progress:
        result = timex.run(data, limit=limit, methods=chosen, progress=progress)
    if as_json:
        click.echo(json.dumps(result.as_document(), ensure_ascii=False, indent=2))
        return
    out.print(_methods_table(result))
    out.print(_published_table(result))
    out.print(f"[dim]{result.comparability}[/dim]")


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _methods_table(result: timex.TimexResult) -> Table:
    table = Table(
        title="TempEval-3 TBAQ: time expressions (DCT as anchor, DCT not scored)",
        title_justify="left",
    )
    table.add_column("method")
    table.add_column("part")
    for name in (
        "gold",
        "found",
        "strict F1",
        "relaxed P",
        "relaxed R",
        "relaxed F1",
        "type acc",
        "value acc",
        "value F1",
        "docs/s",
    ):
        table.add_column(name, justify="right")
    for row in result.rows:
        s = row.scores
        part = row.part + (" (dev)" if row.part == timex.DEVELOPMENT_PART else "")
        relaxed = s.relaxed()
        table.add_row(
            row.method,
            part,
            str(s.gold),
            str(s.predicted),
            _percent(s.strict()[2]),
            _percent(relaxed[0]),
            _percent(relaxed[1]),
            _percent(relaxed[2]),
            _percent(s.type_accuracy),
            _percent(s.value_accuracy),
            _percent(s.value()[2]),
            f"{row.documents_per_second:,.0f}",
        )
    return table


def _published_table(result: timex.TimexResult) -> Table:
    table = Table(title="Published, TempEval-3 test set (not the same files)", title_justify="left")
    table.add_column("system")
    table.add_column("strict F1", justify="right")
    table.add_column("value F1", justify="right")
    table.add_column("source")
    for p in result.published:
        table.add_row(p.system, f"{p.strict_f1:.1f}", f"{p.value_f1:.1f}", p.source)
    return table
