"""subscribe, watch, sources, unsubscribe and poll, as a user runs them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..conftest import seed
from ..helpers import storyline, storyline_json


def test_a_watched_folder_is_polled_once_and_grouped(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for prefix in ("000", "004"):
        copy = inbox / f"{prefix}.txt"
        copy.write_text(seed(prefix).read_text())
        os.utime(copy, (time.time() - 5, time.time() - 5))  # settled, not being written
    added = storyline_json("watch", inbox, "--every", "2m", "--db", db)
    assert added["kind"] == "folder" and added["interval_seconds"] == 120

    polled = storyline("poll", "--once", "--db", db)
    assert "2 new articles" in polled.stdout and "Grouped 2 new article(s)" in polled.stdout
    assert storyline_json("stories", "--db", db)["stories"]

    listed = storyline_json("sources", "--db", db)["sources"]
    assert [s["articles"] for s in listed] == [2]
    again = storyline("poll", "--once", "--json", "--db", db).stdout
    assert '"stored": 0' in again and "no new files" in again

    storyline("unsubscribe", added["id"][:6], "--db", db)
    assert storyline_json("sources", "--db", db)["sources"] == []


def test_feed_subscriptions_are_checked_and_explained(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    bad = storyline("subscribe", "ftp://example.org/feed", "--db", db, check=False)
    assert bad.returncode != 0 and "http" in bad.stderr
    odd = storyline(
        "subscribe", "https://example.org/f", "--every", "soon", "--db", db, check=False
    )
    assert odd.returncode == 2 and "15m" in odd.stderr
    added = storyline_json("subscribe", "https://example.org/f.rss", "--every", "90s", "--db", db)
    assert added["interval_seconds"] == 90 and added["last_status"] == "never polled"
    missing = storyline("unsubscribe", "fzzzz", "--db", db, check=False)
    assert missing.returncode != 0 and "storyline sources" in missing.stderr
    assert "no sources" in storyline("poll", "--once", "--db", tmp_path / "empty.db").stderr.lower()


def test_subscribing_to_a_loopback_or_private_feed_is_refused_unless_allowed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "live.db"
    for url in ("http://127.0.0.1:8000/feed.rss", "http://10.1.2.3/feed.xml", "http://[::1]/f"):
        refused = storyline("subscribe", url, "--db", db, check=False)
        assert refused.returncode != 0
        assert "private or local" in refused.stderr and "--allow-private-fetch" in refused.stderr
    assert storyline_json("sources", "--db", db)["sources"] == []
    allowed = storyline_json(
        "subscribe", "http://127.0.0.1:8000/feed.rss", "--allow-private-fetch", "--db", db
    )
    assert allowed["location"] == "http://127.0.0.1:8000/feed.rss"
