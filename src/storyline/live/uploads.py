"""Keep uploaded and fetched inputs as files, so the ordinary ingest reads them.

Each body is written to ``<uploads>/<content hash>/<cleaned file name>``: the
readers pick a format by file suffix, the stored article path names a file
that really exists, and the same upload twice is written once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 100


def clean_name(name: str, default: str = "upload") -> str:
    """A file name with no directories, no leading dots and only safe characters."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip("._")
    if not cleaned:
        return default
    if len(cleaned) > MAX_NAME:  # keep the suffix: it decides the reader
        stem, dot, suffix = cleaned.rpartition(".")
        keep = suffix[:20] if dot else ""
        cleaned = (stem if dot else cleaned)[: MAX_NAME - len(keep) - 1] + (dot + keep)
    return cleaned


def name_for_url(url: str, suffix: str) -> str:
    """A file name for a fetched URL, with the suffix its content type calls for."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "page"
    stem = clean_name(last, default="page").split(".", 1)[0] or "page"
    return stem + suffix


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` under ``folder`` and return its path (existing copy reused)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = folder / digest / clean_name(name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)  # never leave a half-written file under the final name
    return path


def shown_path(folder: Path, path: str) -> str:
    """``path`` as the client named it: the upload folder and hash directory removed."""
    prefix = str(folder) + "/"
    if not path.startswith(prefix):
        return path
    return path[len(prefix) :].split("/", 1)[-1]
