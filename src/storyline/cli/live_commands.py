"""``subscribe``, ``watch``, ``sources``, ``unsubscribe`` and ``poll``: keeping the index live."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.markup import escape

from .. import reading, report
from ..chain import Pipeline
from ..live import sources, worker
from ..live.fetch import FetchPolicy
from ..live.robots import Robots
from ..store import open_store
from . import render
from .common import db_option, emit_json, err, friendly_errors, json_option, out, settings_for

F = TypeVar("F", bound=Callable[..., Any])

_DURATION = re.compile(r"^\s*(\d{1,7})\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class Duration(click.ParamType[int, Any]):
    """'90', '90s', '15m', '2h' or '1d' as seconds."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _DURATION.match(str(value).lower())
        if not match:
            self.fail(f"{value!r} is not a duration; write e.g. 90s, 15m, 2h or 1d", param, ctx)
        return int(match.group(1)) * _SECONDS[match.group(2)]


def every_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--every",
        "every",
        type=Duration(),
        default=None,
        help=f"How often to {what}, e.g. 5m, 1h [default: 15m; $STORYLINE_POLL_INTERVAL_SECONDS].",
    )


def allow_private_option(func: Any) -> Any:
    return click.option(
        "--allow-private-fetch",
        is_flag=True,
        help="Let feeds on private and loopback addresses be fetched (trusted networks only).",
    )(func)


@click.command()
@click.argument("url")
@every_option("fetch the feed")
@db_option
@json_option
@allow_private_option
@friendly_errors
def subscribe(
    url: str, every: int | None, db: Path | None, as_json: bool, allow_private_fetch: bool
) -> None:
    """Subscribe to an RSS/Atom feed (or any page) so `poll` and `serve` keep fetching it.

    \b
    Each poll asks the server whether the feed changed (ETag, Last-Modified),
    obeys the site's robots.txt and Crawl-delay, waits longer after each
    failure (doubling, up to 6 hours) and stores only new articles, which are
    grouped into events at once. Subscribing again changes the interval.

    \b
    Example:
      storyline subscribe https://example.org/world.rss --every 10m
      storyline poll            # keep polling in the foreground (or: storyline serve)

    \b
    Private, loopback and link-local addresses are refused here, as the
    fetcher would refuse them, unless --allow-private-fetch is given (then
    give it to `poll` or `serve` too).
    """
    settings = settings_for(db)
    source = sources.feed_source(url, every or settings.poll_interval_seconds)
    warning = sources.check_subscription(
        source.location, FetchPolicy(allow_private=allow_private_fetch)
    )
    if warning and not as_json:
        err.print(f"[yellow]{escape(warning)}[/yellow]")
    with open_store(settings.store_location) as store:
        store.save_source(source)
    _added(source, as_json)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@every_option("scan the folder")
@db_option
@json_option
@friendly_errors
def watch(folder: Path, every: int | None, db: Path | None, as_json: bool) -> None:
    """Watch a folder: new or changed files in it (recursively) are ingested and grouped.

    A file is read once it has stopped changing, and again only if it changes.
    Any format `ingest` reads can be dropped there.
    """
    settings = settings_for(db)
    source = sources.folder_source(folder, every or settings.poll_interval_seconds)
    with open_store(settings.store_location) as store:
        store.save_source(source)
    _added(source, as_json)


def _added(source: Any, as_json: bool) -> None:
    if as_json:
        emit_json(report.source_json(source))
        return
    out.print(
        f"[green]Added[/green] {source.kind.value} {escape(source.location)} "
        f"(id {source.id}, every {render.duration_text(source.interval_seconds)}); "
        "run `storyline poll` or `storyline serve` to keep it polled."
    )


@click.command("sources")
@db_option
@json_option
@friendly_errors
def list_sources(db: Path | None, as_json: bool) -> None:
    """List subscribed feeds and watched folders, with how their last poll went."""
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        found = store.sources()
    if as_json:
        emit_json({"sources": [report.source_json(s) for s in found]})
        return
    if not found:
        out.print("No sources yet: `storyline subscribe URL` or `storyline watch FOLDER`.")
        return
    out.print(render.sources_table(found))


@click.command()
@click.argument("source")
@db_option
@json_option
@friendly_errors
def unsubscribe(source: str, db: Path | None, as_json: bool) -> None:
    """Stop polling a feed or folder, given its id (a prefix will do), URL or path.

    The articles it brought stay in the database.
    """
    settings = settings_for(db)
    with open_store(settings.store_location) as store:
        found = reading.resolve_source(store, source)
        store.remove_source(found.id)
    if as_json:
        emit_json({"removed": report.source_json(found)})
        return
    out.print(f"Removed {found.kind.value} {escape(found.location)}.")


@click.command()
@db_option
@json_option
@click.option("--once", is_flag=True, help="Poll every source once, now, and exit.")
@click.option("--no-analyze", is_flag=True, help="Store new articles without regrouping.")
@allow_private_option
@friendly_errors
def poll(
    db: Path | None, as_json: bool, once: bool, no_analyze: bool, allow_private_fetch: bool
) -> None:
    """Poll feeds and watched folders as they fall due, grouping what is new; Ctrl-C stops.

    \b
    With --once every source is polled right away and the command exits
    (handy from cron). Each poll prints one line; --json prints one JSON
    line per poll and per regrouping.
    """
    settings = settings_for(db)
    policy = FetchPolicy(allow_private=allow_private_fetch)
    robots = Robots(policy)
    grouping = Pipeline(settings, checkpoint_seconds=worker.CHECKPOINT_SECONDS)

    def shown(result: worker.Poll) -> None:
        if as_json:
            click.echo(_poll_line(result))
            return
        source = result.source
        colour = "red" if source.failures else ("green" if result.stored else "dim")
        verb = "deferred" if not result.polled else escape(source.last_status)
        out.print(f"[{colour}]{source.kind.value} {escape(source.location)}: {verb}[/{colour}]")
        for reason in result.skipped:
            err.print(f"  [yellow]skipped[/yellow] {escape(reason)}")

    try:
        while True:
            with open_store(settings.store_location) as store:
                if not store.sources():
                    err.print("No sources: add one with `storyline subscribe URL` first.")
                    return
                cycle = worker.run_cycle(
                    store,
                    settings,
                    robots,
                    policy,
                    grouping=grouping,
                    analyse=not no_analyze,
                    everything=once,
                    on_poll=shown,
                )
                wait = worker.seconds_until_due(store)
            if cycle.analysed:
                if as_json:
                    click.echo(_cycle_line(cycle))
                else:
                    out.print(
                        f"Grouped {cycle.stored} new article(s): now {cycle.events} events "
                        f"in {cycle.stories} stories."
                    )
            if once:
                return
            time.sleep(max(wait, 0.5))
    except KeyboardInterrupt:
        err.print("Stopped.")
    finally:
        with open_store(settings.store_location) as store:
            grouping.checkpoint(store)  # the next run resumes from here


def _poll_line(result: worker.Poll) -> str:
    line = {
        "poll": report.source_json(result.source),
        "polled": result.polled,
        "stored": result.stored,
        "unchanged": result.unchanged,
        "skipped": list(result.skipped),
    }
    return json.dumps(line, ensure_ascii=False)


def _cycle_line(cycle: worker.Cycle) -> str:
    return json.dumps(
        {"analysed": True, "stored": cycle.stored, "events": cycle.events, "stories": cycle.stories}
    )


COMMANDS = (subscribe, watch, list_sources, unsubscribe, poll)
