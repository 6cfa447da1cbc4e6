"""Coverage-guided fuzzing of one target with atheris (libFuzzer for Python).

    python tests/fuzz/run_atheris.py TARGET [libFuzzer options]

TARGET is one of the names in ``targets.TARGETS``. libFuzzer options pass
through, e.g. ``-runs=5000`` or ``-max_total_time=300``; ``make fuzz`` runs
every target for a while. The corpus starts from the target's valid samples
(``targets.SAMPLES``) and grows in ``$STORYLINE_FUZZ_CORPUS/TARGET`` (a fresh
temporary folder when unset), so a longer campaign can resume where one ended.
Storyline's own code is instrumented, so the fuzzer steers towards inputs that
reach new branches of our parsers. A crash prints the
input that caused it and exits non-zero.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["storyline"]):
    from targets import SAMPLES, TARGETS  # run as a script: this folder is on sys.path


def _corpus(target: str) -> Path:
    root = os.environ.get("STORYLINE_FUZZ_CORPUS")
    folder = Path(root) / target if root else Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    folder.mkdir(parents=True, exist_ok=True)
    for number, sample in enumerate(SAMPLES[target]):
        (folder / f"sample-{number}").write_bytes(sample)
    return folder


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: run_atheris.py TARGET [libFuzzer options]; targets: {', '.join(TARGETS)}")
    name = sys.argv[1]
    atheris.Setup([sys.argv[0], *sys.argv[2:], str(_corpus(name))], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
