"""A brief as Markdown: readable as plain text, rendered well on GitHub.

Citations are footnotes (``[^2]``) whose definitions, at the end, name each
source with its outlet, title and link. Everything taken from articles is
escaped, so a headline cannot inject links, HTML or formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..models import Article, Brief, ClaimGroup, Conflict, ConflictSide
from .counts import plural
from .sources import DIFFER_CAVEAT, DIFFER_HEADING, DIFFER_NONE, Sources, conflict_heading, excerpt

# Punctuation Markdown treats as syntax anywhere in a line; "&" only when it
# would start an entity such as "&lt;", so "AT&T" stays readable.
_SYNTAX = re.compile(r"([\\`*\[\]<>|~#]|(?<![^\W_])_|_(?![^\W_]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
NO_AGREEMENT = "Nothing is stated by two independent reports."
NO_SINGLE_SOURCE = "Every claim has independent support."

_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md_text(text: str) -> str:
    """``text`` on one line with every Markdown-significant character escaped."""
    flat = " ".join(text.split())
    flat = _ENTITY.sub(r"\\&", _SYNTAX.sub(r"\\\1", flat))
    # A leading "1." or "-" would start a list if the text ever opens a line.
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", flat)


def _code(text: str) -> str:
    """An identifier as inline code (escapes do not work inside backticks)."""
    return "`" + text.replace("`", "'") + "`"


def _refs(numbers: Iterable[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def _support(count: int) -> str:
    """A note on independent support, shown only when it says something."""
    return f" *({plural(count, 'independent report')})*" if count > 1 else ""


def _same_point(numbers: Iterable[int]) -> str:
    """Sources on the sentence's point that do not state it in full (not counted)."""
    refs = _refs(numbers)
    return f" *(same point: {refs})*" if refs else ""


def _header(brief: Brief) -> list[str]:
    return [
        f"# {md_text(brief.title)}",
        "",
        f"{_code(brief.subject_id)} · {plural(brief.articles, 'article')} from "
        f"{plural(brief.independent_reports, 'independent report')}",
    ]


def _summary(brief: Brief, sources: Sources) -> list[str]:
    if not brief.sentences:
        return ["*No sentence long enough to summarise.*"]
    return [
        f"- {md_text(s.text)}{_refs(sources.cited(s.citations))}{_support(s.independent_support)}"
        f"{_same_point(sources.cited(s.related))}"
        for s in brief.sentences
    ]


def _claim_line(group: ClaimGroup, sources: Sources) -> str:
    said_by = sorted({c.attribution for c in group.claims if c.attribution})
    according = f" — according to {md_text(', '.join(said_by))}" if said_by else ""
    refs = _refs(sources.numbers(group.article_ids))
    return f"- {md_text(group.text)}{refs}{_support(group.independent_support)}{according}"


def _side_row(side: ConflictSide, sources: Sources) -> str:
    names = md_text(", ".join(sources.names(side.article_ids)))
    refs = _refs(sources.numbers(side.article_ids))
    return f"| **{md_text(side.value)}** | {names} {refs} | {side.independent_support} |"


def _side_quotes(
    side: ConflictSide, sources: Sources, articles: Mapping[str, Article]
) -> list[str]:
    lines = [f"**{md_text(side.value)}** — in the sources' own words:", ""]
    for citation in side.citations:
        words = excerpt(citation, articles)
        if words:
            lines += [f"> {md_text(words)}{_refs(sources.cited([citation]))}", ">"]
    if lines[-1] == ">":
        lines.pop()
    return [*lines, ""]


def _conflict(conflict: Conflict, sources: Sources, articles: Mapping[str, Article]) -> list[str]:
    lines = [
        f"### {md_text(conflict_heading(conflict))}",
        "",
        "| Value | Said by | Independent reports |",
        "| --- | --- | ---: |",
        *(_side_row(side, sources) for side in conflict.sides),
        "",
    ]
    for side in conflict.sides:
        lines += _side_quotes(side, sources, articles)
    return lines


def _conflicts(brief: Brief, sources: Sources, articles: Mapping[str, Article]) -> list[str]:
    if not brief.conflicts:
        return [f"*{DIFFER_NONE}*"]
    lines: list[str] = [f"*{DIFFER_CAVEAT}*", ""]
    for conflict in brief.conflicts:
        lines += _conflict(conflict, sources, articles)
    return lines[:-1]


def _claims(groups: Iterable[ClaimGroup], sources: Sources, none: str) -> list[str]:
    return [_claim_line(g, sources) for g in groups] or [f"*{none}*"]


def _who(brief: Brief) -> list[str]:
    if not brief.who:
        return ["*No people or organisations identified.*"]
    rows = [
        f"| {md_text(w.name)} | {md_text(w.type)} | {md_text('; '.join(w.roles)) or '—'} "
        f"| {w.articles} |"
        for w in brief.who
    ]
    return ["| Name | Kind | Roles as written | Articles |", "| --- | --- | --- | ---: |", *rows]


def _timeline(brief: Brief, sources: Sources) -> list[str]:
    if not brief.timeline:
        return ["*No dated happenings found.*"]
    return [
        f"- **{'after ' if e.after else ''}{e.day.isoformat()}** — {md_text(e.text)}"
        f"{_refs(sources.cited(e.citations))}{_support(e.independent_support)}"
        for e in brief.timeline
    ]


def _coverage(brief: Brief, sources: Sources) -> list[str]:
    lines = [
        f"{plural(brief.articles, 'article')} from "
        f"{plural(brief.independent_reports, 'independent report')} "
        "(copies and rewrites of one report count once).",
        "",
        "| Outlet | Articles | Sources |",
        "| --- | ---: | --- |",
    ]
    for row in brief.coverage:
        lines.append(
            f"| {md_text(row.outlet)} | {row.articles} | {_refs(sources.of_outlet(row.outlet))} |"
        )
    return lines


def _footnotes(sources: Sources) -> list[str]:
    lines = []
    for source in sources.all():
        article = source.article
        parts = [f"**{md_text(source.name)}** — {md_text(article.title)}"]
        if article.published:
            parts.append(f"published {article.published.isoformat()}")
        if source.url:
            parts.append(f"<{source.url}>")
        parts.append(_code(article.id))
        lines.append(f"[^{source.number}]: " + " — ".join(parts))
    return lines


def brief_markdown(brief: Brief, articles: Mapping[str, Article]) -> str:
    """The whole brief as one Markdown document, ending with a newline."""
    sources = Sources(brief, articles)
    sections = [
        ("Summary", _summary(brief, sources)),
        ("What sources agree on", _claims(brief.agreed, sources, NO_AGREEMENT)),
        (DIFFER_HEADING, _conflicts(brief, sources, articles)),
        ("Only one source says", _claims(brief.single_source, sources, NO_SINGLE_SOURCE)),
        ("Who's who", _who(brief)),
        ("Timeline", _timeline(brief, sources)),
        ("Coverage", _coverage(brief, sources)),
    ]
    lines = _header(brief)
    for heading, body in sections:
        lines += ["", f"## {heading}", "", *body]
    lines += ["", *_footnotes(sources)]
    return "\n".join(lines) + "\n"
