"""``storyline serve``: the HTTP API (and, once wired in, the web pages) on the store."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from ..errors import StorylineError
from ..live.worker import Cycle, Worker
from .common import db_option, err, friendly_errors, settings_for, store_name


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--api-key",
    envvar="STORYLINE_API_KEY",
    default=None,
    help="Key that write requests must send [default: $STORYLINE_API_KEY; none: writes disabled].",
)
@click.option(
    "--allow-private-fetch",
    is_flag=True,
    help="Let URL ingest and feeds fetch private and loopback addresses (trusted networks only).",
)
@click.option(
    "--poll/--no-poll",
    default=True,
    show_default=True,
    help="Poll subscribed feeds and watched folders in the background while serving.",
)
@friendly_errors
def serve(
    db: Path | None,
    host: str,
    port: int,
    api_key: str | None,
    allow_private_fetch: bool,
    poll: bool,
) -> None:
    """Serve the web pages and the REST API on the database (schema at /openapi.json).

    \b
    Reads are public: articles, events, stories, briefs, entities, timeline
    and search under /api/. Writes (upload or fetch articles, run the
    analysis) need the API key, sent as the X-API-Key header or as
    'Authorization: Bearer KEY'. Without a key, writes are disabled.

    \b
    \b
    With --poll (the default) a background worker keeps the index live:
    feeds added with `storyline subscribe` or POST /api/sources and folders
    added with `storyline watch` are polled as they fall due, and what they
    bring is grouped into events at once.

    \b
    Examples:
      storyline serve --db news.db
      STORYLINE_API_KEY=$(openssl rand -hex 16) storyline serve --port 8080
    """
    # Imported here: only this command needs the web stack, which is an extra.
    try:
        import uvicorn

        from ..api import FetchPolicy, create_app
    except ImportError as exc:
        raise StorylineError(
            f"serving needs the web stack, which is not installed ({exc.name} is missing): "
            "run `pip install 'storyline[serve]'` (`make setup` installs it)"
        ) from exc

    settings = settings_for(db)
    policy = FetchPolicy(allow_private=allow_private_fetch)
    app = create_app(settings, api_key=api_key, fetch_policy=policy)
    writes = "enabled (API key set)" if api_key else "disabled (no API key)"
    err.print(
        f"Serving {escape(store_name(settings))} on [bold]http://{escape(host)}:{port}/[/bold] "
        f"(OpenAPI document at /openapi.json); writes {writes}"
    )
    context = app.state.storyline
    if poll:
        context.worker = Worker(
            settings,
            policy,
            write_lock=context.write_lock,
            on_cycle=_report_cycle,
            on_error=lambda exc: err.print(f"[red]poller:[/red] {escape(str(exc))}"),
        )
        context.worker.start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    finally:
        if context.worker is not None:
            context.worker.stop()


def _report_cycle(cycle: Cycle) -> None:
    for poll in cycle.polls:
        if poll.polled and (poll.stored or poll.skipped or poll.source.failures):  # news only
            colour = "red" if poll.source.failures else "green" if poll.stored else "dim"
            err.print(
                f"[{colour}]poll {escape(poll.source.location)}: "
                f"{escape(poll.source.last_status)}[/{colour}]"
            )
    if cycle.analysed:
        done = cycle.update
        detail = ""
        if done is not None:
            detail = (
                f"; placed {len(done.placed)}, lineage of {len(done.retraced)} event(s) "
                f"({done.retraced_articles} articles) re-traced, in {done.timing()}"
            )
        err.print(f"regrouped: {cycle.events} events in {cycle.stories} stories{detail}")
