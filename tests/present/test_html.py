"""The HTML brief: one safe, self-contained, accessible page."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.models import Article, Brief, BriefSentence, Citation, Span
from storyline.present import brief_html, safe_url
from storyline.present.charts import gap_label

from .briefs import IMG, SCRIPT, hostile_articles, hostile_brief
from .pages import parse

SECTIONS = (
    "Summary",
    "What sources agree on",
    "Figures that differ (worth checking)",
    "Only one source says",
    "Who's who",
    "Timeline",
    "Coverage",
    "Sources",
)


@pytest.fixture(scope="module")
def hostile() -> str:
    articles = hostile_articles()
    return brief_html(hostile_brief(articles), articles)


def test_hostile_markup_is_shown_as_text_and_never_becomes_a_tag(hostile: str) -> None:
    page = parse(hostile)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs, tag  # nothing is fetched: no external resources at all
    text = "".join(page.text)
    assert SCRIPT in text and IMG in text  # escaped, so readable, not dropped
    assert "<script" not in hostile.lower() and "<img" not in hostile.lower()


def test_only_http_links_and_in_page_anchors_that_exist(hostile: str) -> None:
    page = parse(hostile)
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://")), href
    assert not any("javascript:" in h or h.startswith("data:") for h in hrefs)
    external = [h for h in hrefs if h.startswith("http")]
    assert external == ["https://example.org/news?id=1&x=%22%3E%3Cscript%3Ealert(2)%3C/script%3E"]


def test_content_security_policy_forbids_scripts_and_allows_exactly_the_style_sheet(
    hostile: str,
) -> None:
    page = parse(hostile)
    (policy,) = [
        m["content"] for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"
    ]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert "script-src" not in directives  # falls back to 'none'
    digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert not [t for t, a in page.tags if "style" in a]  # inline style= would be blocked


def test_citations_are_superscript_links_to_numbered_sources(hostile: str) -> None:
    page = parse(hostile)
    sources = {
        a["id"]: a.get("value") for a in page.all("li") if a.get("id", "").startswith("source-")
    }
    assert sources == {"source-1": "1", "source-2": "2", "source-3": "3"}
    cites = [a["href"] for a in page.all("a") if a["href"].startswith("#source-")]
    assert cites[:3] == ["#source-1", "#source-2", "#source-3"]  # numbered in reading order
    assert hostile.count('<sup class="cites">') >= 6


def test_sections_headings_and_tables_are_accessible(hostile: str) -> None:
    page = parse(hostile)
    assert len(page.all("h1")) == 1 and page.all("html")[0]["lang"] == "en"
    headings = page.text_in["h2"]
    assert headings == list(SECTIONS)
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    (svg,) = page.all("svg")
    assert svg["role"] == "img"
    labelled = svg["aria-labelledby"].split()
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert labelled and set(labelled) <= ids


def test_conflict_sides_stand_in_columns_with_the_sources_own_words(hostile: str) -> None:
    page = parse(hostile)
    headers = "".join(page.text_in["th"])
    assert f"just over an hour {SCRIPT}" in headers and "less than an hour" in headers
    quoted = "".join(page.text_in["blockquote"])
    assert f"The talks lasted just over an hour {SCRIPT}." in quoted
    assert "The talks ended in less than an hour." in quoted


def test_timeline_lists_dates_in_order_on_an_axis(hostile: str) -> None:
    page = parse(hostile)
    days = [t["datetime"] for t in page.all("time")]
    assert days[:2] == ["2025-06-01", "2025-06-02"]
    assert any(a.get("class") == "timeline" for a in page.all("ol"))


def test_gaps_between_timeline_entries_are_labelled() -> None:
    assert gap_label(date(2025, 6, 1), date(2025, 6, 2)) is None
    assert gap_label(date(2025, 5, 16), date(2025, 6, 1)) == "16 days later"
    assert gap_label(date(2022, 2, 24), date(2025, 5, 16)) == "about 3 years later"


def test_an_empty_brief_still_makes_a_valid_page() -> None:
    page = parse(brief_html(Brief("e1", "Nothing yet", ()), {}))
    assert "No sentence long enough to summarise." in "".join(page.text)


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a b", None),
        ("HTTPS://Example.org/x", "HTTPS://Example.org/x"),
        ("javascript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,hi", None),
        ("//example.org/x", None),
        ("http:///nohost", None),
        ('http://e.org/"><b>', "http://e.org/%22%3E%3Cb%3E"),
    ],
)
def test_only_http_urls_are_linked(url: str, linked: str | None) -> None:
    assert safe_url(url) == linked


@given(st.text())
def test_any_article_text_stays_text(words: str) -> None:
    article = Article("a1", words, words, "x.txt", outlet=words, url=words)
    citation = Citation("a1", Span("a1", 0, len(words)), words)
    brief = Brief("e1", words, (BriefSentence(words, (citation,)),), articles=1)
    page = parse(brief_html(brief, {"a1": article}))
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "p",
        "h1",
        "code",
        "nav",
        "ol",
        "li",
        "a",
        "main",
        "section",
        "h2",
        "sup",
        "span",
        "table",
        "thead",
        "tr",
        "th",
        "tbody",
        "td",
        "strong",
        "svg",
        "desc",
        "g",
        "text",
        "rect",
        "line",
        "footer",
        "ul",
        "time",
    }
    assert {tag for tag, _ in page.tags} <= allowed
