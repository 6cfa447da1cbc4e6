"""``storyline bench summary``: brief coverage and citation support per gold event.

The events, the content measures and the methods live in
:mod:`storyline.bench.summary`; this module opens the vector cache and prints.
"""

from __future__ import annotations

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

from ..cluster import load_corpus
from ..lineage import load_meter
from ..options import bench_vector_cache, cache_dir_option, corpus_argument, data_option
from ..summary import (
    SummaryResult,
    gold_events,
    meter_events,
    read_seeds,
    result_document,
    run_summary,
)

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder
DEFAULT_SEEDS = "corpus/seeds"  # inside the benchmark data folder


def _table(result: SummaryResult) -> Table:
    table = Table(
        title=f"Summaries of {result.events} gold events ({result.limit} sentences at most): "
        "content covered and citations the cited sentence does not support",
        title_justify="left",
        caption="pyramid: consensus content covered; facts: key-fact recall; words: per "
        "summary; cites: citations, cross: of another article; s: seconds summarising",
    )
    for name in (
        "method",
        "pyramid",
        "facts",
        "words",
        "cites",
        "cross",
        "unsupp.",
        "unsupp. %",
        "s",
    ):
        table.add_column(name, justify="left" if name == "method" else "right")
    for m in result.methods:
        if m.skipped:
            table.add_row(m.method, "skipped", *([""] * 7))
            continue
        table.add_row(
            m.method,
            f"[bold]{m.pyramid:.3f}[/bold]",
            f"[bold]{m.fact_recall:.3f}[/bold]",
            f"{m.words:.0f}",
            str(m.citations),
            str(m.cross_citations),
            str(m.unsupported),
            f"{100 * m.unsupported_rate:.1f}",
            f"{m.seconds:.1f}",
        )
    return table


def _reader_table(result: SummaryResult) -> Table | None:
    rows = [(m.method, m.reading()) for m in result.methods if not m.skipped and m.reading()]
    if not rows:
        return None
    table = Table(
        title="A reader's checks: citations that state the sentence in full, sentences that "
        "stand alone, who/what/when/where in the first two sentences",
        title_justify="left",
        caption="full: cross-article citations holding every name, number, date and the "
        "speaker; wrong spk.: citations giving the words to another speaker",
    )
    for name in (
        "method",
        "full %",
        "wrong spk.",
        "alone %",
        "who",
        "what",
        "when",
        "where",
        "all four",
    ):
        table.add_column(name, justify="left" if name == "method" else "right")

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{100 * value:.1f}"

    for method, r in rows:
        table.add_row(
            method,
            f"[bold]{pct(r['full_support'])}[/bold]",
            f"{r['wrong_speaker'] or 0:.0f}",
            f"[bold]{pct(r['stand_alone'])}[/bold]",
            pct(r["who"]),
            pct(r["what"]),
            pct(r["when"]),
            pct(r["where"]),
            pct(r["all_four"]),
        )
    return table


def _print(result: SummaryResult) -> None:
    out.print(
        f"{escape(result.corpus)}: {result.events} gold events, {result.articles} articles; "
        f"{result.with_pyramid} events have consensus content, {result.with_facts} have key "
        f"facts. Embedding (with cache) took {result.embed_seconds:.1f} s."
    )
    out.print(_table(result))
    reader = _reader_table(result)
    if reader is not None:
        out.print(reader)
    for m in result.methods:
        if m.leaning():
            why = ", ".join(f"{r}: {n}" for r, n in m.leaning().items())
            out.print(f"[dim]{escape(m.method)} sentences not standing alone: {escape(why)}[/dim]")
        if m.skipped:
            out.print(f"[yellow]{escape(m.method)} skipped:[/yellow] {escape(m.skipped)}")
        elif m.unsupported:
            reasons = ", ".join(f"{r}: {n}" for r, n in m.reasons().items())
            out.print(f"[dim]{escape(m.method)} unsupported citations: {escape(reasons)}[/dim]")
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/dim]")


@click.command("summary")
@corpus_argument(DEFAULT_CORPUS)
@data_option(
    "--seeds",
    DEFAULT_SEEDS,
    folder=True,
    help="Folder of articles scored as one more event (the product's seed articles).",
)
@click.option("--no-seeds", is_flag=True, help="Leave the seed articles out.")
@click.option("--no-sumy", is_flag=True, help="Leave out the LexRank and TextRank baselines.")
@click.option(
    "--sentences",
    type=click.IntRange(min=1, max=20),
    default=None,
    help="Sentences per summary [default: the summary_sentences setting, 5].",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    seeds: Path,
    no_seeds: bool,
    no_sumy: bool,
    sentences: int | None,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Brief coverage and unsupported citations on the gold events of CORPUS.

    CORPUS is a folder with gold.jsonl and its documents, as for `bench cluster`
    [default: $STORYLINE_SHARED/corpus/ecbplus-dev], or a METER folder (gold.jsonl and
    meta.jsonl), whose stories are the events. Each gold event (and the seed
    articles, as one more event) is summarised by Storyline's brief and by
    sumy's LexRank and TextRank; each summary is scored for the consensus
    content and key facts it carries, and every citation is checked against
    the sentence it cites.

    A reader's checks follow, on the parse and extraction of every article
    (cached beside the vectors): the share of cross-article citations that
    state the summary sentence in full (every name, number, date and the
    speaker), citations giving the words to another speaker, the share of
    sentences that stand alone, and who/what/when/where in the first two.

    \b
    Examples:
      storyline bench summary
      storyline bench summary ../shared/corpus/meter-dev --no-seeds
      storyline bench summary ../shared/corpus/newswcl50-dev --no-seeds --json
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    settings = load_settings()
    seed_articles = [] if no_seeds else read_seeds(seeds, settings)
    if (corpus / "meta.jsonl").is_file():
        events = meter_events(load_meter(corpus, settings), seed_articles)
    else:
        events = gold_events(load_corpus(corpus, settings), seed_articles)
    cache = bench_vector_cache(cache_dir)
    with (
        open_store(cache) as store,
        open_store(cache.with_name("bench-parses.db")) as parses,
        render.progress_bar(err, enabled=not as_json) as progress,
    ):
        parses.add_articles([a for e in events for a in e.articles])
        result = run_summary(
            events,
            make_embedder(store, settings),
            limit=sentences or settings.summary_sentences,
            name=str(corpus),
            with_sumy=not no_sumy,
            progress=progress,
            parse_cache=parses,
        )
    if as_json:
        emit_json(result_document(result))
        return
    _print(result)
