"""``storyline bench paraphrase``: the lineage alignment rule on MSRP, beside baselines."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from storyline.cli import render
from storyline.cli.common import err, friendly_errors, json_option, out
from storyline.nlp.embed import make_model_embedder
from storyline.settings import load_settings

from .. import paraphrase
from ..options import data_option


@click.command("paraphrase")
@data_option(
    "--data",
    paraphrase.DEFAULT_DATA,
    folder=False,
    help="MSRP train file (msr_paraphrase_train.txt); relative paths start at the current folder.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=20),
    default=None,
    help="Use a seeded random sample of this many pairs (quick runs) [default: all].",
)
@click.option(
    "--seed",
    type=int,
    default=paraphrase.DEFAULT_SEED,
    show_default=True,
    help="Seed for the sample and the tune/held-out split.",
)
@click.option(
    "--fit",
    "fit_to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the logistic model fitted on the tune part to this file, as lineage "
    "reads it (the shipped one is storyline/pipeline/sentence_model.json).",
)
@json_option
@friendly_errors
def command(data: Path, limit: int | None, seed: int, fit_to: Path | None, as_json: bool) -> None:
    """Sentence-pair paraphrase accuracy and F1 on MSRP.

    Splits the MSRP train file into a tune part (70%) and a held-out part
    (30%), stratified by label; thresholds are fitted on the tune part and
    every method is scored on the held-out part: lineage's alignment rule as
    shipped and re-tuned, a logistic model over the same signals, MiniLM
    cosine alone, a TF-IDF lexical baseline and the majority class. Published
    figures (MSRP test set) are shown beside them for orientation.
    """
    embedder = make_model_embedder(load_settings())
    with render.progress_bar(err, enabled=not as_json) as progress:
        result = paraphrase.run(data, limit=limit, seed=seed, embedder=embedder, progress=progress)
    if fit_to is not None and result.fitted is not None:
        fitted_on = f"the tune part ({result.tune_pairs} pairs, seed {seed}) of {data.name}"
        model = paraphrase.sentence_model(result.fitted, fitted_on)
        fit_to.write_text(json.dumps(model.as_document(), indent=2) + "\n")
        err.print(f"Wrote the sentence model to {fit_to}")
    if as_json:
        click.echo(json.dumps(result.as_document(), ensure_ascii=False, indent=2))
        return
    out.print(_methods_table(result))
    out.print(_published_table(result))
    out.print(f"[dim]{result.comparability}[/dim]")
    for row in result.rows:
        if row.parameters:
            out.print(f"[dim]{row.method}: {json.dumps(row.parameters)}[/dim]", soft_wrap=True)


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _methods_table(result: paraphrase.ParaphraseResult) -> Table:
    table = Table(
        title=f"MSRP paraphrase, held-out part of the train file: {result.held_out_pairs} pairs "
        f"({_percent(result.held_out_paraphrase_share)}% paraphrases), "
        f"fitted on {result.tune_pairs}, seed {result.seed}",
        title_justify="left",
    )
    table.add_column("method")
    for name in ("accuracy %", "precision %", "recall %", "F1 %", "pairs/s"):
        table.add_column(name, justify="right")
    for row in result.rows:
        s = row.scores
        table.add_row(
            row.method,
            _percent(s.accuracy),
            _percent(s.precision),
            _percent(s.recall),
            _percent(s.f1),
            f"{row.pairs_per_second:,.0f}",
        )
    return table


def _published_table(result: paraphrase.ParaphraseResult) -> Table:
    table = Table(title="Published, MSRP test set (not the same pairs)", title_justify="left")
    table.add_column("system")
    table.add_column("accuracy %", justify="right")
    table.add_column("F1 %", justify="right")
    table.add_column("source")
    for p in result.published:
        table.add_row(p.system, f"{p.accuracy:.1f}", f"{p.f1:.1f}", p.source)
    return table
