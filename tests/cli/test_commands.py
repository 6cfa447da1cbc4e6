"""The command line as a user meets it: help, bad input, errors, JSON."""

from __future__ import annotations

from pathlib import Path

from ..conftest import seed
from ..helpers import storyline, storyline_json


def test_help_teaches_every_command() -> None:
    # In a real process once: `python -m storyline` starts and exits cleanly.
    text = storyline("--help", process=True).stdout
    for command in ("ingest", "analyze", "stories", "show", "search"):
        assert command in text
    assert "--json" in storyline("ingest", "--help").stdout


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(seed("002").read_text())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (inbox / "latin1.txt").write_bytes("Caf\xe9 talks resumed on Monday.".encode("latin-1"))
    (inbox / "big.txt").write_text("Talks went on. " * 1000)
    db = tmp_path / "s.db"
    report = storyline_json(
        "ingest", inbox, tmp_path / "missing", "--db", db, "--max-input-bytes", "5000"
    )
    assert len(report["stored"]) == 1
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "big.txt", "missing"}
    assert "UTF-8" in reasons["latin1.txt"] and "empty" in reasons["empty.txt"]
    human = storyline("ingest", inbox, "--db", db, "--max-input-bytes", "5000")
    assert "latin1.txt" in human.stderr and "already present" in human.stdout


def test_unknown_id_says_how_to_find_one(tmp_path: Path) -> None:
    result = storyline("show", "zzz", "--db", tmp_path / "s.db", check=False)
    assert result.returncode == 4
    assert "storyline stories" in result.stderr


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database " * 200)
    result = storyline("stories", "--db", bogus, check=False)
    assert result.returncode == 3
    assert "notes.db" in result.stderr and "Traceback" not in result.stderr


def test_an_error_names_a_long_path_whole_on_one_line(tmp_path: Path) -> None:
    # Wider than any terminal: the console must not cut the path to fit (80 columns here).
    bogus = tmp_path / ("archive-" * 16) / "notes.db"
    bogus.parent.mkdir()
    bogus.write_text("not a database " * 200)
    result = storyline("stories", "--db", bogus, check=False, env={"COLUMNS": "80"})
    assert result.returncode == 3
    assert str(bogus) in result.stderr


def test_empty_database_lists_nothing_and_says_what_to_do(tmp_path: Path) -> None:
    assert "storyline analyze" in storyline("stories", "--db", tmp_path / "s.db").stdout
    assert storyline_json("stories", "--db", tmp_path / "s.db") == {
        "total": 0,
        "stories": [],
        "events": [],
    }


def test_hostile_title_is_printed_literally_not_as_markup(tmp_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text("[bold red]Pwned[/bold red] headline\nThe talks in Istanbul ended early.\n")
    db = tmp_path / "s.db"
    storyline("ingest", article, "--db", db)
    found = storyline("search", "Istanbul", "--db", db).stdout
    assert "[bold red]Pwned" in found
