"""Reading an HTML page back into tags and text, checking that it nests properly."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "input", "link", "hr", "rect", "line"}


@dataclass
class Page(HTMLParser):
    """Every tag with its attributes, the text inside each tag, and the style sheet."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    style: str = ""
    open_tags: list[str] = field(default_factory=list)
    text_in: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.open_tags and self.open_tags[-1] == tag, f"</{tag}> closes {self.open_tags}"
        self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open_tags and self.open_tags[-1] == "style":
            self.style += data
        for tag in set(self.open_tags):
            self.text_in.setdefault(tag, []).append(data)

    def all(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def parse(document: str) -> Page:
    page = Page()
    page.feed(document)
    page.close()
    assert page.open_tags == [], f"unclosed: {page.open_tags}"
    return page
