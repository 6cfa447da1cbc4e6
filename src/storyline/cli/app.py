"""The ``storyline`` command line: a thin shell over :mod:`storyline.service`.

Human output (tables, briefs, progress) goes to the terminal through rich;
``--json`` prints one JSON document on stdout instead, so every command can
be scripted. Errors print one line saying what to do, and set the exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from .. import __version__, reading, report, service
from ..cards import Order, sort_rows, story_rows
from ..entity_profile import (
    all_entities,
    entity_by_id,
    entity_profile,
    find_entity,
    looks_like_entity_id,
)
from ..explain import ArticleLineage, explain_article
from ..search import Mode
from ..search import search as search_articles
from ..settings import Settings
from ..store import open_store
from ..store.postgres import redact
from . import render
from .backfill_command import backfill
from .brief_command import brief
from .common import (
    db_option,
    emit_json,
    err,
    follow_the_terminal,
    friendly_errors,
    json_option,
    limits_option,
    out,
    print_skipped,
    settings_for,
    store_name,
)
from .live_commands import COMMANDS as LIVE_COMMANDS
from .models_command import models
from .serve_command import serve

# Other distributions add commands under this entry-point group; the benchmarks
# (benchmarks/, the storyline-bench distribution) add `storyline bench` this way.
PLUGIN_GROUP = "storyline.commands"


class StorylineGroup(click.Group):
    """The top-level group: its own commands, then those installed distributions declare.

    A declared command is imported only when it is asked for (or help lists it),
    so ``storyline analyze`` never pays for loading the benchmarks.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_declared()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        declared = _declared()
        if cmd_name in declared:
            loaded = declared[cmd_name].load()
            self.add_command(loaded, cmd_name)
            return loaded  # type: ignore[no-any-return]
        if cmd_name == "bench":
            raise click.UsageError(
                "the benchmarks are a separate distribution: install it with "
                "`pip install -e benchmarks` from a checkout (make setup does)."
            )
        return None


def _declared() -> dict[str, Any]:
    return {entry.name: entry for entry in entry_points(group=PLUGIN_GROUP)}


