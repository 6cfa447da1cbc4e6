"""Turn a snippet of HTML (a feed item's content) into lines of plain text.

Feed items carry short HTML fragments, not whole pages, so trafilatura's
boilerplate detection has little to work with and often returns nothing.
The standard library's tolerant tokenizer is enough: block elements become
line breaks, script and style contents are dropped, entities are decoded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "hr",
    }
)
# Elements whose content is never article text.
_HIDDEN = frozenset({"script", "style", "noscript", "iframe", "template", "svg", "button"})
_LOOKS_LIKE_MARKUP = re.compile(r"<[A-Za-z!/]")
_TAG = re.compile(r"<[^>]*>?")


class _TextCollector(HTMLParser):
    """Collects visible text, with a newline wherever a block starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            # Before Python 3.13 the tokenizer asserts on a section keyword it does not
            # know ("<![CD" from a mangled CDATA; found by fuzzing). Browsers skip such
            # a section as a bogus comment up to the next ">", and so do we.
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def fragment_lines(fragment: str) -> list[str]:
    """Non-empty lines of text in an HTML fragment (plain text passes through)."""
    if not _LOOKS_LIKE_MARKUP.search(fragment):
        return _lines(fragment)
    collector = _TextCollector()
    try:
        collector.feed(fragment)
        collector.close()
    except AssertionError:
        # The standard tokenizer still asserts on a few other malformed constructs;
        # the text gathered up to there is kept, the rest read with its tags stripped.
        rest = collector.rawdata
        return _lines("".join(collector.parts) + "\n" + _TAG.sub(" ", rest))
    return _lines("".join(collector.parts))
