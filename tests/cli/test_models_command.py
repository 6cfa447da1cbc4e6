"""`storyline models build-onnx` and the backend setting, as a user meets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import storyline, storyline_json


def test_help_says_what_it_builds_and_how_to_use_it() -> None:
    text = storyline("models", "build-onnx", "--help").stdout
    assert "STORYLINE_EMBEDDING_BACKEND=onnx-int8" in text
    assert "--force" in text and "--json" in text


@pytest.mark.slow
def test_an_existing_model_is_kept_unless_forced(onnx_model_dir: Path) -> None:
    report = storyline_json("models", "build-onnx", "--dir", onnx_model_dir)
    assert report["built"] is False and report["bytes"] > 10e6
    human = storyline("models", "build-onnx", env={"STORYLINE_ONNX_MODEL_DIR": str(onnx_model_dir)})
    assert "Already built" in human.stdout and "--force" in human.stdout


def test_an_unknown_backend_fails_with_the_allowed_values(tmp_path: Path) -> None:
    result = storyline(
        "stories",
        "--db",
        tmp_path / "s.db",
        env={"STORYLINE_EMBEDDING_BACKEND": "gpu"},
        check=False,
    )
    assert result.returncode == 1
    assert "'torch' or 'onnx-int8'" in result.stderr and "Traceback" not in result.stderr
