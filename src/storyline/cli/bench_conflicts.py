"""``storyline bench conflicts``: figure conflicts planted in real sentences, found or not.

Building the cases and scoring live in :mod:`storyline.bench.conflicts`; this
module reads the corpora, opens the vector cache and prints.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..bench import conflicts
from ..bench.cluster import load_corpus
from ..bench.summary import SEEDS_EVENT, read_seeds
from ..chain import make_embedder
from ..errors import InputError
from ..models import Article
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
DEFAULT_SEEDS = Path("../shared/corpus/seeds")


def _share(value: float) -> str:
    return f"{100 * value:.1f}"


def _table(result: conflicts.ConflictResult) -> Table:
    table = Table(
        title=f"Figure conflicts on {len(result.cases)} planted pairs from "
        f"{result.sources} real sentences (seed {result.seed})",
        title_justify="left",
        caption="conflict kinds: share flagged = recall; clean kinds: share flagged = false alarms",
    )
    table.add_column("kind")
    table.add_column("conflict?")
    table.add_column("pairs", justify="right")
    for m in result.methods:
        table.add_column(f"{m.method} % flagged", justify="right")
    for i, kind in enumerate(result.methods[0].kinds):
        table.add_row(
            kind.kind,
            "yes" if kind.conflict else "no",
            str(kind.cases),
            *(_share(m.kinds[i].flagged_share) for m in result.methods),
            end_section=kind.kind == conflicts.CONFLICT_KINDS[-1],
        )
    table.add_section()
    for name, value in (("precision %", "precision"), ("recall %", "recall"), ("F1 %", "f1")):
        table.add_row(
            f"[bold]{name}[/bold]", "", "",
            *(f"[bold]{_share(getattr(m, value))}[/bold]" for m in result.methods),
        )  # fmt: skip
    return table


def _sources(corpus: Path, seeds: Path | None) -> list[tuple[str, str, Article]]:
    settings = load_settings()
    loaded = load_corpus(corpus, settings)
    found = [
        (loaded.doc_of[a.id], loaded.gold.event_of[loaded.doc_of[a.id]], a) for a in loaded.articles
    ]
    if seeds is not None:
        found += [(Path(a.path).stem, SEEDS_EVENT, a) for a in read_seeds(seeds, settings)]
    return found


@click.command("conflicts")
@corpus_argument(DEFAULT_CORPUS)
@click.option(
    "--seeds",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SEEDS,
    show_default=True,
    help="Folder of articles whose sentences are used too (the product's seed articles).",
)
@click.option("--no-seeds", is_flag=True, help="Use the corpus sentences only.")
@click.option(
    "--per-kind",
    type=click.IntRange(min=1),
    default=conflicts.DEFAULT_PER_KIND,
    show_default=True,
    help="Pairs built for each kind of change.",
)
@click.option(
    "--seed",
    type=int,
    default=conflicts.DEFAULT_SEED,
    show_default=True,
    help="Seed for choosing sentences and changes.",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    seeds: Path,
    no_seeds: bool,
    per_kind: int,
    seed: int,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Figure conflict detection on changes planted in real sentences.

    Sentences holding a figure are taken from CORPUS (a folder with gold.jsonl,
    as for `bench cluster`; gold events keep unrelated pairs apart) [default:
    ../shared/corpus/ecbplus-dev] and the seed articles. Each pair is a real
    sentence and a copy with a planted conflict (a changed number or duration,
    a flipped qualifier) or none (unchanged, reworded, converted units, an
    unrelated sentence). Prints precision, recall and F1 of Storyline's
    find_conflicts and of a naive numbers-differ baseline, and the share
    flagged per kind.
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    sources = conflicts.source_sentences(_sources(corpus, None if no_seeds else seeds))
    if not sources:
        raise InputError(str(corpus), "no sentence with a figure found")
    cache = bench_vector_cache(cache_dir)
    with open_store(cache) as store, render.progress_bar(err, enabled=not as_json) as progress:
        result = conflicts.evaluate(
            sources,
            make_embedder(store, load_settings()),
            per_kind=per_kind,
            seed=seed,
            progress=progress,
        )
    if as_json:
        _emit_json(conflicts.result_document(result))
        return
    out.print(_table(result))
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/dim]")
