"""Read news articles from files: text, HTML, RSS/Atom feeds, WARC and JSONL.

::

    from storyline.ingest import read_inputs
    for item in read_inputs(["corpus/"], settings):
        ...  # an Article, or a Skipped saying why an input was not used

Every article comes out with page noise removed, a title, and a publication
date only when the input states one. Problems never raise: each becomes a
:class:`~storyline.models.Skipped` naming the file (or ``file.jsonl:12``,
``feed.xml#3``, ``crawl.warc.gz#7`` for a record inside a container).
"""

from __future__ import annotations

from .discover import discover_inputs, walk_inputs
from .reader import SUPPORTED, read_inputs

__all__ = ["SUPPORTED", "discover_inputs", "read_inputs", "walk_inputs"]
