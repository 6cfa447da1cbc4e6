"""``storyline bench scale``: throughput and memory against archive size, and a plan."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from rich.table import Table

from storyline.backfill import DaskExecutor, LocalExecutor, warm_up
from storyline.chain import embed_articles, featurize, make_embedder
from storyline.cli import render
from storyline.cli.common import emit_json, err, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store

from ..cluster import load_corpus
from ..options import bench_vector_cache, cache_dir_option, corpus_argument
from ..scale import (
    PUBLISHED_DASK_SPEEDUP,
    Plan,
    SizePoint,
    StageRun,
    cost_curve_svg,
    plan,
    store_and_group,
    time_stages,
    worker_rss_mb,
)
from ..stream import templates_from

DEFAULT_CORPUS = "corpus/ecbplus-dev"  # inside the benchmark data folder


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "").replace(",", "")) for part in text.split()})
    except ValueError as exc:
        raise click.BadParameter("give sizes as numbers, e.g. '10000 100000'") from exc
    if not sizes or sizes[0] < 100:
        raise click.BadParameter("every size must be at least 100 articles")
    return sizes


@click.command("scale")
@corpus_argument(DEFAULT_CORPUS)
@click.option(
    "--sizes",
    default="10000 100000 1000000",
    show_default=True,
    help="Store and grouping sizes to measure, space-separated.",
)
@click.option(
    "--stage-articles",
    type=click.IntRange(min=10),
    default=200,
    show_default=True,
    help="Real articles timed through the per-article stages.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Workers of the local Dask cluster.",
)
@click.option(
    "--plan-articles",
    type=click.IntRange(min=1),
    default=100_000_000,
    show_default=True,
    help="Archive size the plan is written for.",
)
@click.option(
    "--plan-workers",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Workers the plan assumes.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the cost curve as an SVG file here (e.g. docs/scale.svg).",
)
@click.option(
    "--postgres",
    metavar="URL",
    default=None,
    help="Also write and search each size on this PostgreSQL server (its user "
    "must be allowed to create databases; each one is dropped after).",
)
@cache_dir_option
@json_option
@friendly_errors
def command(
    corpus: Path,
    sizes: str,
    stage_articles: int,
    workers: int,
    plan_articles: int,
    plan_workers: int,
    plot: Path | None,
    postgres: str | None,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Throughput and memory of a backfill against its size, and a plan for a larger one.

    \b
    1. The per-article stages (read, embed, parse) on --stage-articles real
       articles of CORPUS, from an empty cache: in one process, then on a local
       Dask cluster of --workers workers.
    2. For each of --sizes: synthetic articles built from CORPUS's real text and
       embeddings are written to a fresh SQLite store and placed by the online
       grouper; time and memory per article.
    3. A plan for --plan-articles articles on --plan-workers workers, derived
       from those figures.
    """
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such folder; pass a folder holding gold.jsonl")
    wanted = _sizes(sizes)
    settings = load_settings()
    loaded = load_corpus(corpus, settings)
    articles = list(loaded.articles)
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as work:
        workdir = Path(work)
        with render.progress_bar(err, enabled=not as_json) as progress:
            paths = sorted(Path(a.path) for a in articles)[:stage_articles]
            single, _ = time_stages(
                paths,
                settings,
                LocalExecutor(),
                workdir,
                "single process",
                warm=lambda: warm_up(settings),
            )
            progress("stages", 1, 2)
            with DaskExecutor("local", workers) as executor:
                dask_run, _ = time_stages(
                    paths,
                    settings,
                    executor,
                    workdir,
                    f"dask, {workers} workers",
                    warm=lambda: executor.client.run(warm_up, settings),
                    extra_rss_mb=lambda: worker_rss_mb(executor.client),
                )
            progress("stages", 2, 2)
            with open_store(bench_vector_cache(cache_dir)) as cache:
                embedder = make_embedder(cache, settings)
                embedded = embed_articles(articles, embedder, progress)
                features = featurize(articles, embedded, embedder)
            event_of = {a.id: loaded.gold.event_of[loaded.doc_of[a.id]] for a in articles}
            story_of = {a.id: loaded.gold.story_of[loaded.doc_of[a.id]] for a in articles}
            templates = templates_from(articles, event_of, story_of, features)
            texts = [(a.title, a.text) for a in articles]
            points: list[SizePoint] = []
            for done, size in enumerate(wanted, start=1):
                points.append(
                    store_and_group(templates, texts, size, workdir / f"s{size}.db", postgres)
                )
                err.print(f"{size:,} articles: {_point_line(points[-1])}")
                progress("sizes", done, len(wanted))
    per_worker = dask_run.per_second / workers
    the_plan = plan(plan_articles, plan_workers, dask_run, per_worker, points[-1])
    if plot:
        plot.write_text(cost_curve_svg(points), encoding="utf-8")
    if as_json:
        emit_json(_document(single, dask_run, points, the_plan, workers))
        return
    _print(single, dask_run, points, the_plan, workers)


