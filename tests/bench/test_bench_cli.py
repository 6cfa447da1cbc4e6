"""`storyline bench` comes from the storyline-bench distribution and reads one data folder."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

from storyline_bench import commands
from storyline_bench.cli import COMMANDS

from ..conftest import SHARED
from ..helpers import storyline, storyline_json

TBAQ = SHARED / "eval" / "tempeval3" / "TBAQ-cleaned"


def test_the_bench_group_is_registered_through_its_entry_point() -> None:
    listing = storyline("bench", "--help").stdout
    for name in ("cluster", "lineage", "conflicts", "timex", "summary"):
        assert f"  {name} " in listing
    assert "--shared" in listing


def test_a_missing_data_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    result = storyline("bench", "--shared", empty, "timex", "--limit", "1", check=False)
    assert result.returncode != 0
    said = result.stderr.replace("\n", "")  # the error console wraps long lines
    assert str(empty / "eval" / "tempeval3" / "TBAQ-cleaned") in said
    assert "--data" in said


@pytest.mark.skipif(not TBAQ.is_dir(), reason="TempEval-3 is not beside the repository")
def test_defaults_come_from_the_shared_option_wherever_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # ../shared does not exist from here
    monkeypatch.delenv("STORYLINE_SHARED", raising=False)
    report = storyline_json(
        "bench", "--shared", SHARED.resolve(), "timex", "--limit", "1", "--method", "dateparser"
    )
    assert {m["part"] for m in report["methods"]} >= {"TimeBank", "AQUAINT"}


@pytest.mark.skipif(not TBAQ.is_dir(), reason="TempEval-3 is not beside the repository")
def test_the_environment_names_the_data_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = storyline_json(
        "bench",
        "timex",
        "--limit",
        "1",
        "--method",
        "dateparser",
        env={"STORYLINE_SHARED": str(SHARED.resolve())},
    )
    assert {m["part"] for m in report["methods"]} >= {"TimeBank", "AQUAINT"}


def test_every_command_module_is_listed_once() -> None:
    modules = {m.name for m in pkgutil.iter_modules(commands.__path__)}
    assert sorted(COMMANDS) == sorted(modules) and len(set(COMMANDS)) == len(COMMANDS)
