"""``storyline bench conflicts``: figure conflicts planted in real sentences, found or not.

Building the cases and scoring live in :mod:`storyline.bench.conflicts`; this
module reads the corpora, opens the vector cache and prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from storyline.chain import make_embedder
from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.models import Article
from storyline.settings import load_settings
from storyline.store import open_store

from .. import conflicts, conflicts_real
from ..cluster import load_corpus
from ..options import bench_vector_cache, cache_dir_option, corpus_argument, data_option
from ..summary import SEEDS_EVENT, read_seeds

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder
DEFAULT_SEEDS = "corpus/seeds"  # inside the benchmark data folder
DEFAULT_REAL = "corpus"  # inside the benchmark data folder


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
            f"[bold]{name}[/bold]",
            "",
            "",
            *(f"[bold]{_share(getattr(m, value))}[/bold]" for m in result.methods),
        )
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
@data_option(
    "--seeds",
    DEFAULT_SEEDS,
    folder=True,
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
@click.option(
    "--real",
    is_flag=True,
    help="Also score conflicts on real coverage against the labels made by reading.",
)
@data_option(
    "--real-corpora",
    DEFAULT_REAL,
    folder=True,
    help="Folder holding ecbplus-dev, newswcl50-dev, meter-dev and seeds (those present are used).",
)
@click.option(
    "--labels",
    type=click.Path(dir_okay=False, path_type=Path),
    default=conflicts_real.LABELS,
    help="Judged pairs (JSON lines) [default: the set shipped with Storyline].",
)
@click.option(
    "--unjudged",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --real: write the conflicts shown that no label judges to this file (JSON "
    "lines with both sentences and their neighbours) for a reviewer to fill in.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="With --unjudged: also write this many unjudged figure pairs per corpus, drawn at "
    "random from those not shown, for the recall estimate.",
)
@click.option(
    "--judged",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Add a reviewed --unjudged file (rows with verdict real, weak or not, and a "
    "reason) to the labels file, then stop.",
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
    real: bool,
    real_corpora: Path,
    labels: Path,
    unjudged: Path | None,
    sample: int,
    judged: Path | None,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Figure conflict detection on changes planted in real sentences.

    Sentences holding a figure are taken from CORPUS (a folder with gold.jsonl,
    as for `bench cluster`; gold events keep unrelated pairs apart) [default:
    $STORYLINE_SHARED/corpus/ecbplus-dev] and the seed articles. Each pair is a real
    sentence and a copy with a planted conflict (a changed number or duration,
    a flipped qualifier) or none (unchanged, reworded, converted units, an
    unrelated sentence). Prints precision, recall and F1 of Storyline's
    find_conflicts and of a naive numbers-differ baseline, and the share
    flagged per kind.

    With --real, Storyline also finds conflicts in the gold events of real
    multi-outlet coverage (ECB+ dev, NewsWCL50 dev, METER dev stories, the
    seeds as Storyline groups them) and scores each one shown against pairs of
    sentences a person judged by reading: real, weak (true but of little
    weight) or not. Precision counts only "real"; recall is the share of the
    pairs judged real that a conflict shown holds side by side. Conflicts whose
    sentences were never judged are counted apart ("unjudged").

    When a change shows conflicts nobody judged, --unjudged writes them out
    (--sample N adds N random pairs per corpus from those not shown, which
    the recall estimate rests on); read each pair, fill in "verdict" and
    "reason", and add them with --judged.

    \b
    Examples:
      storyline bench conflicts --real
      storyline bench conflicts --real --json > conflicts.json
      storyline bench conflicts --real --unjudged review.jsonl --sample 50
      storyline bench conflicts --judged review.jsonl
    """
    if judged is not None:
        added = _add_judged(judged, labels)
        err.print(f"{added} judged pairs added to {labels}")
        return
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
    scored = _real(real_corpora, labels, cache, as_json, unjudged, sample) if real else None
    if as_json:
        document = conflicts.result_document(result)
        if scored is not None:
            document["real"] = _real_document(*scored)
        emit_json(document)
        return
    out.print(_table(result))
    for note in result.notes:
        out.print(f"[dim]{escape(note)}[/dim]")
    if scored is not None:
        _print_real(*scored)


RealScores = tuple[
    list[conflicts_real.KindScore],
    list[conflicts_real.Label],
    dict[str, dict[str, tuple[int, int]]],
    int,
]


