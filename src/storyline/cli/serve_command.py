"""``storyline serve``: the HTTP API (and, once wired in, the web pages) on the store."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from .app import _settings, db_option, err, friendly_errors


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
    help="Let POST /api/ingest/url fetch private and loopback addresses (trusted networks only).",
)
@friendly_errors
def serve(
    db: Path | None, host: str, port: int, api_key: str | None, allow_private_fetch: bool
) -> None:
    """Serve the REST API on the database (docs at /docs, schema at /openapi.json).

    \b
    Reads are public: articles, events, stories, briefs, entities, timeline
    and search under /api/. Writes (upload or fetch articles, run the
    analysis) need the API key, sent as the X-API-Key header or as
    'Authorization: Bearer KEY'. Without a key, writes are disabled.

    \b
    Examples:
      storyline serve --db news.db
      STORYLINE_API_KEY=$(openssl rand -hex 16) storyline serve --port 8080
    """
    # Imported here: only this command needs the web stack, and it takes a while to load.
    import uvicorn

    from ..api import FetchPolicy, create_app

    settings = _settings(db)
    policy = FetchPolicy(allow_private=allow_private_fetch)
    app = create_app(settings, api_key=api_key, fetch_policy=policy)
    writes = "enabled (API key set)" if api_key else "disabled (no API key)"
    err.print(
        f"Serving {escape(str(settings.db))} on [bold]http://{escape(host)}:{port}/[/bold] "
        f"(API docs at /docs); writes {writes}"
    )
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
