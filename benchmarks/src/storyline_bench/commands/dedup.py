"""``storyline bench dedup``: copies and rewrites found, MinHash beside lineage.

Plants copies and rewrites of real ECB+ articles (:mod:`storyline.bench.dedup_corpus`),
scores each method (:mod:`storyline.bench.dedup`) and, with ``--scale``, times
the lineage pass on synthetic streams of real sentences
(:mod:`storyline.bench.dedup_scale`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store

from ..dedup import RECALL_ROWS, DedupResult, cached_embedder, run_dedup, score_rows
from ..dedup_corpus import kinds_of, load_originals, plant
from ..dedup_scale import ScalePoint, measure_scale
from ..options import bench_vector_cache, cache_dir_option, data_option

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder
DEFAULT_SOURCES = 140


def _sizes(values: tuple[str, ...]) -> list[int]:
    """``--scale 10000 --scale 30k,100k`` -> [10000, 30000, 100000]."""
    sizes = []
    for value in values:
        for part in value.split(","):
            text = part.strip().lower()
            if not text:
                continue
            factor = 1000 if text.endswith("k") else 1
            try:
                sizes.append(int(text.rstrip("k")) * factor)
            except ValueError as exc:
                raise click.BadParameter(
                    f"{part!r} is not a number of articles", param_hint="--scale"
                ) from exc
    return sorted(set(sizes))


# -- tables -----------------------------------------------------------------------
def _f(value: float) -> str:
    return f"{value:.3f}"


def _methods_table(result: DedupResult) -> Table:
    table = Table(title="Pairs found: precision, recall, F1")
    names = (
        "method",
        "P",
        "R",
        "F1",
        "predicted",
        "TP",
        "FP",
        "hard FP",
        "unknown",
        "ECB+ pairs",
        "s",
    )
    for name in names:
        table.add_column(name, justify="left" if name == "method" else "right")
    for s in result.scores:
        table.add_row(
            s.method,
            _f(s.precision),
            _f(s.recall),
            _f(s.f1),
            str(s.predicted),
            str(s.true_positives),
            str(s.false_positives),
            str(s.hard_false_positives),
            str(s.unknown_linked),
            str(s.originals_linked),
            f"{s.seconds:.2f}",
        )
    return table


def _kinds_table(result: DedupResult) -> Table:
    table = Table(title="Recall by planted kind (sibling: two planted articles of one source)")
    table.add_column("kind")
    table.add_column("n", justify="right")
    table.add_column("containment", justify="right")
    for s in result.scores:
        table.add_column(s.method.replace("Lineage ", ""), justify="right")
    counts = dict(result.corpus.planted, sibling=result.corpus.sibling_pairs)
    for kind in RECALL_ROWS:
        contained = result.corpus.containment.get(kind)
        table.add_row(
            kind,
            str(counts.get(kind, 0)),
            _f(contained) if contained is not None else "",
            *(
                _f(s.recall_by_kind[kind]) if kind in s.recall_by_kind else ""
                for s in result.scores
            ),
        )
    return table


def _throughput_table(result: DedupResult) -> Table:
    t = result.throughput
    table = Table(title="Throughput")
    table.add_column("stage")
    table.add_column("items", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("rate", justify="right")
    # On a rerun every vector comes from the cache: the model rate is then unknown.
    model_rate = (
        f"{t.model_sentences_per_second:.0f} sentences/s" if t.fresh_sentences else "all cached"
    )
    table.add_row(
        "embedding (model, uncached)",
        f"{t.fresh_sentences} sentences",
        f"{t.model_seconds:.1f}",
        model_rate,
    )
    table.add_row(
        "embedding (with cache)",
        f"{t.articles} articles",
        f"{t.embed_seconds:.1f}",
        f"{t.articles / t.embed_seconds if t.embed_seconds else 0:.0f} articles/s",
    )
    table.add_row(
        "lineage pass (gold events)",
        f"{t.articles} articles",
        f"{t.lineage_seconds:.2f}",
        f"{t.lineage_articles_per_second:.0f} articles/s",
    )
    table.add_row("own grouping", f"{t.articles} articles", f"{t.grouping_seconds:.2f}", "")
    return table


def _scale_table(points: list[ScalePoint]) -> Table:
    table = Table(title="Lineage pass at scale (real sentences and vectors, no embedding)")
    for name in (
        "articles",
        "events",
        "sentences",
        "planted",
        "links",
        "seconds",
        "articles/s",
        "ms/article",
        "MinHash s",
    ):
        table.add_column(name, justify="right")
    for p in points:
        table.add_row(
            f"{p.articles:,}",
            f"{p.events:,}",
            f"{p.sentences:,}",
            f"{p.derived:,}",
            f"{p.links:,}",
            f"{p.seconds:.1f}",
            f"{p.articles_per_second:.0f}",
            f"{p.ms_per_article:.2f}",
            f"{p.minhash_seconds:.1f}",
        )
    return table


def _examples_table(result: DedupResult) -> Table:
    table = Table(title="Some errors, to read")
    for name in ("method", "error", "kind / truth", "a", "b"):
        table.add_column(name)
    for e in result.examples:
        table.add_row(e.method, e.error, e.kind, escape(e.names[0]), escape(e.names[1]))
    return table


def _print(result: DedupResult, points: list[ScalePoint]) -> None:
    c = result.corpus
    out.print(
        f"{c.originals} ECB+ articles, {sum(c.planted.values())} planted "
        f"({c.source_pairs} source pairs, {c.sibling_pairs} sibling pairs); "
        f"{c.hard_negatives} hard-negative pairs; {c.unknown} unknown pairs not scored; "
        f"{c.gold_events} gold events, {c.own_events} own events "
        f"({c.planted_with_source:.0%} of planted articles grouped with their source)."
    )
    for table in (_methods_table(result), _kinds_table(result), _throughput_table(result)):
        out.print(table)
    if points:
        out.print(_scale_table(points))
    if result.examples:
        out.print(_examples_table(result))
    out.print(f"[dim]{escape(result.unknown_note)}[/dim]")


def _document(
    result: DedupResult, points: list[ScalePoint], settings: dict[str, Any]
) -> dict[str, Any]:
    t = result.throughput
    c = result.corpus
    return {
        "benchmark": "dedup",
        "settings": settings,
        "corpus": {
            "originals": c.originals,
            "planted": c.planted,
            "positives": c.positives,
            "source_pairs": c.source_pairs,
            "sibling_pairs": c.sibling_pairs,
            "hard_negatives": c.hard_negatives,
            "unknown": c.unknown,
            "gold_events": c.gold_events,
            "own_events": c.own_events,
            "planted_with_source": round(c.planted_with_source, 4),
            "containment": {k: round(v, 4) for k, v in c.containment.items()},
        },
        "methods": score_rows(result),
        "throughput": {
            "articles": t.articles,
            "sentences": t.sentences,
            "fresh_sentences": t.fresh_sentences,
            "model_seconds": round(t.model_seconds, 3),
            "model_sentences_per_second": round(t.model_sentences_per_second, 1),
            "embed_seconds": round(t.embed_seconds, 3),
            "lineage_seconds": round(t.lineage_seconds, 3),
            "lineage_articles_per_second": round(t.lineage_articles_per_second, 1),
            "grouping_seconds": round(t.grouping_seconds, 3),
        },
        "scale": [
            {
                "articles": p.articles,
                "events": p.events,
                "sentences": p.sentences,
                "planted": p.derived,
                "links": p.links,
                "seconds": round(p.seconds, 3),
                "articles_per_second": round(p.articles_per_second, 1),
                "ms_per_article": round(p.ms_per_article, 4),
                "minhash_seconds": round(p.minhash_seconds, 3),
            }
            for p in points
        ],
        "examples": [
            {
                "method": e.method,
                "error": e.error,
                "kind": e.kind,
                "a": e.a,
                "b": e.b,
                "names": list(e.names),
            }
            for e in result.examples
        ],
        "unknown_note": result.unknown_note,
    }


# -- the command ------------------------------------------------------------------
@click.command("dedup")
@data_option(
    "--corpus",
    DEFAULT_CORPUS,
    folder=True,
    help="ECB+ folder holding docs/*.txt and gold.jsonl.",
)
@click.option(
    "--sources",
    type=click.IntRange(1),
    default=DEFAULT_SOURCES,
    show_default=True,
    help="Source articles to plant copies and rewrites from (three each).",
)
@click.option(
    "--stories",
    type=click.IntRange(1),
    default=None,
    help="Use only this many gold stories (sampled) for a quick run [default: all].",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for every sample.")
@click.option(
    "--scale",
    multiple=True,
    help="Also time the lineage pass on synthetic streams of these sizes "
    "(repeatable or comma-separated; 10k = 10000).",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    sources: int,
    stories: int | None,
    seed: int,
    scale: tuple[str, ...],
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Copy and rewrite detection: MinHash alone vs lineage, on planted ECB+ copies.

    Plants exact copies, boilerplate-framed copies, truncations, reorderings,
    synonym and clause rewrites and heavy rewrites of real articles, then
    scores every method on them. Pairs of different ECB+ articles of one
    event are not scored: ECB+ holds real copies among them.
    """
    sizes = _sizes(scale)
    if not (corpus / "gold.jsonl").is_file() or not (corpus / "docs").is_dir():
        raise InputError(
            str(corpus), "not an ECB+ folder (needs docs/ and gold.jsonl); see --corpus"
        )
    settings = load_settings()
    originals, gold = load_originals(corpus, settings, stories, seed)
    planted = plant(originals, gold, sources, seed)
    cache = bench_vector_cache(cache_dir)
    with open_store(cache) as store, render.progress_bar(err, enabled=not as_json) as progress:
        embedder, timed = cached_embedder(store, settings)
        result, embedded = run_dedup(planted, embedder, progress, timed)
        points = []
        for done, size in enumerate(sizes, start=1):
            points += measure_scale(planted, embedded, [size], seed)
            progress("scale", done, len(sizes))
    if as_json:
        options = {
            "corpus": str(corpus),
            "sources": sources,
            "stories": stories,
            "seed": seed,
            "planted_by_kind": kinds_of(planted.planted),
            "scale": sizes,
        }
        emit_json(_document(result, points, options))
        return
    _print(result, points)
