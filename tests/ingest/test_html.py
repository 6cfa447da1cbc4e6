"""HTML pages: boilerplate stays out, dates come only from the page."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from storyline.models import DateSource

from .conftest import only_article, only_skip, seed_path

BOILERPLATE = (
    "We use cookies",
    "Accept all",
    "Most read",
    "Sign up for our newsletter",
    "This is outrageous",
    "All rights reserved",
    "Home",
    "Advertisement",
    "Terms of use",
)


def _seed_body(number: int) -> tuple[str, list[str]]:
    lines = [ln.strip() for ln in seed_path(number).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[0], lines[2:]


def _page(title: str, paragraphs: list[str], head: str, byline: str) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{escape(title)} | The Daily Example - World News</title>
{head}
<style>.cookie {{ position: fixed; }}</style>
<script>window.dataLayer = [];</script>
</head><body>
<div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience.
 <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div class="ad leaderboard">Advertisement</div>
<main><article>
<h1>{escape(title)}</h1>
<p class="byline">{byline}</p>
{body}
</article>
<aside class="most-read"><h3>Most read</h3><ol><li><a href="/a">Celebrity chef opens
 restaurant on the moon</a></li><li><a href="/b">Ten tips for a better garden</a></li></ol></aside>
<form class="newsletter"><p>Sign up for our newsletter</p><input type="email"></form>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>User123: This is outrageous, they should never have met at all!</p></div>
</section></main>
<footer><p>© 2024 The Daily Example. All rights reserved.</p><a href="/terms">Terms of use</a>
</footer></body></html>"""


RICH_HEAD = """<meta property="og:title" content="Russia, Ukraine hold peace talks in Turkiye">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://www.dailyexample.com/world/2025/peace-talks">
<link rel="canonical" href="https://www.dailyexample.com/world/2025/peace-talks">
<meta property="article:published_time" content="2025-06-02T14:35:00+00:00">
<meta name="author" content="Staff Reporter">"""


def test_rich_page_with_boilerplate(tmp_path: Path) -> None:
    title, paragraphs = _seed_body(0)
    path = tmp_path / "page.html"
    path.write_text(_page(title, paragraphs, RICH_HEAD, "By Staff Reporter"), encoding="utf-8")
    article = only_article(path)
    assert article.title == title
    assert article.published == date(2025, 6, 2)
    assert article.date_source is DateSource.METADATA
    assert article.url == "https://www.dailyexample.com/world/2025/peace-talks"
    assert article.outlet == "The Daily Example"
    assert article.byline == "Staff Reporter"
    for paragraph in paragraphs:
        assert paragraph in article.text
    for noise in BOILERPLATE:
        assert noise not in article.text, noise
    assert title not in article.text.split("\n")


def test_bare_page_date_from_visible_byline(tmp_path: Path) -> None:
    title, paragraphs = _seed_body(0)
    path = tmp_path / "bare.htm"
    byline = "By Staff Reporter | Published Mon Jun 02 2025 14:35 GMT"
    path.write_text(_page(title, paragraphs, "", byline), encoding="utf-8")
    article = only_article(path)
    assert article.published == date(2025, 6, 2)
    assert "Published Mon Jun" not in article.text
    for noise in BOILERPLATE:
        assert noise not in article.text, noise


def test_page_without_date_has_none(tmp_path: Path) -> None:
    # The footer's "© 2024" must not become 2024-01-01, nor today's date be used.
    title, paragraphs = _seed_body(0)
    path = tmp_path / "nodate.html"
    path.write_text(_page(title, paragraphs, "", "By Staff Reporter"), encoding="utf-8")
    article = only_article(path)
    assert article.published is None
    assert article.date_source is DateSource.UNKNOWN
    assert article.outlet is None  # no URL, no trustworthy site name


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Café reopens</title></head><body><article><h1>Café reopens</h1>"
        "<p>The café in the old town reopened on Monday after a long renovation that "
        "took most of the year, its owner said.</p></article></body></html>"
    )
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("iso-8859-1"))
    article = only_article(path)
    assert "café in the old town" in article.text


def test_truncated_html_with_text_is_fine(tmp_path: Path) -> None:
    _, paragraphs = _seed_body(2)
    page = "<html><body><article><h1>Talks end</h1>" + "".join(
        f"<p>{escape(p)}</p>" for p in paragraphs
    )
    path = tmp_path / "cut.html"
    path.write_text(page[: len(page) - 40], encoding="utf-8")
    article = only_article(path)
    assert paragraphs[0] in article.text


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>")
    assert "no article text found in HTML" in only_skip(path).reason


def test_html_with_empty_body_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body>   </body></html>")
    assert "no article text found in HTML" in only_skip(path).reason
