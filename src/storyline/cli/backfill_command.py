"""`storyline backfill`: a large archive, with the per-article work on Dask workers."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..backfill import PARTITION_BYTES, BackfillReport, DaskExecutor, Executor, LocalExecutor
from ..backfill import backfill as run_backfill
from ..store import open_store
from . import render
from .common import (
    db_option,
    emit_json,
    err,
    friendly_errors,
    json_option,
    limits_option,
    out,
    print_skipped,
    settings_for,
    store_name,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@limits_option
@click.option(
    "--scheduler",
    default="local",
    show_default=True,
    metavar="local|none|ADDRESS",
    help="Where partitions run: 'local' starts a Dask cluster on this machine, 'none' runs "
    "them in this process, an address such as tcp://10.0.0.5:8786 uses a running cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=2,
    show_default=True,
    help="Worker processes of a local cluster (one thread each).",
)
@click.option(
    "--partition-mb",
    type=click.FloatRange(0.01, 1024),
    default=PARTITION_BYTES / 2**20,
    show_default=True,
    help="Input megabytes per partition (a file is never split).",
)
@friendly_errors
def backfill(
    paths: tuple[Path, ...],
    db: Path | None,
    as_json: bool,
    max_input_bytes: int | None,
    max_article_chars: int | None,
    scheduler: str,
    workers: int,
    partition_mb: float,
) -> None:
    """Ingest and analyse a large archive, spreading the per-article work out.

    \b
    Reading, embedding and parsing run as partitions on Dask workers; this
    process stores each finished partition, in input order, then groups the
    articles into events and stories and traces lineage once, exactly as
    `storyline analyze` would: the events equal a single-process run's.
    Interrupted? Run the same command again: committed work is skipped and
    nothing is stored twice.

    \b
    Examples:
      storyline backfill ~/archive/ --db news.db                 # 2 local workers
      storyline backfill ~/archive/ --workers 8 --partition-mb 16
      storyline backfill /mnt/warc/ --db postgresql://news@db/storyline \\
          --scheduler tcp://10.0.0.5:8786                        # a running cluster
    """
    settings = settings_for(
        db, max_input_bytes=max_input_bytes, max_article_chars=max_article_chars
    )
    executor: Executor
    with (
        _executor(scheduler, workers) as executor,
        open_store(settings.store_location) as store,
        render.progress_bar(err, enabled=not as_json) as progress,
    ):
        report = run_backfill(
            store,
            settings.store_location,
            paths,
            settings,
            executor,
            progress,
            target_bytes=int(partition_mb * 2**20),
        )
    if as_json:
        emit_json(_document(report, store_name(settings)))
    else:
        _print(report, store_name(settings))
    if report.failed:
        raise SystemExit(1)


class _InProcess(LocalExecutor):
    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _executor(scheduler: str, workers: int) -> DaskExecutor | _InProcess:
    return _InProcess() if scheduler == "none" else DaskExecutor(scheduler, workers)


def _document(report: BackfillReport, db: str) -> dict[str, object]:
    return {
        "db": db,
        "partitions": report.partitions,
        "articles": report.articles,
        "stored": report.stored,
        "unchanged": report.unchanged,
        "vectors_computed": report.vectors_computed,
        "parsed": report.parsed,
        "events": report.events,
        "stories": report.stories,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "failed": [
            {"partition": f.index, "paths": list(f.paths), "reason": f.reason}
            for f in report.failed
        ],
        "workers": list(report.workers),
        "seconds": {
            "per_article_stages": round(report.seconds_per_article_stage, 3),
            "cross_article_stages": round(report.seconds_cross_article, 3),
        },
    }


def _print(report: BackfillReport, db: str) -> None:
    print_skipped(report.skipped)
    for failed in report.failed:
        err.print(
            f"[bold red]partition {failed.index} failed[/bold red] after retries "
            f"({len(failed.paths)} file(s), first {escape(failed.paths[0])}): "
            f"{escape(failed.reason)}. Its files are not stored; run the command again."
        )
    table = Table(title=f"Backfill → {escape(db)}", show_header=False)
    table.add_row("partitions", f"{report.partitions} on {len(report.workers)} worker(s)")
    table.add_row("articles", f"{report.stored} new, {report.unchanged} already stored")
    table.add_row(
        "work done",
        f"{report.vectors_computed} sentences embedded, {report.parsed} articles parsed",
    )
    table.add_row("grouping", f"{report.events} events in {report.stories} stories")
    table.add_row(
        "time",
        f"{report.seconds_per_article_stage:.1f} s per-article stages, "
        f"{report.seconds_cross_article:.1f} s grouping and lineage",
    )
    out.print(table)
