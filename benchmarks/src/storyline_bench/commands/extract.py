"""``storyline bench extract``: articles per second for the whole extraction stage."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from storyline.cli.common import emit_json, friendly_errors, json_option, out
from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.settings import load_settings

from ..data import in_shared
from ..extract_speed import PUBLISHED_WORDS_PER_SECOND, run

DEFAULT_CORPUS = "corpus/ecbplus-dev/docs"  # inside the benchmark data folder


@click.command("extract")
@click.argument(
    "corpus", type=click.Path(path_type=Path), default=in_shared(DEFAULT_CORPUS), required=False
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=300,
    show_default=True,
    help="Use the first N articles (by file name).",
)
@json_option
@friendly_errors
def command(corpus: Path, limit: int, as_json: bool) -> None:
    """Extraction speed (entities, quotes, figures, dates) on CORPUS.

    CORPUS is any folder or file Storyline can ingest [default:
    $STORYLINE_SHARED/corpus/ecbplus-dev/docs]. Prints articles per second for spaCy's
    parse alone and for all of Storyline's extraction, and the small model's
    published speed converted to articles of this corpus's length.
    """
    if not corpus.exists():
        raise InputError(str(corpus), "no such file or folder")
    paths = sorted(corpus.glob("*")) if corpus.is_dir() else [corpus]
    articles = [a for a in read_inputs(paths[:limit], load_settings()) if isinstance(a, Article)]
    if not articles:
        raise InputError(str(corpus), "no readable articles here")
    result = run(articles)
    if as_json:
        emit_json(
            {
                "articles": result.articles,
                "words": result.words,
                "rows": [
                    {
                        "method": r.method,
                        "seconds": round(r.seconds, 2),
                        "articles_per_second": round(r.per_second, 1),
                    }
                    for r in result.rows
                ],
                "published_articles_per_second": round(result.published_articles_per_second, 1),
                "found": result.found,
            }
        )
        return
    table = Table(
        title=f"Extraction speed on {result.articles} articles "
        f"({result.words / result.articles:.0f} words each on average)"
    )
    for name in ("method", "seconds", "articles/s"):
        table.add_column(name, justify="left" if name == "method" else "right")
    for r in result.rows:
        table.add_row(r.method, f"{r.seconds:.1f}", f"{r.per_second:.1f}")
    table.add_row(
        f"published: en_core_web_sm {PUBLISHED_WORDS_PER_SECOND:,} words/s (model card)",
        "",
        f"{result.published_articles_per_second:.1f}",
    )
    out.print(table)
    out.print("Found: " + ", ".join(f"{n:,} {k}" for k, n in result.found.items()))
