"""`storyline brief`: the seeds' story in every format, through the real command line."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from storyline.cli.app import cli
from storyline.cli.brief_output import output_path
from storyline.cli.render import DIFFERENCES_IN_TERMINAL, brief_sections

from ..conftest import SEEDS
from ..helpers import storyline
from ..present.briefs import SCRIPT, hostile_articles, hostile_brief
from ..present.pages import parse

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seeds analysed once: the database and the id of their one story.

    Analysed in-process to keep the file fast (the model loads once, here);
    the briefs themselves are asked of the real command in a subprocess.
    """
    db = tmp_path_factory.mktemp("brief") / "seeds.db"
    result = CliRunner().invoke(cli, ["analyze", str(SEEDS), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.stdout)["stories"]
    return {"db": db, "story": story["id"]}


def section(document: str, heading: str) -> str:
    return document.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@needs_seeds
def test_markdown_brief_shows_the_duration_conflict_timeline_and_citations(
    seeds: dict[str, Any],
) -> None:
    result = storyline("brief", seeds["story"][:6], "--db", seeds["db"], "--format", "markdown")
    document = result.stdout
    differ = section(document, "Figures that differ (worth checking)")
    hours = differ[differ.index("### How long (hours)") :]
    assert "**just over an hour**" in hours and "**less than an hour**" in hours
    assert "> The second round of peace talks between Ukraine and Russia" in hours  # own words
    timeline = section(document, "Timeline")
    assert timeline.index("**2025-06-01**") < timeline.index("**2025-06-02**")
    summary = [line for line in section(document, "Summary").splitlines() if line]
    assert summary and all(re.search(r"\[\^\d+\]", line) for line in summary)
    assert re.findall(r"^\[\^(\d+)\]: ", document, flags=re.M) == ["1", "2", "3", "4", "5"]


@needs_seeds
def test_html_brief_is_one_well_formed_page_with_chart_and_timeline(
    seeds: dict[str, Any], tmp_path: Path
) -> None:
    page_file = tmp_path / "brief.html"
    result = storyline(
        "brief", seeds["story"], "--db", seeds["db"], "--format", "html", "--output", page_file
    )
    assert "Wrote" in result.stderr and result.stdout == ""
    page = parse(page_file.read_text(encoding="utf-8"))
    assert not {tag for tag, _ in page.tags} & {"script", "img", "link", "iframe"}
    assert [a["role"] for a in page.all("svg")] == ["img"]
    days = [t["datetime"] for t in page.all("time")]
    assert "2025-06-01" in days and "2025-06-02" in days
    sides = "".join(page.text_in["th"])
    assert "just over an hour" in sides and "less than an hour" in sides
    assert any(a["href"] == "#source-1" for a in page.all("a"))


def test_terminal_brief_puts_conflict_sides_next_to_each_other() -> None:
    articles = hostile_articles()
    console = Console(record=True, width=140, color_system=None)
    for part in brief_sections(hostile_brief(articles), articles):
        console.print(part)
    text = console.export_text()
    for heading in (
        "Sources",
        "What sources agree on",
        "Figures that differ (worth checking)",
        "Who's who",
        "Timeline",
        "Coverage",
    ):
        assert heading in text
    assert any(
        "just over an hour" in line and "less than an hour" in line for line in text.splitlines()
    )
    first = next(line for line in text.splitlines() if "Officials met on Monday" in line)
    assert "[1][2]" in first
    assert SCRIPT in text  # shown literally


def test_terminal_brief_shows_the_likeliest_differences_and_counts_the_rest() -> None:
    articles = hostile_articles()
    brief = hostile_brief(articles)
    many = replace(brief, conflicts=brief.conflicts * (DIFFERENCES_IN_TERMINAL + 2))
    console = Console(record=True, width=140, color_system=None)
    for part in brief_sections(many, articles):
        console.print(part)
    text = console.export_text()
    headings = [line for line in text.splitlines() if line.strip() == "How long (hours)"]
    assert len(headings) == DIFFERENCES_IN_TERMINAL
    assert "2 more, less likely, in --format html, markdown or json." in text


def test_html_goes_to_a_file_named_after_the_subject_unless_told_otherwise() -> None:
    assert output_path("html", None, "s1") == Path("brief-s1.html")
    assert output_path("html", Path("-"), "s1") is None
    assert output_path("markdown", None, "s1") is None
    assert output_path("json", Path("out.json"), "s1") == Path("out.json")


def test_help_explains_formats_and_the_default_file() -> None:
    text = CliRunner().invoke(cli, ["brief", "--help"]).stdout
    assert "markdown" in text and "brief-<id>.html" in text
