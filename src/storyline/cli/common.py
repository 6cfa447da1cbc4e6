"""What every command shares: the two consoles, the common options, friendly errors.

Command modules import these from here, never from ``app``, so ``app`` can import
every command module at the top and no module imports another that imports it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from ..errors import StorylineError
from ..settings import Settings, is_postgres_url, load_settings
from ..store.postgres import redact
from . import render

F = TypeVar("F", bound=Callable[..., Any])

out = Console(highlight=False)
# Messages on stderr are never broken by the console: a path or URL cut into two lines
# at the terminal's width cannot be copied back. The terminal wraps them for the eye.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def follow_the_terminal() -> None:
    """Size both consoles to the terminal (or $COLUMNS) as it is now.

    A console reads $COLUMNS once, when it is made; a command run in the same process
    as an earlier one (a test, a library caller) must not print at the earlier width.
    """
    out.width = Console().width
    err.width = Console(stderr=True).width


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.STRING,
        envvar="STORYLINE_DB",
        default=None,
        help="SQLite database file, or a postgresql://user@host/dbname URL for a shared "
        "store [default: ./storyline.db, or $STORYLINE_DB].",
    )(func)


def json_option(func: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document instead of tables."
    )(func)


def limits_option(func: F) -> F:
    func = click.option(
        "--max-article-chars",
        type=click.IntRange(min=1),
        default=None,
        help="Skip articles whose text is longer than this [default: 1,000,000].",
    )(func)
    return click.option(
        "--max-input-bytes",
        type=click.IntRange(min=1),
        default=None,
        help="Skip input files larger than this [default: 64 MiB].",
    )(func)


def friendly_errors(func: F) -> F:
    """Turn Storyline's own errors into one red line and a non-zero exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:
            err.print(f"[bold red]error:[/bold red] {escape(str(exc))}")
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def settings_for(db: str | Path | None, **overrides: Any) -> Settings:
    # --db is a file path or a postgresql:// URL; load_settings tells them apart.
    return load_settings(db=None if db is None else _location(db), **overrides)


def _location(db: str | Path) -> str | Path:
    text = str(db)
    return text if is_postgres_url(text) else Path(text)


def store_name(settings: Settings) -> str:
    """How messages name the store: the file, or the URL without its password."""
    location = settings.store_location
    return redact(location) if isinstance(location, str) else str(location)


def print_skipped(skipped: Sequence[Any]) -> None:
    render.print_skipped(err, skipped)
