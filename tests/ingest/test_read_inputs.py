"""read_inputs and discover_inputs: every bad input becomes a clear Skipped."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import discover_inputs, read_inputs
from storyline.models import Article, Skipped
from storyline.settings import Settings

from .conftest import PARAGRAPHS, articles, only_article, only_skip, read_all, seed_path, skipped

STORY = "Talks end after an hour\n\n" + "\n".join(PARAGRAPHS) + "\n"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert only_skip(path) == Skipped(str(path), "empty file")


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  ")
    assert only_skip(path).reason == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert only_skip(path).reason == "looks binary (NUL bytes); not a text article"


def test_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 9)) * 20 + b"some text")
    assert "looks binary" in only_skip(path).reason


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Caf\xe9 owners protest\nThey marched.\n")
    reason = only_skip(path).reason
    assert reason == "not valid UTF-8 (byte 0xe9 at offset 3); re-save the file as UTF-8"


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(STORY * 10)
    reason = only_skip(path, Settings(max_input_bytes=1024)).reason
    assert reason == "larger than the 1 KiB limit (raise --max-input-bytes to ingest it)"


def test_oversize_article_text(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(STORY)
    reason = only_skip(path, Settings(max_article_chars=100)).reason
    assert "over the limit of 100" in reason


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    reason = only_skip(path).reason
    assert reason.startswith("unsupported file type; supported: ")
    assert ".txt" in reason and ".warc.gz" in reason


def test_plain_gzip_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode()))
    assert "unsupported file type" in only_skip(path).reason


def test_missing_path() -> None:
    results = list(read_inputs(["/no/such/place.txt"], Settings()))
    assert results == [Skipped("/no/such/place.txt", "no such file or directory")]
    assert list(discover_inputs(["/no/such/place.txt"])) == []


def test_broken_symlink_reports_os_reason(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    assert only_skip(link).reason == "cannot read: no such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    try:
        assert "permission denied" in only_skip(path).reason
    finally:
        path.chmod(0o644)


def test_truncated_gzip_for_warc(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\n" * 200)[:40])
    (result,) = read_all([path])
    assert isinstance(result, Skipped)
    assert "truncated gzip stream" in result.reason


def _mixed_tree(root: Path) -> dict[str, Path]:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    files = {
        "good1": root / "a.txt",
        "good2": root / "sub" / "b.txt",
        "good3": root / "sub" / "deeper" / "c.jsonl",
        "empty": root / "sub" / "empty.txt",
        "binary": root / "z.txt",
        "unknown": root / "notes.docx",
    }
    files["good1"].write_text(STORY)
    files["good2"].write_text(STORY.replace("Talks end", "Talks finish"))
    files["good3"].write_text('{"title": "T", "text": "A story in JSON."}\n')
    files["empty"].write_text("")
    files["binary"].write_bytes(b"\x00\x01\x02")
    files["unknown"].write_bytes(b"PK\x03\x04")
    (root / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n")
    (root / ".hidden.txt").write_text(STORY)
    return files


def test_directory_with_mixed_files(tmp_path: Path) -> None:
    files = _mixed_tree(tmp_path)
    results = read_all([tmp_path])
    assert {a.path for a in articles(results)} == {
        str(files["good1"]),
        str(files["good2"]),
        f"{files['good3']}:1",
    }
    assert {s.path for s in skipped(results)} == {
        str(files[k]) for k in ("empty", "binary", "unknown")
    }


def test_discovery_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    _mixed_tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in discover_inputs([tmp_path])]
    assert found == [
        "a.txt",
        "notes.docx",
        "sub/b.txt",
        "sub/deeper/c.jsonl",
        "sub/empty.txt",
        "z.txt",
    ]
    assert list(discover_inputs([tmp_path])) == list(discover_inputs([str(tmp_path)]))


def test_paths_keep_the_form_the_user_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY)
    monkeypatch.chdir(tmp_path)
    (article,) = articles(read_all(["in"]))
    assert article.path == os.path.join("in", "a.txt")


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    assert len(read_all([path, tmp_path])) == 1


def test_same_content_gives_same_ids(tmp_path: Path) -> None:
    first = only_article(seed_path(2))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path(2).read_bytes().replace(b"\n", b"\r\n"))
    again = only_article(seed_path(2))
    crlf = only_article(copy)
    assert first.id == again.id == crlf.id
    assert first.text == crlf.text


FILE_KINDS = st.sampled_from(["x.txt", "x.jsonl", "x.xml", "x.html", "x.warc.gz", "x.rss"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=FILE_KINDS, data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for result in read_inputs([path], Settings()):
        assert isinstance(result, Article | Skipped)
        if isinstance(result, Skipped):
            assert result.reason


TEXTY = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400) | st.lists(
    st.sampled_from(
        [
            *PARAGRAPHS,
            "Advertisement",
            "Monday, June 2, 2025",
            "http://example.com/x",
            "{",
            '{"text": "a"}',
            "<rss>",
            "<item>",
        ]
    ),
    max_size=12,
).map("\n".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=FILE_KINDS, text=TEXTY)
def test_arbitrary_text_never_raises(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for result in read_inputs([path], Settings()):
        assert isinstance(result, Article | Skipped)
        if isinstance(result, Article):
            assert result.text and result.text == result.text.strip()
            assert "\n\n" not in result.text
