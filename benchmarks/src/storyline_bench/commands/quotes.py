"""``storyline bench quotes``: quote extraction on PolNeAR, beside a quote-mark baseline."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from storyline.cli import render
from storyline.cli.common import err, friendly_errors, json_option, out

from .. import quotes
from ..options import data_option


@click.command("quotes")
@data_option(
    "--data",
    quotes.DEFAULT_DATA,
    folder=True,
    help="PolNeAR data folder (holding dev/ and train/); relative paths start at the "
    "current folder.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Use only the first N articles (by name) of each part, for quick runs [default: all].",
)
@json_option
@friendly_errors
def command(data: Path, limit: int | None, as_json: bool) -> None:
    """Attribution source, cue and content P/R/F1 on PolNeAR.

    Runs Storyline's quote extractor (parsing included in its speed) and a
    quotation-marks-plus-nearest-"said" baseline on PolNeAR's dev part, and on
    its train part as a check; nothing is fitted on either. Spans are scored
    exactly (after trimming punctuation) and by word-token overlap.
    """
    with render.progress_bar(err, enabled=not as_json) as progress:
        result = quotes.run(data, limit=limit, progress=progress)
    if as_json:
        click.echo(json.dumps(result.as_document(), ensure_ascii=False, indent=2))
        return
    for split in result.splits:
        out.print(_split_table(result, split))
    out.print(_published_table(result))
    out.print(f"[dim]{result.comparability}[/dim]")


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _split_table(result: quotes.QuotesResult, split: str) -> Table:
    table = Table(
        title=f"PolNeAR {split}: {result.articles[split]} articles, "
        f"{result.attributions[split]} attributions (P/R/F1 %, exact | token overlap)",
        title_justify="left",
    )
    table.add_column("method")
    table.add_column("role")
    for name in ("exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"):
        table.add_column(name, justify="right")
    table.add_column("articles/s", justify="right")
    for row in result.rows:
        if row.split != split:
            continue
        for n, role in enumerate(row.roles):
            table.add_row(
                row.method if n == 0 else "",
                role.role,
                _percent(role.exact.precision),
                _percent(role.exact.recall),
                _percent(role.exact.f1),
                _percent(role.overlap.precision),
                _percent(role.overlap.recall),
                _percent(role.overlap.f1),
                f"{row.articles_per_second:,.1f}" if n == 0 else "",
            )
    return table


def _published_table(result: quotes.QuotesResult) -> Table:
    table = Table(title="Published on PolNeAR (not the same setting)", title_justify="left")
    for name in ("system", "figure", "setting", "source"):
        table.add_column(name)
    for p in result.published:
        table.add_row(p.system, p.figure, p.setting, p.source)
    return table
