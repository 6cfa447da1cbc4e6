"""Read input files safely and turn their bytes into normalised text.

Everything that can go wrong between a path and a ``str`` becomes an
:class:`~storyline.errors.InputError` whose reason tells the user what to do.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Text with more than this share of control characters is not an article.
_MAX_CONTROL_SHARE = 0.10
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MIB = 1024 * 1024


def describe_size(limit: int) -> str:
    """A byte count the way a person writes it ("64 MiB", "1500 bytes")."""
    if limit >= _MIB and limit % _MIB == 0:
        return f"{limit // _MIB} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit} bytes"


def too_large_reason(limit: int) -> str:
    return f"larger than the {describe_size(limit)} limit (raise --max-input-bytes to ingest it)"


def os_reason(exc: OSError) -> str:
    """The operating system's own words for a failed read ("permission denied")."""
    message = exc.strerror or str(exc)
    return f"cannot read: {message[:1].lower()}{message[1:]}"


def check_size(path: Path, label: str, limit: int) -> None:
    """Refuse a file over the limit before reading any of it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(label, os_reason(exc)) from exc
    if size > limit:
        raise InputError(label, too_large_reason(limit))


def read_bounded(stream: BinaryIO, label: str, limit: int) -> bytes:
    """Read a whole stream, but never more than ``limit`` bytes into memory.

    ``stat`` can under-report (pipes, files still being written), so the bound
    is enforced on the read itself too.
    """
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(label, too_large_reason(limit))
    return data


def read_file_bytes(path: Path, label: str, limit: int) -> bytes:
    """All bytes of a regular file no larger than ``limit``."""
    check_size(path, label, limit)
    try:
        with path.open("rb") as stream:
            return read_bounded(stream, label, limit)
    except OSError as exc:
        raise InputError(label, os_reason(exc)) from exc


def normalise_text(text: str) -> str:
    """Unix newlines and NFC, so equal articles compare (and hash) equal."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_not_binary(text: str, label: str) -> None:
    """Reject decoded text that is really a binary file."""
    if "\x00" in text:
        raise InputError(label, "looks binary (NUL bytes); not a text article")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(label, "looks binary (mostly control characters); not a text article")


def decode_utf8(data: bytes, label: str) -> str:
    """Strict UTF-8 with an optional BOM, newline- and NFC-normalised.

    Raises InputError for empty, binary or non-UTF-8 input.
    """
    if data.startswith(_UTF16_BOMS):
        raise InputError(label, "UTF-16 text is not supported; re-save the file as UTF-8")
    if b"\x00" in data:
        raise InputError(label, "looks binary (NUL bytes); not a text article")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    return _decode_checked(data, "utf-8", label, "UTF-8", "")


def _decode_checked(data: bytes, codec: str, label: str, shown: str, why: str) -> str:
    """Decode strictly, then refuse empty or binary-looking text; normalise the rest."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            label,
            f"not valid {shown} (byte 0x{data[exc.start]:02x} at offset {exc.start}){why}; "
            "re-save the file as UTF-8",
        ) from exc
    if not text.strip():
        raise InputError(label, "empty file")
    check_not_binary(text, label)
    return normalise_text(text)


def decode_declared(data: bytes, encoding: str | None, label: str) -> str:
    """Decode with a declared charset (HTML meta, HTTP header), else strict UTF-8.

    An unknown charset name falls back to UTF-8 rather than failing: many
    pages declare one wrongly and are really UTF-8.
    """
    if data.startswith(_UTF8_BOM) or not encoding:
        return decode_utf8(data, label)
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return decode_utf8(data, label)
    if codec.name in ("utf-8", "utf-8-sig"):
        return decode_utf8(data, label)
    if b"\x00" in data and not codec.name.startswith("utf-16"):
        raise InputError(label, "looks binary (NUL bytes); not a text article")
    return _decode_checked(data, codec.name, label, encoding, " although the page declares it")
