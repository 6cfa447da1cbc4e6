"""``storyline bench cluster``: event and story grouping against gold, beside two baselines.

Scoring and the methods live in :mod:`storyline.bench.cluster`; this module only
opens the vector cache, shows progress and prints.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..bench.cluster import ClusterResult, load_corpus, result_document, run_cluster
from ..chain import make_embedder
from ..errors import InputError
from ..settings import load_settings
from ..store import open_store
from . import render
from .app import (
    _emit_json,
    bench_vector_cache,
    cache_dir_option,
    corpus_argument,
    err,
    friendly_errors,
    json_option,
    out,
)

DEFAULT_CORPUS = Path("../shared/corpus/ecbplus-dev")


def _f(value: float) -> str:
    return f"{value:.3f}"


def _scores_table(result: ClusterResult) -> Table:
    table = Table(
        title="Grouping against gold (clusters: found/gold; art/s: articles per second, "
        "embedding excluded; pairwise P/R in --json)"
    )
    for name in ("method", "level", "B³ P", "B³ R", "B³ F1", "pair F1", "clusters",
                 "art/s"):  # fmt: skip
        table.add_column(
            name,
            justify="left" if name in ("method", "level") else "right",
            no_wrap=name == "method",
            min_width=13 if name == "method" else None,
        )
    for m in result.methods:
        if m.skipped:
            table.add_row(m.method, "skipped", *([""] * 6), end_section=True)
            continue
        for i, s in enumerate(m.levels):
            last = i == len(m.levels) - 1
            table.add_row(
                m.method if i == 0 else "", s.level,
                _f(s.bcubed.precision), _f(s.bcubed.recall), f"[bold]{_f(s.bcubed.f1)}[/bold]",
                _f(s.pairwise.f1), f"{s.clusters}/{s.gold_clusters}",
                f"{m.articles_per_second:.0f}" if i == 0 else "",
                end_section=last,
            )  # fmt: skip
    return table


def _published_table(result: ClusterResult) -> Table:
    table = Table(title="Published figures (other datasets, not directly comparable)")
    for name in ("method", "dataset", "metric", "value", "source"):
        table.add_column(name, justify="right" if name == "value" else "left")
    for p in result.published:
        table.add_row(p.method, p.dataset, p.metric, _f(p.value), p.source)
    return table


def _print(result: ClusterResult) -> None:
    out.print(
        f"{escape(result.corpus)}: {result.articles} articles, {result.sentences} sentences; "
        f"gold: {result.gold_events} events in {result.gold_stories} stories"
        + (f"; {result.unlabelled} files without gold ignored" if result.unlabelled else "")
        + f". Embedding (with cache) took {result.embed_seconds:.1f} s and is excluded from "
        "articles/s."
    )
    out.print(
        f"Agglomerative thresholds: event ≥{result.event_threshold:.3f}, "
        f"story ≥{result.story_threshold:.3f} (cosine, average link; fixed, not fitted here)."
    )
    out.print(_scores_table(result))
    for m in result.methods:
        if m.skipped:
            out.print(f"[yellow]{escape(m.method)} skipped:[/yellow] {escape(m.skipped)}")
        elif m.note:
            out.print(f"[dim]{escape(m.method)}: {escape(m.note)}[/dim]")
    out.print(_published_table(result))
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/dim]")


@click.command("cluster")
@corpus_argument(DEFAULT_CORPUS)
@cache_dir_option
@click.option("--no-bertopic", is_flag=True, help="Leave out the BERTopic baseline.")
@json_option
@friendly_errors
def command(corpus: Path, cache_dir: Path | None, no_bertopic: bool, as_json: bool) -> None:
    """Event and story grouping scored against CORPUS/gold.jsonl.

    CORPUS is a folder with gold.jsonl (one {"doc", "story", "event"} per line) and
    the documents it names, in docs/ or beside it, matched by file stem
    [default: ../shared/corpus/ecbplus-dev]. Prints B-cubed and pairwise scores at
    the event and story level for Storyline's grouping, an embedding +
    agglomerative baseline and BERTopic, with articles per second.
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    settings = load_settings()
    loaded = load_corpus(corpus, settings)
    cache = bench_vector_cache(cache_dir)
    with open_store(cache) as store, render.progress_bar(err, enabled=not as_json) as progress:
        result = run_cluster(
            loaded,
            make_embedder(store, settings),
            name=str(corpus),
            with_bertopic=not no_bertopic,
            progress=progress,
        )
    if as_json:
        _emit_json(result_document(result))
        return
    _print(result)
