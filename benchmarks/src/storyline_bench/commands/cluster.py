"""``storyline bench cluster``: event and story grouping against gold, beside two baselines.

Scoring and the methods live in :mod:`storyline.bench.cluster`; this module only
opens the vector cache, shows progress and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from storyline.chain import make_embedder
from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store

from ..cluster import ClusterResult, result_document, run_cluster
from ..cluster_corpora import dev_corpora, load_any, mixed
from ..options import bench_vector_cache, cache_dir_option, corpus_argument

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder


def _f(value: float) -> str:
    return f"{value:.3f}"


def _scores_table(result: ClusterResult) -> Table:
    table = Table(
        title="Grouping against gold (clusters: found/gold; art/s: articles per second, "
        "embedding excluded; pairwise P/R in --json)"
    )
    for name in ("method", "level", "B³ P", "B³ R", "B³ F1", "pair F1", "clusters", "art/s"):
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
                m.method if i == 0 else "",
                s.level,
                _f(s.bcubed.precision),
                _f(s.bcubed.recall),
                f"[bold]{_f(s.bcubed.f1)}[/bold]",
                _f(s.pairwise.f1),
                f"{s.clusters}/{s.gold_clusters}",
                f"{m.articles_per_second:.0f}" if i == 0 else "",
                end_section=last,
            )
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
    out.print(_undated_line(result))
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/dim]")


def _undated_line(result: ClusterResult) -> str:
    """Whether any undated article sits in an event whose dates its own opening denies."""
    shown = ", ".join(result.undated_contradicted[:5])
    verdict = (
        f"[red]{len(result.undated_contradicted)} contradicted by their opening[/red] "
        f"({escape(shown)})"
        if result.undated_contradicted
        else "[green]none contradicted by the day its opening states[/green]"
    )
    return (
        f"{escape(result.corpus)}: {result.undated_in_dated} undated articles in dated "
        f"events, {verdict}."
    )


def _overview(results: Sequence[ClusterResult]) -> Table:
    table = Table(
        title="Grouping on every dev corpus and on all of them as one stream",
        title_justify="left",
        caption="whole: gold events kept in one piece; pure: events holding one gold event "
        "only; story F1: B³ at the story level",
    )
    for name in ("corpus", "method", "event B³ F1", "whole", "pure", "events", "story B³ F1"):
        table.add_column(name, justify="left" if name in ("corpus", "method") else "right")
    for result in results:
        for i, m in enumerate(result.methods):
            last = i == len(result.methods) - 1
            if m.skipped:
                table.add_row(
                    escape(result.corpus) if i == 0 else "", m.method, "skipped", end_section=last
                )
                continue
            event, story = m.levels
            table.add_row(
                escape(result.corpus) if i == 0 else "",
                m.method,
                f"[bold]{_f(event.bcubed.f1)}[/bold]",
                _f(event.whole),
                _f(event.pure),
                f"{event.clusters}/{event.gold_clusters}",
                _f(story.bcubed.f1),
                end_section=last,
            )
    return table


@click.command("cluster")
@corpus_argument(DEFAULT_CORPUS)
@cache_dir_option
@click.option("--no-bertopic", is_flag=True, help="Leave out the BERTopic baseline.")
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Score every dev corpus beside CORPUS (ECB+, NewsWCL50, METER, the seeds) and all "
    "of them as one mixed stream.",
)
@json_option
@friendly_errors
def command(
    corpus: Path, cache_dir: Path | None, no_bertopic: bool, every: bool, as_json: bool
) -> None:
    """Event and story grouping scored against CORPUS/gold.jsonl.

    CORPUS is a folder with gold.jsonl (one {"doc", "story", "event"} per line) and
    the documents it names, in docs/ or beside it, matched by file stem
    [default: $STORYLINE_SHARED/corpus/ecbplus-dev]; a METER folder (gold.jsonl and
    meta.jsonl: each story is one event); or the seeds folder. Prints B-cubed and
    pairwise scores at the event and story level for Storyline's grouping, an
    embedding + agglomerative baseline and BERTopic, with articles per second,
    and the share of gold events kept whole and of events that are pure.

    \b
    Examples:
      storyline bench cluster
      storyline bench cluster ../shared/corpus/meter-dev --no-bertopic
      storyline bench cluster --all --no-bertopic
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    settings = load_settings()
    named = (
        dev_corpora(corpus.parent, settings)
        if every
        else [(corpus.name, load_any(corpus, settings))]
    )
    if every:
        named.append(("mixed stream", mixed(named)))
    cache = bench_vector_cache(cache_dir)
    results = []
    with open_store(cache) as store, render.progress_bar(err, enabled=not as_json) as progress:
        for name, loaded in named:
            results.append(
                run_cluster(
                    loaded,
                    make_embedder(store, settings),
                    name=name if every else str(corpus),
                    with_bertopic=not no_bertopic,
                    progress=progress,
                )
            )
    if as_json:
        documents = [result_document(r) for r in results]
        emit_json({"benchmark": "cluster", "corpora": documents} if every else documents[0])
        return
    if every:
        out.print(_overview(results))
        for result in results:
            out.print(_undated_line(result))
        return
    _print(results[0])
