"""A short coverage-guided fuzzing run of every target, so a parser crash fails CI.

Each target runs a few thousand inputs through atheris, starting from valid
samples of its format. ``make fuzz`` runs the same targets for minutes each; its
figures are in docs/reliability.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .targets import SAMPLES, TARGETS

RUNNER = Path(__file__).with_name("run_atheris.py")
RUNS = 1500


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_fuzzer_finds_no_crash(target: str, tmp_path: Path) -> None:
    scratch = str(tmp_path)
    env = {**os.environ, "STORYLINE_FUZZ_DIR": scratch, "STORYLINE_FUZZ_CORPUS": scratch}
    done = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            target,
            f"-runs={RUNS}",
            "-max_len=4096",
            "-seed=1",
            "-timeout=20",
            "-rss_limit_mb=4096",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        env=env,
    )
    tail = done.stderr[-3000:]
    assert done.returncode == 0, f"atheris found a failing input for {target}:\n{tail}"
    assert f"Done {RUNS} runs" in done.stderr, tail
    # The corpus grew beyond the samples: the fuzzer reached new code.
    assert len(list((tmp_path / target).iterdir())) > len(SAMPLES[target])


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_sample_is_read_without_error(target: str) -> None:
    for sample in SAMPLES[target]:
        TARGETS[target](sample)
