"""The Markdown brief: readable as text, safe and well-formed when rendered."""

from __future__ import annotations

import re
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from storyline.models import Brief
from storyline.present import brief_markdown
from storyline.present.markdown import md_text

from .briefs import SCRIPT, hostile_articles, hostile_brief

COMMONMARK = MarkdownIt("commonmark")


@pytest.fixture(scope="module")
def hostile() -> str:
    articles = hostile_articles()
    return brief_markdown(hostile_brief(articles), articles)


def section(document: str, heading: str) -> str:
    """The text under a ``## heading``, up to the next one."""
    after = document.split(f"\n## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0].strip()


def test_every_section_is_there_in_order(hostile: str) -> None:
    headings = re.findall(r"^## (.+)$", hostile, flags=re.M)
    assert headings == [
        "Summary",
        "What sources agree on",
        "Figures that differ (worth checking)",
        "Only one source says",
        "Who's who",
        "Timeline",
        "Coverage",
    ]
    assert hostile.startswith("# Istanbul talks \\<script\\>")


def test_citations_are_footnotes_and_every_one_is_defined(hostile: str) -> None:
    summary = section(hostile, "Summary")
    assert summary.splitlines()[0].endswith("[^1][^2] *(2 independent reports)*")
    used = set(re.findall(r"\[\^(\d+)\](?!:)", hostile))
    defined = re.findall(r"^\[\^(\d+)\]: ", hostile, flags=re.M)
    assert defined == ["1", "2", "3"] and used == set(defined)


def test_conflict_shows_each_value_and_the_sources_own_words(hostile: str) -> None:
    differ = section(hostile, "Figures that differ (worth checking)")
    assert "### How long (hours)" in differ
    assert "| **less than an hour** |" in differ
    assert "> The talks ended in less than an hour.[^2]" in differ
    assert (
        "> The talks lasted just over an hour \\<script\\>alert('pwned')\\</script\\>.[^1]"
        in differ
    )


def test_timeline_and_coverage(hostile: str) -> None:
    timeline = section(hostile, "Timeline")
    assert timeline.index("**2025-06-01**") < timeline.index("**2025-06-02**")
    coverage = section(hostile, "Coverage")
    assert "3 articles from 2 independent reports" in coverage
    assert "| unknown outlet | 1 | [^2] |" in coverage


def test_hostile_text_renders_as_text_on_github_style_markdown(hostile: str) -> None:
    rendered = MarkdownIt("commonmark").enable("table").render(hostile)
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert 'href="javascript' not in rendered
    assert escape(SCRIPT, quote=False) in rendered  # shown, not dropped
    assert "<table>" in rendered and "<blockquote>" in rendered


def test_unsafe_urls_are_not_linked_and_safe_ones_are(hostile: str) -> None:
    footnotes = hostile[hostile.index("[^1]: ") :]
    assert "javascript" not in footnotes and "data:" not in footnotes
    assert "<https://example.org/news?id=1&x=%22%3E%3Cscript%3Ealert(2)%3C/script%3E>" in footnotes


def test_an_empty_brief_says_so() -> None:
    document = brief_markdown(Brief("e1", "Nothing yet", ()), {})
    assert "*No sentence long enough to summarise.*" in document
    assert document.endswith("\n") and "[^" not in document


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("file_name and 000_0c90", "file_name and 000_0c90"),  # intraword: left alone
        ("_emphasis_", "\\_emphasis\\_"),
        ("1. not a list", "1\\. not a list"),
        ("AT&T and &lt;", "AT&T and \\&lt;"),
        ("a\nb   c", "a b c"),
    ],
)
def test_md_text_examples(text: str, shown: str) -> None:
    assert md_text(text) == shown


PUNCTUATION = st.text(alphabet="ab1 .-+=#*_`[]()<>!|~&;:/\\\"'\n\t>", max_size=40)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(st.one_of(PUNCTUATION, ANY_TEXT))
def test_md_text_renders_back_to_exactly_the_words(text: str) -> None:
    flat = " ".join(text.split())
    rendered = COMMONMARK.render(md_text(text))
    expected = f"<p>{escape(flat, quote=False)}</p>\n" if flat else ""
    assert rendered.replace("&quot;", '"') == expected
