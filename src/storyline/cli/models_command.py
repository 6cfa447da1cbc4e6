"""``storyline models``: build the model files that are made on this machine, not shipped."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.markup import escape

from ..nlp.embed_onnx import MODEL_FILE, export_int8, model_ready
from ..settings import load_settings
from .common import emit_json, err, friendly_errors, json_option, out


@click.group()
def models() -> None:
    """Build model files Storyline makes from the bundled weights."""


@models.command("build-onnx")
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the model here [default: $STORYLINE_ONNX_MODEL_DIR, or "
    "~/.cache/storyline/models/minilm-onnx-int8].",
)
@click.option("--force", is_flag=True, help="Build again even if the model is already there.")
@json_option
@friendly_errors
def build_onnx(target: Path | None, force: bool, as_json: bool) -> None:
    """Build the int8 ONNX embedding model for the fast CPU backend.

    \b
    Exports the bundled all-MiniLM-L6-v2 to ONNX, fuses its attention layers
    and stores its weights as 8-bit integers (about 23 MB). It takes a few
    seconds and needs torch this once; running it needs only onnxruntime.
    Then switch to it:

    \b
      export STORYLINE_EMBEDDING_BACKEND=onnx-int8
      storyline analyze ~/news/

    Embedding is about twice as fast on a CPU; the vectors are within cosine
    ~0.99 of the torch model's and are cached apart from them. Without this
    command the model is built on first use anyway. `storyline bench embed`
    compares both backends' speed and vectors.
    """
    settings = load_settings(onnx_model_dir=target)  # None keeps the environment's or default
    folder = settings.onnx_model_dir.expanduser()
    if model_ready(folder) and not force:
        model = folder / MODEL_FILE
        if as_json:
            emit_json({"model": str(model), "bytes": model.stat().st_size, "built": False})
            return
        out.print(f"Already built: {escape(str(model))} (use --force to build it again)")
        return
    if not as_json:
        err.print(f"Building the int8 ONNX model in {escape(str(folder))} (a few seconds)…")
    started = time.perf_counter()
    model = export_int8(folder)
    seconds, size = time.perf_counter() - started, model.stat().st_size
    if as_json:
        emit_json({"model": str(model), "bytes": size, "built": True, "seconds": round(seconds, 1)})
        return
    out.print(
        f"[green]Built[/green] {escape(str(model))} ({size / 1e6:.0f} MB, {seconds:.1f} s). "
        "Use it with STORYLINE_EMBEDDING_BACKEND=onnx-int8."
    )
