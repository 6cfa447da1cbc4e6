"""``storyline bench pipeline``: the whole analyze, files to stored briefs, at several sizes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from storyline.cli.common import emit_json, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings

from ..data import shared
from ..pipeline import STAGES, PipelineRun, PipelineSize, corpus_files, run_pipeline
from ..stream_text import stream_files

DEFAULT_CORPORA = ("corpus/ecbplus-dev/docs", "corpus/meter-dev/docs")  # in the data folder
# The target on this 2-core machine, end to end.
TARGET_PER_SECOND = 20.0


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise click.BadParameter(
            "give sizes as whole numbers separated by commas: 200,1000"
        ) from None
    if not sizes or sizes[0] < 1:
        raise click.BadParameter("give at least one size of 1 article or more")
    return sizes


@click.command("pipeline")
@click.argument("corpora", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--sizes",
    default="200",
    show_default=True,
    help="Articles per run, comma-separated (e.g. 200,1000,10000); each size runs "
    "cold, warm and the floor.",
)
@click.option(
    "--workdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the throwaway stores go [default: the system's temporary folder].",
)
@click.option(
    "--floor-up-to",
    type=click.IntRange(min=0),
    default=2000,
    show_default=True,
    help="Run the floor only for sizes up to this many articles (at 10,000 it "
    "takes as long as the cold run and tells nothing new).",
)
@json_option
@friendly_errors
def command(
    corpora: tuple[Path, ...], sizes: str, workdir: Path | None, floor_up_to: int, as_json: bool
) -> None:
    """Articles per second and peak memory of the whole `analyze`, files to stored briefs.

    \b
    For each size, three runs, each in its own process:
      cold   a fresh store: every sentence embedded, every article parsed;
      warm   `analyze` again on that store: vectors and parses from its caches;
      floor  one embedding pass over the same sentences and one spaCy pass over
             the same texts: what any pipeline on these two models must pay.
    Model loading is timed apart and left out of the rate. CORPORA are folders
    of .txt articles, dealt in turn [default: ECB+ dev and METER dev beside the
    project]. A growing cost per article from size to size shows work that grows
    faster than the corpus.

    \b
    A size beyond the corpora's files is filled with copies of their real text
    with every name swapped for another and every number moved (copy n adds n),
    so each copy is new stories in the same words; sentences with neither still
    repeat and come from the vector cache, and the report says how many.

    \b
    Example:
      storyline bench pipeline --sizes 200,1000,10000
    """
    folders = corpora or tuple(shared(folder) for folder in DEFAULT_CORPORA)
    for folder in folders:
        if not folder.is_dir():
            raise InputError(str(folder), "not a folder; give folders of .txt articles")
    settings = load_settings()
    results = []
    wanted = _sizes(sizes)
    real = corpus_files(folders, max(wanted))
    with tempfile.TemporaryDirectory(dir=workdir) as copies:
        for size in wanted:
            files = stream_files(real, size, Path(copies))
            floor = size <= floor_up_to
            results.append(run_pipeline(files, settings, workdir, floor=floor))
    if as_json:
        emit_json(
            {
                "benchmark": "pipeline",
                "corpora": [str(f) for f in folders],
                "target_articles_per_second": TARGET_PER_SECOND,
                "sizes": [_size_json(r) for r in results],
            }
        )
        return
    for result in results:
        out.print(_size_table(result))
        out.print(_stage_table(result))
    if len(results) > 1:
        first, last = results[0].cold, results[-1].cold
        ratio = (last.seconds / last.articles) / (first.seconds / first.articles)
        out.print(
            f"Cost per article, cold, at {last.articles:,} against {first.articles:,}: "
            f"{ratio:.2f}× (flat is 1.0; the issue allows 1.3×)"
        )


def _run_json(run: PipelineRun) -> dict[str, Any]:
    return {
        "articles": run.articles,
        "seconds": round(run.seconds, 2),
        "articles_per_second": round(run.per_second, 2),
        "load_seconds": round(run.load_seconds, 2),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "stages": {name: round(seconds, 2) for name, seconds in run.stages},
    }


def _size_json(result: PipelineSize) -> dict[str, Any]:
    return {
        "articles": result.articles,
        "sentences": result.sentences,
        "distinct_sentences": result.distinct_sentences,
        "cold": _run_json(result.cold),
        "warm": _run_json(result.warm),
        "floor": _run_json(result.floor) if result.floor else None,
    }


def _size_table(result: PipelineSize) -> Table:
    table = Table(
        title=f"Whole analyze on {result.articles:,} articles "
        f"({result.sentences:,} sentences, {result.distinct_sentences:,} distinct), "
        "files to stored briefs"
    )
    table.add_column("run")
    table.add_column("articles/s", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("model load s", justify="right")
    table.add_column("peak MB", justify="right")
    rows = (
        ("Storyline, cold (fresh store)", result.cold),
        ("Storyline, warm (cached vectors and parses)", result.warm),
        ("floor: embedding model + spaCy, one pass each", result.floor),
    )
    for name, run in rows:
        if run is None:
            table.add_row(name, "skipped", "", "", "")
            continue
        table.add_row(
            name,
            f"{run.per_second:.1f}",
            f"{run.seconds:.1f}",
            f"{run.load_seconds:.1f}",
            f"{run.peak_rss_mb:,.0f}",
        )
    table.add_row("target (issue #22)", f"{TARGET_PER_SECOND:.0f}", "", "", "")
    return table


def _stage_table(result: PipelineSize) -> Table:
    table = Table(
        title="Seconds per stage (each stretch of a stage's progress reports owns "
        "the time since the stretch before)"
    )
    table.add_column("stage")
    for label in ("cold", "warm", "floor"):
        table.add_column(label, justify="right")
    names: list[str] = []
    runs = (result.cold, result.warm, result.floor)
    for run in runs:
        names += [n for n, _ in run.stages if n not in names] if run else []
    order = {name: i for i, name in enumerate(STAGES)}
    names.sort(key=lambda n: order.get(n, len(order)))
    for name in names:
        cells = [dict(run.stages).get(name) if run else None for run in runs]
        table.add_row(name, *("" if c is None else f"{c:.1f}" for c in cells))
    return table
