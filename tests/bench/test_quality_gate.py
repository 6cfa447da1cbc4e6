"""The quality gate CI runs: the key figures on small fixed samples, against pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline_bench.gate import FLOORS

from ..conftest import SHARED
from ..helpers import storyline

# Embeds and parses samples of three corpora: deselect with -m "not slow"; CI runs it.
pytestmark = pytest.mark.slow

NEEDED = (
    SHARED / "corpus" / "ecbplus-dev",
    SHARED / "corpus" / "meter-dev",
    SHARED / "eval" / "tempeval3" / "TBAQ-cleaned",
)
# A floor far below its figure guards nothing: when a figure rises, its floor follows.
SLACK = 0.05


@pytest.mark.skipif(
    not all(p.is_dir() for p in NEEDED), reason="the dev corpora are not beside the project"
)
def test_every_gated_figure_holds_its_floor(tmp_path: Path) -> None:
    run = storyline(
        "bench", "--shared", SHARED, "gate", "--cache-dir", tmp_path, "--json", check=False
    )
    rows = json.loads(run.stdout)["figures"]
    table = "\n".join(
        f"{r['figure']}: {r['value']:.4f} (floor {r['floor']:.4f}, {r['sample']})" for r in rows
    )
    assert [r["figure"] for r in rows] == [f.figure for f in FLOORS]
    assert all(r["passed"] for r in rows) and run.returncode == 0, f"below a floor:\n{table}"
    for row in rows:
        assert row["value"] - row["floor"] <= SLACK, f"raise the floor of {row['figure']}:\n{table}"
