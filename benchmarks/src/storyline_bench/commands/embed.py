"""``storyline bench embed``: sentences per second and vector fidelity, torch vs onnx-int8."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from rich.table import Table

from storyline.chain import make_embedder
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.nlp.embed import make_model_embedder
from storyline.settings import EMBEDDING_BACKENDS, Settings, load_settings
from storyline.store import open_store

from ..cluster import load_corpus
from ..data import in_shared
from ..embed_speed import (
    PUBLISHED,
    EmbedBench,
    GroupingRow,
    corpus_sentences,
    grouping_by_backend,
    run,
)
from ..options import bench_vector_cache, cache_dir_option

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder
REFERENCE, CANDIDATE = EMBEDDING_BACKENDS  # torch is the baseline, onnx-int8 the challenger


def _articles(corpus: Path, settings: Settings) -> list[Article]:
    if not corpus.exists():
        raise InputError(str(corpus), "no such file or folder")
    inputs = [corpus / "docs"] if (corpus / "docs").is_dir() else [corpus]
    return [a for a in read_inputs(inputs, settings) if isinstance(a, Article)]


def _backend(settings: Settings, name: str) -> Settings:
    return replace(settings, embedding_backend=name)


def _document(result: EmbedBench, grouping: list[GroupingRow], corpus: Path) -> dict[str, object]:
    f = result.fidelity
    return {
        "corpus": str(corpus),
        "sentences": result.sentences,
        "words_per_sentence": round(result.words_per_sentence, 1),
        "rows": [
            {
                "backend": r.method,
                "seconds": round(r.seconds, 2),
                "sentences_per_second": round(r.per_second, 1),
            }
            for r in result.rows
        ],
        "speedup": round(result.speedup, 2),
        "fidelity": {
            "min_cosine": round(f.min_cosine, 4),
            "mean_cosine": round(f.mean_cosine, 4),
            "top5_overlap": round(f.top5_overlap, 3),
        },
        "grouping_bcubed_f1": [
            {"backend": g.backend, "event": round(g.event_f1, 4), "story": round(g.story_f1, 4)}
            for g in grouping
        ],
        "published": {
            "source": PUBLISHED.source,
            "torch_sentences_per_second": list(PUBLISHED.torch_per_second),
            "onnx_int8_sentences_per_second": PUBLISHED.onnx_int8_per_second,
            "min_cosine": PUBLISHED.min_cosine,
            "mean_cosine": PUBLISHED.mean_cosine,
            "top5_overlap": PUBLISHED.top5_overlap,
        },
    }


def _print(result: EmbedBench, grouping: list[GroupingRow]) -> None:
    speed = Table(
        title=f"Embedding speed on {result.sentences:,} real sentences "
        f"({result.words_per_sentence:.0f} words each on average)"
    )
    for name in ("backend", "seconds", "sentences/s"):
        speed.add_column(name, justify="left" if name == "backend" else "right")
    for r in result.rows:
        label = f"{r.method} (baseline)" if r.method == REFERENCE else r.method
        speed.add_row(label, f"{r.seconds:.1f}", f"{r.per_second:.0f}")
    low, high = PUBLISHED.torch_per_second
    speed.add_row(f"published: {REFERENCE} (library guide*)", "", f"{low:.0f}–{high:.0f}")
    speed.add_row(
        f"published: {CANDIDATE} (library guide*)", "", f"{PUBLISHED.onnx_int8_per_second:.0f}"
    )
    out.print(speed)
    out.print(f"{CANDIDATE} is {result.speedup:.2f}× the speed of {REFERENCE} here.")

    quality = Table(title=f"{CANDIDATE} vectors against {REFERENCE}'s, sentence by sentence")
    for name in ("", "min cosine", "mean cosine", "top-5 neighbour overlap"):
        quality.add_column(name, justify="left" if not name else "right")
    f = result.fidelity
    quality.add_row(
        "measured here", f"{f.min_cosine:.3f}", f"{f.mean_cosine:.3f}", f"{f.top5_overlap:.2f}"
    )
    quality.add_row(
        "published (library guide*)",
        f"{PUBLISHED.min_cosine:.3f}",
        f"{PUBLISHED.mean_cosine:.3f}",
        f"{PUBLISHED.top5_overlap:.2f}",
    )
    out.print(quality)
    out.print(f"[dim]* {PUBLISHED.source}[/dim]")
    if grouping:
        table = Table(title="Storyline's grouping against gold with each backend (B³ F1)")
        for name in ("backend", "event", "story"):
            table.add_column(name, justify="left" if name == "backend" else "right")
        for g in grouping:
            table.add_row(g.backend, f"{g.event_f1:.3f}", f"{g.story_f1:.3f}")
        out.print(table)


@click.command("embed")
@click.argument(
    "corpus", type=click.Path(path_type=Path), default=in_shared(DEFAULT_CORPUS), required=False
)
@click.option(
    "--limit",
    type=click.IntRange(min=2),
    default=1000,
    show_default=True,
    help="Embed this many distinct sentences (the first, by file name).",
)
@click.option(
    "--grouping",
    is_flag=True,
    help="Also score Storyline's event and story grouping on CORPUS/gold.jsonl "
    "with each backend (embeds the whole corpus; vectors are cached).",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path, limit: int, grouping: bool, cache_dir: Path | None, as_json: bool
) -> None:
    """Embedding speed and fidelity: the onnx-int8 backend against torch.

    CORPUS is any folder or file Storyline can ingest; a folder with docs/ is
    read from there [default: $STORYLINE_SHARED/corpus/ecbplus-dev]. Both backends
    embed the same sentences in this process, torch first, after loading
    their model. Fidelity is the cosine between the two vectors of each
    sentence and how many of each sentence's 5 nearest neighbours stay the
    same. The int8 model is built first if it is missing (a few seconds).
    """
    settings = load_settings()
    texts = corpus_sentences(_articles(corpus, settings), limit)
    if len(texts) < 2:
        raise InputError(str(corpus), "fewer than two sentences here; pass a folder of articles")
    if not as_json:
        err.print(f"Embedding {len(texts):,} sentences with {REFERENCE}, then {CANDIDATE}…")
    result = run(
        texts,
        (REFERENCE, make_model_embedder(_backend(settings, REFERENCE))),
        (CANDIDATE, make_model_embedder(_backend(settings, CANDIDATE))),
    )
    rows: list[GroupingRow] = []
    if grouping:
        if not as_json:
            err.print("Scoring the grouping with each backend (cached vectors are reused)…")
        loaded = load_corpus(corpus, settings)
        with open_store(bench_vector_cache(cache_dir)) as store:
            embedders = {b: make_embedder(store, _backend(settings, b)) for b in EMBEDDING_BACKENDS}
            rows = grouping_by_backend(loaded, embedders)
    if as_json:
        emit_json(_document(result, rows, corpus))
        return
    _print(result, rows)
    if not grouping:
        out.print("[dim]Add --grouping to score event and story grouping with each backend.[/dim]")
