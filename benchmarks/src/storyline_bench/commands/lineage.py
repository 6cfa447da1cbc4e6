"""``storyline bench lineage``: newspaper rewrites of wire copy (METER), beside word overlap."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from storyline.chain import make_embedder
from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store

from .. import lineage
from ..options import bench_vector_cache, cache_dir_option, corpus_argument, data_option

DEFAULT_CORPUS = "corpus/meter-dev"  # inside the benchmark data folder
DEFAULT_NEWSWCL50 = "corpus/newswcl50-dev"  # inside the benchmark data folder
DEFAULT_SEEDS = "corpus/seeds"  # inside the benchmark data folder


@click.command("lineage")
@corpus_argument(DEFAULT_CORPUS)
@click.option(
    "--stories",
    type=click.IntRange(min=1),
    default=None,
    help="Use only the first N stories (quick runs) [default: all].",
)
@click.option(
    "--fit",
    "fit_to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fit the reuse model on CORPUS's newspaper articles and write it to this file "
    "(the shipped one is storyline/pipeline/reuse_model.json), then stop.",
)
@data_option(
    "--newswcl50",
    DEFAULT_NEWSWCL50,
    folder=True,
    help="NewsWCL50 folder (docs/, gold.jsonl) for the every-outlet-its-own-report check; "
    "skipped when missing.",
)
@data_option(
    "--seeds",
    DEFAULT_SEEDS,
    folder=True,
    help="The seed articles, whose rewrite pairs must stay found.",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    stories: int | None,
    fit_to: Path | None,
    newswcl50: Path,
    seeds: Path,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Tell newspaper rewrites of wire copy from independent reports, on METER.

    \b
    CORPUS is a METER folder (gold.jsonl, meta.jsonl, docs/): Press Association
    wire copy and the newspaper articles printed on the same stories, each
    labelled wholly, partially or not derived from the story's wire copy. An
    article counts as derived when Storyline puts it in a lineage group with a
    wire file of its story: with the gold stories given as events (lineage
    alone) and with Storyline's own events (the whole system). Beside them,
    word 1/2/3-gram containment with a 10-fold cross-validated threshold, and
    the published figures. Also: the share of stories whose independent
    reports are within one of the gold count.

    \b
    The reuse model (how much of an article's own wording, outside quotes,
    another outlet's report holds) is fitted on METER with --fit; the figure
    "reuse model alone (10-fold)" refits it for every fold, so no story helps
    judge itself.

    \b
    Examples:
      storyline bench lineage ../shared/corpus/meter-dev --stories 20
      storyline bench lineage --fit src/storyline/pipeline/reuse_model.json
    """
    if not (corpus / "gold.jsonl").is_file():
        raise InputError(str(corpus), "no gold.jsonl here; pass a METER folder")
    settings = load_settings()
    if fit_to is not None:
        model = lineage.fit_model(
            lineage.load_meter(corpus, settings, stories), lineage.fitted_on(corpus, stories)
        )
        fit_to.write_text(json.dumps(model.as_document(), indent=2) + "\n")
        if as_json:
            emit_json(model.as_document())
        else:
            out.print(f"Wrote the reuse model ({model.version}) to {fit_to}")
        return
    with (
        open_store(bench_vector_cache(cache_dir)) as cache,
        render.progress_bar(err, enabled=not as_json) as progress,
    ):
        result = lineage.run(
            corpus,
            make_embedder(cache, settings),
            settings,
            stories,
            progress,
            newswcl50 if (newswcl50 / "gold.jsonl").is_file() else None,
            seeds if seeds.is_dir() else None,
        )
    if as_json:
        emit_json(result.as_document())
        return
    out.print(_table(result))
    out.print(_published())
    for line in _checks(result):
        out.print(line)


def _table(result: lineage.LineageBench) -> Table:
    table = Table(
        title=f"METER: {result.newspaper} newspaper articles on {result.stories} stories "
        f"({result.articles} files with the wire copy; {result.own_events} own events)",
        title_justify="left",
    )
    table.add_column("method")
    for name in (
        "derived P",
        "R",
        "F1",
        "non-derived P",
        "R",
        "F1",
        "accuracy",
        "3-class F1",
        "reports ±1",
    ):
        table.add_column(name, justify="right")
    for s in result.rows:
        within = "" if s.reports_within_one is None else f"{s.reports_within_one:.2f}"
        three = "" if s.three_class_f1 is None else f"{s.three_class_f1:.3f}"
        table.add_row(
            s.method,
            *(
                f"{v:.3f}"
                for v in (
                    s.derived_p,
                    s.derived_r,
                    s.derived_f1,
                    s.non_p,
                    s.non_r,
                    s.non_f1,
                    s.accuracy,
                )
            ),
            three,
            within,
        )
    return table


def _published() -> Table:
    table = Table(title="Published (the whole METER corpus, not this half)", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in lineage.PUBLISHED.items():
        table.add_row(name, f"{value:.3f}")
    return table


def _checks(result: lineage.LineageBench) -> list[str]:
    """The cross-corpus checks in a sentence each, green when they hold."""
    lines = []
    if (check := result.independent) is not None:
        gold, own = check.topics_right
        topics = len(check.articles_per_topic)
        colour = "green" if gold == own == topics else "yellow"
        lines.append(
            f"[{colour}]{check.corpus}: {gold} of {topics} topics counted as one report per "
            f"outlet with gold events, {own} with our own {check.own_events} events; false "
            f"links {check.false_links_gold_events} / {check.false_links_own_events}[/{colour}]"
        )
    if (seeds := result.seeds) is not None:
        found = ", ".join("/".join(g) for g in seeds.groups) or "none"
        colour = "green" if seeds.unchanged else "red"
        lines.append(f"[{colour}]seeds: rewrite groups {found}[/{colour}]")
    return lines
