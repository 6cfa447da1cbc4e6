"""A brief as a document: Markdown and self-contained HTML.

Pure functions from a :class:`~storyline.models.Brief` and its articles to
text. They never print or touch files, so the command line and a web server
can both use them; the terminal rendering lives in ``storyline.cli.render``.
"""

from __future__ import annotations

from .html import brief_html
from .markdown import brief_markdown
from .sources import Source, Sources, excerpt, safe_url, source_name

__all__ = [
    "Source",
    "Sources",
    "brief_html",
    "brief_markdown",
    "excerpt",
    "safe_url",
    "source_name",
]
