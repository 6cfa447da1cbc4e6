"""One batch of hostile inputs through the real command line.

Every file either becomes articles or is skipped with its path and a reason; the
process never crashes, and the one good article in the batch is stored as usual.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store

from .conftest import seed

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>Bomb</title><description>&e;&e;&e;&e;</description></item>
</channel></rss>
"""


def _feed(items: int) -> str:
    body = "".join(
        f"<item><title>Item {i}</title><link>https://example.org/{i}</link>"
        f"<description>Officials met on day {i} to discuss the dam.</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    )


def _hostile_batch(folder: Path) -> dict[str, str]:
    """Writes the batch; returns file name -> what it tries."""
    folder.mkdir()
    (folder / "good.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bomb.xml").write_text(BOMB, encoding="utf-8")
    (folder / "many-items.rss").write_text(_feed(5000), encoding="utf-8")
    with (folder / "huge-line.txt").open("w", encoding="ascii") as huge:
        for _ in range(100):  # 100 MB on one line
            huge.write("word " * 200_000 + "x" * 0)
    with (folder / "long-line.txt").open("w", encoding="ascii") as long:
        for _ in range(60):  # 60 MB on one line: under the input limit, over the article limit
            long.write("word " * 200_000)
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 100_000 + "Talks ended." + "</div>" * 100_000 + "</body></html>",
        encoding="utf-8",
    )
    (folder / "bad-utf8.txt").write_bytes(b"Talks in Istanbul \xff\xfe\xfd ended after an hour.\n")
    (folder / "nul.txt").write_bytes(b"Talks\x00in\x00Istanbul\x00ended.\n" * 50)
    (folder / "binary.html").write_bytes(bytes(range(256)) * 400)
    (folder / "empty.jsonl").write_text("", encoding="utf-8")
    far = [
        {
            "title": "Ancient",
            "text": "Talks were held in the year 1 and again in 40000.",
            "published": "0001-01-01",
        },
        {
            "title": "Future",
            "text": "They will meet on 31 December 9999 in Istanbul.",
            "published": "9999-12-31T23:59:59Z",
        },
        {"title": "Nonsense date", "text": "A meeting happened.", "published": "-5000-13-45"},
        {
            "title": "Overflow",
            "text": "Figures: 1e309 drones and 10**400 shells.",
            "published": 1e308,
        },
    ]
    deep_json = "[" * 100_000 + "]" * 100_000
    lines = [json.dumps(r) for r in far] + [deep_json, '{"title": "cut off', "\x00\x01"]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {p.name: "" for p in folder.iterdir()}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    _hostile_batch(root / "in")
    db = root / "h.db"
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "ingest", str(root / "in"), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    document: dict[str, Any] = json.loads(done.stdout)
    with open_store(db) as store:
        document["articles"] = store.articles()
    return document


def test_every_hostile_file_is_stored_or_skipped_with_a_reason(outcome: dict[str, Any]) -> None:
    stored = {_file(a.path) for a in outcome["articles"]}
    skipped = {_file(s["path"]): s["reason"] for s in outcome["skipped"]}
    for name in (
        "bomb.xml",
        "many-items.rss",
        "huge-line.txt",
        "long-line.txt",
        "deep.html",
        "bad-utf8.txt",
        "nul.txt",
        "binary.html",
        "empty.jsonl",
        "records.jsonl",
    ):
        assert name in stored or name in skipped, name
        assert name not in skipped or skipped[name].strip(), name
    assert "good.txt" in stored
    assert "too large" in skipped["huge-line.txt"] or "larger" in skipped["huge-line.txt"]
    assert "far over the limit" in skipped["long-line.txt"]


def _file(path: str) -> str:
    """The file a stored or skipped path names (feeds add #item, JSON lines :line)."""
    return Path(path).name.split("#")[0].split(":")[0]


def test_each_bad_json_line_is_skipped_alone(outcome: dict[str, Any]) -> None:
    reasons = {
        s["path"].rsplit(":", 1)[-1]: s["reason"]
        for s in outcome["skipped"]
        if _file(s["path"]) == "records.jsonl"
    }
    assert set(reasons) == {"5", "6", "7"}, reasons
    assert all(reason.strip() for reason in reasons.values())


def test_the_good_article_is_stored_as_usual(outcome: dict[str, Any]) -> None:
    good = next(a for a in outcome["articles"] if a.path.endswith("good.txt"))
    assert good.title.startswith("Ukraine-Russia Peace Talks in Istanbul")
    assert good.id in outcome["stored"]


def test_dates_far_from_now_are_kept_or_dropped_never_fatal(outcome: dict[str, Any]) -> None:
    by_title = {a.title: a for a in outcome["articles"]}
    assert by_title["Ancient"].published is not None
    assert by_title["Ancient"].published.year == 1
    assert by_title["Future"].published == date(9999, 12, 31)
    assert by_title["Nonsense date"].published is None  # unreadable: no date, not an error
    assert by_title["Overflow"].published is None  # a Unix time past year 9999: the same
