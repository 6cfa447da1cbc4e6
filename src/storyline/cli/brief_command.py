"""``storyline brief``: one event's or story's full brief, for reading or sharing.

The same brief in four formats: rich tables for the terminal, Markdown,
a self-contained HTML page, or JSON. Choosing and building the
output is in :mod:`storyline.cli.brief_output`; the formatting itself lives in
:mod:`storyline.present` (documents) and :mod:`storyline.cli.render` (terminal).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from .. import reading
from ..store import open_store
from . import render
from .brief_output import FORMATS, output_path, render_document
from .common import db_option, err, friendly_errors, json_option, out, settings_for


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror or str(exc)) from exc
    err.print(f"[green]Wrote[/green] {escape(str(path))} ({len(text.encode()):,} bytes)")


@click.command()
@click.argument("subject_id", metavar="EVENT_OR_STORY")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="terminal: tables; markdown: GitHub Markdown with footnotes; "
    "html: one self-contained page; json: one JSON document.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help="Write to this file ('-' for standard output). "
    "[default: brief-<id>.html for html, standard output otherwise]",
)
@json_option
@friendly_errors
def brief(subject_id: str, db: Path | None, fmt: str, output: Path | None, as_json: bool) -> None:
    """The full brief of one event or story (a unique id prefix is enough).

    \b
    Sections: a summary whose every sentence is followed by its sources;
    what sources agree on; where they differ, in the sources' own words side
    by side; what only one source says; who's who; a timeline; coverage
    (articles per outlet, and how many independent reports they come from).

    \b
    Examples:
      storyline brief s77c                      # tables in the terminal
      storyline brief s77c --format markdown > brief.md
      storyline brief s77c --format html        # writes brief-<id>.html
      storyline brief s77c --format html -o -   # the page on standard output
    """
    fmt = "json" if as_json else fmt
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        subject = reading.show(store, settings, subject_id)
        paths = {a.id: store.article_paths(a.id) for a in subject.articles}
    destination = output_path(fmt, output, subject.id)
    if destination is not None:
        _write(destination, render_document(fmt, subject, paths))
    elif fmt == "terminal":
        for part in render.brief_sections(subject.brief, {a.id: a for a in subject.articles}):
            out.print(part)
    else:
        click.echo(render_document(fmt, subject, paths), nl=False)