def _add_judged(reviewed: Path, labels_file: Path) -> int:
    rows = []
    for number, line in enumerate(reviewed.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{reviewed}:{number}", f"not JSON ({exc})") from exc
    try:
        new = conflicts_real.judged_rows(rows)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(str(reviewed), f"{exc}; fill in every row's verdict and reason") from exc
    old = conflicts_real.read_labels(labels_file)
    conflicts_real.write_labels(conflicts_real.merged(old, new), labels_file)
    return len(new)


def _real(
    root: Path,
    labels_file: Path,
    cache: Path,
    quiet: bool,
    unjudged: Path | None = None,
    sample: int = 0,
) -> RealScores:
    if not root.is_dir():
        raise InputError(str(root), "no such folder; pass the folder holding the corpora")
    settings = load_settings()
    corpora = conflicts_real.real_corpora(root, settings)
    if not corpora:
        raise InputError(str(root), "none of ecbplus-dev, newswcl50-dev, meter-dev, seeds here")
    labels = conflicts_real.read_labels(labels_file)
    surveys, per_story = [], {}
    parses = cache.with_name("bench-parses.db")
    with (
        open_store(cache) as vectors,
        open_store(parses) as parse_cache,
        render.progress_bar(err, enabled=not quiet) as progress,
    ):
        embedder = make_embedder(vectors, settings)
        for corpus in corpora:
            found = conflicts_real.survey_corpus(
                corpus, embedder, parse_cache, progress, conflicts_real.ALL_CANDIDATES
            )
            surveys.append(found)
            if corpus.story_of:
                per_story[corpus.name] = conflicts_real.per_story(found, corpus, labels)
    stale = len(conflicts_real.stale_labels(surveys, labels))
    if unjudged is not None:
        rows = conflicts_real.unjudged(surveys, corpora, labels, sample)
        unjudged.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        drawn = sum(1 for r in rows if r["origin"] == conflicts_real.SAMPLE)
        err.print(
            f"{len(rows)} pairs to judge written to {unjudged}: {len(rows) - drawn} conflicts "
            f"shown without a label, {drawn} drawn at random from those not shown"
        )
    return conflicts_real.score_real(surveys, labels), labels, per_story, stale


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _print_real(
    rows: list[conflicts_real.KindScore],
    labels: list[conflicts_real.Label],
    per_story: dict[str, dict[str, tuple[int, int]]],
    stale: int,
) -> None:
    table = Table(
        title=f"Conflicts shown on real coverage, judged against {len(labels)} labelled pairs",
        title_justify="left",
        caption="precision: judged real / judged. Judged real shown: pairs judged real that a "
        "difference shown holds. Est. missed: real disagreements among the figure pairs not "
        "shown, known (judged real) plus estimated from the random sample; est. recall: real "
        "shown / (real shown + est. missed)",
    )
    for name in (
        "corpus",
        "kind",
        "shown",
        "real",
        "weak",
        "not",
        "unjudged",
        "precision",
        "judged real shown",
        "est. missed",
        "est. recall",
    ):
        table.add_column(name, justify="left" if name in ("corpus", "kind") else "right")
    for row in rows:
        if not row.flagged and not row.labelled_real:
            continue
        bold = row.corpus == "all"
        cells = [
            row.corpus,
            row.kind,
            str(row.flagged),
            str(row.real),
            str(row.weak),
            str(row.not_real),
            str(row.unjudged),
            _ratio(row.precision),
            f"{row.found}/{row.labelled_real}" if row.labelled_real else "–",
            f"{row.missed:.0f}" if row.candidates else "–",
            _ratio(row.estimated_recall),
        ]
        table.add_row(*(f"[bold]{c}[/bold]" if bold else c for c in cells))
    out.print(table)
    for corpus, stories in per_story.items():
        shown = ", ".join(f"{s} {n} ({r} real)" for s, (n, r) in stories.items())
        out.print(f"{corpus}, conflicts shown per gold story: {escape(shown) or 'none'}")
    if stale:
        err.print(
            f"[yellow]{stale} labels point at sentences that now read differently "
            "(ingest changed): re-judge them.[/yellow]"
        )


def _real_document(
    rows: list[conflicts_real.KindScore],
    labels: list[conflicts_real.Label],
    per_story: dict[str, dict[str, tuple[int, int]]],
    stale: int,
) -> dict[str, object]:
    return {
        "labels": len(labels),
        "stale_labels": stale,
        "scores": [
            {
                "corpus": r.corpus,
                "kind": r.kind,
                "shown": r.flagged,
                "real": r.real,
                "weak": r.weak,
                "not": r.not_real,
                "unjudged": r.unjudged,
                "precision": r.precision,
                "recall": r.recall,
                "found": r.found,
                "labelled_real": r.labelled_real,
                "candidates": r.candidates,
                "sampled": r.sampled,
                "sampled_real": r.sampled_real,
                "known_missed": r.known_missed,
                "estimated_missed": round(r.missed, 1),
                "estimated_recall": r.estimated_recall,
            }
            for r in rows
        ],
        "per_story": {
            corpus: {s: {"shown": n, "real": r} for s, (n, r) in stories.items()}
            for corpus, stories in per_story.items()
        },
    }
