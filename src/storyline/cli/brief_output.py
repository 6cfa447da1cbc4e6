"""What ``storyline brief`` writes, and where: pure helpers kept apart from the command.

They live outside ``brief_command`` because that module imports ``cli.app``,
which registers it; keeping these here lets them be imported (and tested) alone.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from rich.console import Console

from .. import reading, report
from ..models import Article, Brief
from ..present import brief_html, brief_markdown
from . import render

FORMATS = ("terminal", "markdown", "html", "json")
STDOUT = "-"
_FILE_WIDTH = 100  # terminal-format files are plain text, wrapped for reading in an editor


def _terminal_text(brief: Brief, articles: dict[str, Article]) -> str:
    """The terminal rendering as plain text (no colours), for writing to a file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=_FILE_WIDTH, color_system=None, highlight=False)
    for part in render.brief_sections(brief, articles):
        console.print(part)
    return buffer.getvalue()


def _json_text(subject: reading.Subject, paths: dict[str, list[str]]) -> str:
    by_id = {a.id: a for a in subject.articles}
    body: dict[str, Any] = {
        "kind": subject.kind,
        "id": subject.id,
        "label": subject.label,
        "articles": [report.article_json(a, paths[a.id]) for a in subject.articles],
        "brief": report.brief_json(subject.brief, by_id),
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def render_document(fmt: str, subject: reading.Subject, paths: dict[str, list[str]]) -> str:
    by_id = {a.id: a for a in subject.articles}
    if fmt == "markdown":
        return brief_markdown(subject.brief, by_id)
    if fmt == "html":
        return brief_html(subject.brief, by_id)
    if fmt == "json":
        return _json_text(subject, paths)
    return _terminal_text(subject.brief, by_id)


def output_path(fmt: str, output: Path | None, subject_id: str) -> Path | None:
    """Where to write: a file, or None for standard output."""
    if output is not None:
        return None if str(output) == STDOUT else output
    # An HTML page is meant to be opened in a browser, not read as source.
    return Path(f"brief-{subject_id}.html") if fmt == "html" else None
