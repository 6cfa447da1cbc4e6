"""``storyline bench stream``: placing cost and memory per article on a synthetic stream.

The stream itself is built in :mod:`storyline.bench.stream`; this module embeds
the template corpus (through the vector cache), shows progress and prints.
"""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from pathlib import Path

import click
from rich.table import Table

from storyline.chain import embed_articles, featurize, make_embedder
from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store

from ..cluster import load_corpus
from ..options import bench_vector_cache, cache_dir_option, corpus_argument
from ..stream import (
    DEFAULT_SEED,
    SliceResult,
    StreamResult,
    run_stream,
    stream_chart_svg,
    templates_from,
)

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder


def _table(result: StreamResult) -> Table:
    table = Table(title="Online grouping along the stream (placing time only)")
    for name in ("articles placed", "articles/s in slice", "ms/article", "RSS MB", "peak RSS MB"):
        table.add_column(name, justify="right")
    for s in result.slices:
        table.add_row(
            f"{s.articles:,}",
            f"{s.per_second:,.0f}",
            f"{1000 / s.per_second:.2f}" if s.per_second else "-",
            f"{s.rss_now_mb:,.0f}",
            f"{s.rss_mb:,.0f}",
        )
    return table


def _document(result: StreamResult) -> dict[str, object]:
    return {
        "articles": result.articles,
        "templates": result.templates,
        "events": {"replayed": result.events_gold, "found": result.events_found},
        "event_bcubed_f1": round(result.event_f1, 4),
        "seconds": round(result.seconds, 2),
        "articles_per_second": round(result.per_second, 1),
        "memory": {
            "start_rss_mb": round(result.start_rss_mb, 1),
            "end_rss_mb": round(result.end_rss_mb, 1),
            "bytes_per_article": round(result.bytes_per_article),
        },
        "slices": [
            {
                "articles": s.articles,
                "seconds": round(s.seconds, 3),
                "rss_mb": round(s.rss_now_mb, 1),
                "peak_rss_mb": round(s.rss_mb, 1),
            }
            for s in result.slices
        ],
    }


def _log_slice(result: SliceResult) -> None:
    """One line per slice on stderr as it ends (a long run stopped early keeps its figures)."""
    ms = 1000 / result.per_second if result.per_second else 0.0
    err.print(
        f"[dim]{result.articles:,} placed: {ms:.2f} ms/article in this slice, "
        f"RSS {result.rss_now_mb:,.0f} MB (peak {result.rss_mb:,.0f})[/dim]"
    )


@click.command("stream")
@corpus_argument(DEFAULT_CORPUS)
@click.option(
    "--articles",
    "total",
    type=click.IntRange(min=100),
    default=1_000_000,
    show_default=True,
    help="Length of the synthetic stream.",
)
@click.option(
    "--slices",
    type=click.IntRange(min=1, max=100),
    default=10,
    show_default=True,
    help="How many points of the speed and memory curve to report.",
)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the time and memory curve as SVG (docs/stream.svg).",
)
@click.option(
    "--archive/--no-archive",
    default=True,
    show_default=True,
    help="Store the stream's articles in a temporary SQLite store and move retired "
    "events there, as a server does; --no-archive keeps them in memory.",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    total: int,
    slices: int,
    seed: int,
    plot: Path | None,
    archive: bool,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Time and memory per article as the online grouper takes a long stream.

    The stream replays the gold events of CORPUS (a folder with gold.jsonl, as for
    `bench cluster`) as fresh happenings: real embeddings and words, names and
    numbers made unique to each replay, a few hundred events a day. Prints articles
    per second and resident memory along the stream, bytes per article, and event
    B-cubed F1 against the replays as a sanity check.

    By default the articles go to a temporary SQLite store (deleted afterwards; about
    0.5 KB of disk per article) and retired events move there, so the memory figures
    are a server's: flat once the search window is full.
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    settings = load_settings()
    loaded = load_corpus(corpus, settings)
    articles = list(loaded.articles)
    with (
        ExitStack() as stack,
        open_store(bench_vector_cache(cache_dir)) as store,
        render.progress_bar(err, enabled=not as_json) as progress,
    ):
        archive_store = None
        if archive:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="stream-")))
            archive_store = stack.enter_context(open_store(folder / "stream.db"))
        embedder = make_embedder(store, settings)
        embedded = embed_articles(articles, embedder, progress)
        features = featurize(articles, embedded, embedder)
        event_of = {a.id: loaded.gold.event_of[loaded.doc_of[a.id]] for a in articles}
        story_of = {a.id: loaded.gold.story_of[loaded.doc_of[a.id]] for a in articles}
        result = run_stream(
            templates_from(articles, event_of, story_of, features),
            total,
            slices=slices,
            seed=seed,
            progress=lambda done, all_: progress("stream", done, all_),
            on_slice=_log_slice,
            store=archive_store,
        )
    if plot:
        plot.write_text(stream_chart_svg(result.slices), encoding="utf-8")
    if as_json:
        emit_json(_document(result))
        return
    out.print(
        f"{result.articles:,} synthetic articles from {result.templates} real templates "
        f"({result.events_gold:,} replayed events; {result.events_found:,} found, "
        f"event B³ F1 {result.event_f1:.3f})."
    )
    out.print(_table(result))
    out.print(
        f"Overall {result.per_second:,.0f} articles/s; peak memory {result.start_rss_mb:,.0f} → "
        f"{result.end_rss_mb:,.0f} MB, about {result.bytes_per_article / 1024:,.1f} KiB per "
        "article (the whole process: grouper state, index window and Python overhead)."
    )
