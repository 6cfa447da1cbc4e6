"""Run the `storyline` command as a user would: in process by default, or in a real one.

In process (click's runner) the models load once for the whole test run instead of once
per call, which is most of what a call costs. ``process=True`` runs ``python -m
storyline`` in a subprocess, for what only a real process shows: its start-up, its exit
code from the interpreter, signals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

from click.testing import CliRunner


def storyline(
    *args: str | Path,
    env: dict[str, str] | None = None,
    check: bool = True,
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    words = [str(a) for a in args]
    result = _in_a_process(words, env) if process else _in_process(words, env)
    if check and result.returncode != 0:
        raise AssertionError(f"storyline {args} failed ({result.returncode}):\n{result.stderr}")
    return result


def storyline_json(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return json.loads(storyline(*args, "--json", env=env).stdout)


def _in_a_process(words: list[str], env: dict[str, str] | None) -> subprocess.CompletedProcess[str]:
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "storyline", *words],
        capture_output=True,
        text=True,
        env=merged,
        timeout=600,
    )


def _in_process(words: list[str], env: dict[str, str] | None) -> subprocess.CompletedProcess[str]:
    from storyline.cli.app import cli

    result = CliRunner().invoke(cli, words, env=env, prog_name="storyline")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What an uncaught exception prints in a real process.
        info = result.exc_info
        assert info is not None
        stderr += "".join(traceback.format_exception(*info))
    return subprocess.CompletedProcess(
        ["storyline", *words], result.exit_code, result.stdout, stderr
    )