def _point_line(p: SizePoint) -> str:
    return (
        f"insert {p.insert_per_second:,.0f}/s, {p.store_bytes / p.articles / 1024:.1f} KB "
        f"stored each; grouping {p.group_ms_per_article:.2f} ms each, "
        f"+{p.memory_growth_mb:,.0f} MB"
    )


def _document(
    single: StageRun, dask_run: StageRun, points: list[SizePoint], the_plan: Plan, workers: int
) -> dict[str, object]:
    return {
        "per_article_stages": [
            {
                "mode": r.mode,
                "articles": r.articles,
                "seconds": round(r.seconds, 2),
                "articles_per_second": round(r.per_second, 2),
                "peak_rss_mb": round(r.peak_rss_mb),
            }
            for r in (single, dask_run)
        ],
        "dask_speedup": round(dask_run.per_second / single.per_second, 2)
        if single.per_second
        else None,
        "published_dask_speedup_2_workers": round(PUBLISHED_DASK_SPEEDUP, 2),
        "sizes": [
            {
                "articles": p.articles,
                "insert_per_second": round(p.insert_per_second),
                "store_bytes_per_article": round(p.store_bytes / p.articles),
                "search_ms": round(p.search_ms, 2),
                "group_ms_per_article": round(p.group_ms_per_article, 3),
                "grouping_memory_growth_mb": round(p.memory_growth_mb, 1),
                "postgres": _postgres_document(p),
            }
            for p in points
        ],
        "plan": {
            "articles": the_plan.articles,
            "workers": the_plan.workers,
            "per_article_hours": round(the_plan.per_article_hours, 1),
            "grouping_hours": round(the_plan.grouping_hours, 1),
            "store_gb": round(the_plan.store_gb, 1),
            "grouping_memory_gb": round(the_plan.grouping_memory_gb, 1),
        },
        "workers": workers,
    }


def _postgres_document(point: SizePoint) -> dict[str, float] | None:
    if point.postgres is None:
        return None
    return {
        "insert_per_second": round(point.articles / point.postgres.insert_seconds),
        "store_bytes_per_article": round(point.postgres.store_bytes / point.articles),
        "search_ms": round(point.postgres.search_ms, 2),
    }


def _print(
    single: StageRun, dask_run: StageRun, points: list[SizePoint], the_plan: Plan, workers: int
) -> None:
    stages = Table(title="Per-article stages (read, embed, parse) from an empty cache")
    for name in ("run", "articles", "seconds", "articles/s", "peak RSS MB"):
        stages.add_column(name, justify="left" if name == "run" else "right")
    for r in (single, dask_run):
        stages.add_row(
            r.mode,
            f"{r.articles}",
            f"{r.seconds:.1f}",
            f"{r.per_second:.2f}",
            f"{r.peak_rss_mb:,.0f}",
        )
    speedup = dask_run.per_second / single.per_second if single.per_second else 0.0
    stages.add_row(f"speed-up on {workers} workers", "", "", f"{speedup:.2f}x", "")
    stages.add_row(
        "published: Dask, 2 workers, this machine class (library guide)",
        "",
        "",
        f"{PUBLISHED_DASK_SPEEDUP:.2f}x",
        "",
    )
    out.print(stages)
    sizes = Table(title="Store and grouping against size (synthetic articles, real text)")
    for name in (
        "articles",
        "insert/s",
        "KB stored/article",
        "search ms",
        "grouping ms/article",
        "grouping memory MB",
    ):
        sizes.add_column(name, justify="right")
    for p in points:
        sizes.add_row(
            f"{p.articles:,}",
            f"{p.insert_per_second:,.0f}",
            f"{p.store_bytes / p.articles / 1024:.1f}",
            f"{p.search_ms:.1f}",
            f"{p.group_ms_per_article:.2f}",
            f"{p.memory_growth_mb:,.0f}",
        )
    out.print(sizes)
    on_postgres = [p for p in points if p.postgres is not None]
    if on_postgres:
        pg = Table(title="The same writes and searches on PostgreSQL")
        for name in ("articles", "insert/s", "KB stored/article", "search ms"):
            pg.add_column(name, justify="right")
        for p in on_postgres:
            assert p.postgres is not None
            pg.add_row(
                f"{p.articles:,}",
                f"{p.articles / p.postgres.insert_seconds:,.0f}",
                f"{p.postgres.store_bytes / p.articles / 1024:.1f}",
                f"{p.postgres.search_ms:.1f}",
            )
        out.print(pg)
    out.print(
        f"Plan for {the_plan.articles:,} articles on {the_plan.workers} workers: "
        f"{the_plan.per_article_hours:,.1f} h of per-article stages, "
        f"{the_plan.grouping_hours:,.1f} h of grouping on one process, "
        f"{the_plan.store_gb:,.0f} GB of store, {the_plan.grouping_memory_gb:,.1f} GB "
        "of grouper memory (at the largest measured size's cost per article)."
    )