@click.group(
    cls=StorylineGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """Turn a flood of news articles into what actually happened.

    \b
    A typical session:
      storyline ingest ~/news/            # read .txt, .html, feeds, WARC, JSON lines
      storyline analyze ~/news/           # group into events and stories, write briefs
      storyline stories                   # list stories and their events
      storyline show e1a2b3               # a brief with a citation after every sentence
      storyline brief s9f0 --format html  # the full brief: conflicts, timeline, who's who
      storyline search "prisoner exchange"

    \b
    Keeping it live:
      storyline subscribe https://example.org/world.rss --every 10m
      storyline watch ~/inbox/            # new files are read as they arrive
      storyline serve --api-key KEY       # web pages and REST API; polls in the background

    Every command takes --db (default ./storyline.db) and --json.
    """
    follow_the_terminal()


def _run_ingest(
    settings: Settings, paths: Sequence[Path], quiet: bool, stream: bool
) -> service.IngestReport:
    with open_store(settings.store_location) as store:

        def acknowledge(ack: service.Acknowledgement) -> None:
            if stream:  # one line per committed item, flushed: safe to kill after reading it
                line = {"outcome": ack.outcome.value, "path": ack.path}
                if ack.article:
                    line["id"] = ack.article.id
                if ack.reason:
                    line["reason"] = ack.reason
                click.echo(json.dumps(line, ensure_ascii=False))
                sys.stdout.flush()

        with render.progress_bar(err, enabled=not quiet) as progress:
            return service.ingest(store, paths, settings, progress, acknowledge)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@limits_option
@click.option(
    "--jsonl",
    is_flag=True,
    help="Print one JSON line per input item as soon as it is committed (for pipelines).",
)
@friendly_errors
def ingest(
    paths: tuple[Path, ...],
    db: Path | None,
    as_json: bool,
    max_input_bytes: int | None,
    max_article_chars: int | None,
    jsonl: bool,
) -> None:
    """Read articles from files and folders into the database.

    PATHS are files or folders (searched recursively): .txt, .html/.htm,
    RSS/Atom feeds (.xml, .rss, .atom), WARC archives (.warc, .warc.gz) and
    JSON lines (.jsonl, one article per line). Unreadable inputs are listed
    with their reason and skipped; everything else is stored. Re-ingesting
    the same content changes nothing.
    """
    settings = settings_for(
        db, max_input_bytes=max_input_bytes, max_article_chars=max_article_chars
    )
    result = _run_ingest(settings, paths, quiet=as_json or jsonl, stream=jsonl)
    if jsonl:
        return
    if as_json:
        emit_json(
            {
                "db": store_name(settings),
                "stored": [a.id for a in result.stored],
                "unchanged": [a.id for a in result.unchanged],
                "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
            }
        )
        return
    print_skipped(result.skipped)
    out.print(
        f"[green]Stored {len(result.stored)} new article(s)[/green], "
        f"{len(result.unchanged)} already present, {len(result.skipped)} skipped "
        f"→ {escape(store_name(settings))}"
    )


# `analyze` prints every brief up to this many stories, and a summary beyond.
BRIEFS_SHOWN = 3
DEFAULT_STORIES = 25


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@limits_option
@click.option(
    "--sentences",
    type=click.IntRange(1, 20),
    default=None,
    help="Sentences per summary [default: 5].",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help=f"Print every brief and lineage table, even for more than {BRIEFS_SHOWN} stories.",
)
@friendly_errors
def analyze(
    paths: tuple[Path, ...],
    db: Path | None,
    as_json: bool,
    max_input_bytes: int | None,
    max_article_chars: int | None,
    sentences: int | None,
    verbose: bool,
) -> None:
    """Ingest PATHS, analyse everything, and show the stories they belong to.

    Groups articles into events and stories and writes a brief for each:
    a short summary whose every sentence is followed by its sources.
    Up to three stories are printed in full; more are summed up (counts,
    the biggest stories, where to look next) unless --verbose.
    With --json, prints articles, events, stories and briefs as one document.
    """
    settings = settings_for(
        db,
        max_input_bytes=max_input_bytes,
        max_article_chars=max_article_chars,
        summary_sentences=sentences,
    )
    result = _run_ingest(settings, paths, quiet=as_json, stream=False)
    if not as_json:
        print_skipped(result.skipped)
    with open_store(settings.store_location) as store:
        with render.progress_bar(err, enabled=not as_json) as progress:
            analysis = service.analyze(store, settings, progress=progress)
            scope = [a.id for a in result.articles]
            service.write_briefs(analysis, scope, progress)
        paths_of = {a.id: store.article_paths(a.id) for a in analysis.articles}
    document = report.analysis_json(analysis, scope, paths_of)
    if as_json:
        emit_json(document)
        return
    story_ids = {s["id"] for s in document["stories"]}
    if verbose or len(story_ids) <= BRIEFS_SHOWN:
        _print_analysis(analysis, story_ids)
    else:
        _print_summary(analysis, story_ids, len(result.stored), len(result.skipped), db)


BIGGEST_SHOWN = 5


def _print_summary(
    analysis: service.Analysis, story_ids: set[str], stored: int, skipped: int, db: Path | None
) -> None:
    """What a large run found, in a screenful: counts, the biggest stories, what next."""
    events = {e.id: e for e in analysis.events}
    stories = [s for s in analysis.stories if s.id in story_ids]
    touched = {e for s in stories for e in s.event_ids}
    reports = sum(analysis.lineage.independent_reports(e) for e in touched)
    articles = sum(len(events[e].article_ids) for e in touched)
    out.print(
        f"Stored [bold]{stored:,}[/bold] new articles ({skipped:,} skipped). They belong to "
        f"[bold]{len(stories):,}[/bold] stories: {articles:,} articles in "
        f"[bold]{len(touched):,}[/bold] events, from [bold]{reports:,}[/bold] independent "
        "reports."
    )
    rows = sort_rows(story_rows(stories, list(events.values())), Order.BIGGEST)
    out.print(render.stories_table([r.story for r in rows[:BIGGEST_SHOWN]], events, len(rows)))
    where = f" --db {escape(redact(str(db)))}" if db else ""
    out.print(
        "[bold]Next:[/bold]\n"
        f"  storyline stories{where} --sort newest   every story, newest first\n"
        f"  storyline show{where} ID                 one story's brief (an id prefix will do)\n"
        f"  storyline serve{where}                   browse them in a web page\n"
        f"  storyline analyze{where} --verbose PATH  print every brief here"
    )


def _print_analysis(analysis: service.Analysis, story_ids: set[str]) -> None:
    by_id = {a.id: a for a in analysis.articles}
    events = {e.id: e for e in analysis.events}
    stories = [s for s in analysis.stories if s.id in story_ids]
    out.print(render.stories_table(stories, events))
    for story in stories:
        for event_id in story.event_ids:
            out.print(render.brief_panel(analysis.event_briefs[event_id], by_id))
            label = events[event_id].label if len(story.event_ids) > 1 else None
            out.print(render.lineage_table(analysis.lineage, by_id, event_id, label))
        if len(story.event_ids) > 1:
            out.print(render.brief_panel(analysis.story_briefs[story.id], by_id))


@cli.command()
@db_option
@json_option
@click.option(
    "--sort",
    "order",
    type=click.Choice([o.value for o in Order]),
    default=Order.NEWEST.value,
    show_default=True,
    help="newest: latest event day first; biggest: most articles first.",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=DEFAULT_STORIES,
    show_default=True,
    help="Stories to list; 0 lists them all.",
)
@friendly_errors
def stories(db: Path | None, as_json: bool, order: str, limit: int) -> None:
    """List stories and their events, newest or biggest first.

    \b
    Each story shows its days, articles and label, with its events under it;
    open one with `storyline show ID` (an id prefix is enough).

    \b
    Examples:
      storyline stories --sort biggest --limit 10
      storyline stories --json --limit 0
    """
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        events = {e.id: e for e in store.events()}
        rows = sort_rows(story_rows(store.stories(), list(events.values())), Order(order))
    shown = [r.story for r in (rows[:limit] if limit else rows)]
    if as_json:
        emit_json(
            {
                "total": len(rows),
                "stories": [report.story_json(s, events) for s in shown],
                "events": [
                    report.event_json(e, s.id)
                    for s in shown
                    for e in (events[i] for i in s.event_ids)
                ],
            }
        )
        return
    if not rows:
        out.print("No stories yet: run `storyline analyze PATH...` first.")
        return
    out.print(render.stories_table(shown, events, total=len(rows)))
    if len(shown) < len(rows):
        out.print(
            f"[dim]{len(shown)} of {len(rows)} stories shown; --limit 0 lists them all.[/dim]"
        )


@cli.command()
@click.argument("subject_id", metavar="EVENT_STORY_OR_ARTICLE")
@db_option
@json_option
@friendly_errors
def show(subject_id: str, db: Path | None, as_json: bool) -> None:
    """Show the brief of one event or story, or why an article counts where it does.

    \b
    An id prefix is enough. For an article: its event, its lineage group and
    each link with the evidence (the sentences it shares with the other
    article, what they have in common, the wording it reuses) and the outlets
    it credits.
    """
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        kind, full_id = reading.resolve_id(store, subject_id, articles=True)
        if kind == "article":
            explained = explain_article(store, settings, full_id)
            _show_article(explained, as_json)
            return
        subject = reading.show(store, settings, full_id)
        paths = {a.id: store.article_paths(a.id) for a in subject.articles}
    by_id = {a.id: a for a in subject.articles}
    if as_json:
        document: dict[str, Any] = {
            "kind": subject.kind,
            "id": subject.id,
            "label": subject.label,
            "events": [
                report.event_json(e, subject.story.id if subject.story else None, subject.lineage)
                for e in subject.events
            ],
            "articles": [report.article_json(a, paths[a.id]) for a in subject.articles],
            "brief": report.brief_json(subject.brief, by_id),
            "lineage": report.lineage_json(subject.lineage, by_id)["groups"],
        }
        emit_json(document)
        return
    out.print(render.articles_table(subject.articles, f"{subject.kind} {subject.id}"))
    for section in render.brief_sections(subject.brief, by_id):
        out.print(section)
    for event in subject.events:
        label = event.label if len(subject.events) > 1 else None
        out.print(render.lineage_table(subject.lineage, by_id, event.id, label))


def _show_article(explained: ArticleLineage, as_json: bool) -> None:
    if as_json:
        emit_json(report.article_lineage_json(explained))
        return
    for part in render.article_lineage(explained):
        out.print(part)


@cli.command()
@click.argument("query")
@db_option
@json_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option(
    "--semantic",
    is_flag=True,
    help="Rank articles by meaning (sentence embeddings) instead of matching every word.",
)
@friendly_errors
def search(query: str, db: Path | None, as_json: bool, limit: int, semantic: bool) -> None:
    """Search articles: every word must match, or --semantic for the closest in meaning.

    \b
    A name matches in every spelling the articles use: "Zelenskiy" also finds
    "Zelensky" and "Zelenskyy". With --semantic, "swap of captured soldiers"
    finds articles about a prisoner exchange. Each hit shows its date, outlet,
    event and story; open one with `storyline show ARTICLE_ID`.

    \b
    Examples:
      storyline search "prisoner exchange"
      storyline search --semantic "swap of captured soldiers" --limit 5
    """
    settings = settings_for(db)
    mode = Mode.SEMANTIC if semantic else Mode.TEXT
    with open_store(settings.store_location) as store:
        results = search_articles(store, settings, query, mode, limit)
    if as_json:
        emit_json({"query": query, "mode": mode.value, "results": report.search_json(results)})
        return
    out.print(render.search_table(query, results, mode))


@cli.command()
@click.argument("name")
@db_option
@json_option
@click.option(
    "--limit",
    type=click.IntRange(1, 200),
    default=20,
    show_default=True,
    help="Rows shown per table (JSON always has the newest 200 articles).",
)
@friendly_errors
def entity(name: str, db: Path | None, as_json: bool, limit: int) -> None:
    """Who or what NAME is across the stored articles: spellings, roles, events, articles.

    \b
    NAME may be any spelling or part of a name: "Zelenskiy" finds the entity
    written Zelensky, Zelenskiy and Zelenskyy; "Trump" the Trump most named,
    with the other Trumps listed as namesakes. An entity id (from
    `--json` or the web page) works too.
    \b
    Examples:
      storyline entity Zelenskiy
      storyline entity "Kim Jong Un" --json
    """
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        found = all_entities(store)
        if looks_like_entity_id(name):
            profile = entity_profile(store, entity_by_id(found, name))
        else:
            best, namesakes = find_entity(found, name)
            profile = entity_profile(store, best, namesakes)
    if as_json:
        emit_json(report.entity_profile_json(profile))
        return
    for part in render.entity_profile(profile, limit):
        out.print(part)


def main() -> None:
    cli(prog_name="storyline")


for _command in (brief, serve, backfill, models, *LIVE_COMMANDS):
    cli.add_command(_command)


__all__ = ["cli", "main"]
