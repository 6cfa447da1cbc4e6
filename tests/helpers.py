"""Run the real `storyline` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def storyline(
    *args: str | Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    merged = {**os.environ, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "storyline", *map(str, args)],
        capture_output=True,
        text=True,
        env=merged,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"storyline {args} failed ({result.returncode}):\n{result.stderr}")
    return result


def storyline_json(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return json.loads(storyline(*args, "--json", env=env).stdout)
