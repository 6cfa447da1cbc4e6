"""The library as a user imports it: every public name resolves, and the example runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import storyline

from .conftest import SEEDS


def test_every_public_name_resolves_and_import_loads_no_model() -> None:
    # In a fresh interpreter: importing the package must not import the pipeline.
    probe = "import storyline, sys; print('storyline.service' in sys.modules)"
    fresh = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert fresh.stdout.strip() == "False"
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None, name
    with pytest.raises(AttributeError):
        _ = storyline.no_such_name  # type: ignore[attr-defined]


def test_the_package_docstring_example_briefs_the_seeds(tmp_path: Path) -> None:
    from storyline import Settings, analyze, ingest_paths, open_store, show

    settings = Settings(db=tmp_path / "news.db")
    with open_store(settings.store_location) as store:
        ingest_paths(store, [SEEDS], settings)
        analysis = analyze(store, settings)
        subjects = [show(store, settings, story.id) for story in analysis.stories]
    assert sum(len(s.articles) for s in subjects) == 5
    assert all(s.brief.independent_reports >= 1 and s.brief.sentences for s in subjects)
