"""A hostile article cannot run code on any page that shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from storyline.web import CONTENT_SECURITY_POLICY

from .site import HOSTILE_IMG, HOSTILE_TITLE, Site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog


def hostile_pages(site: Site) -> list[str]:
    articles = [f"/articles/{a}" for a in site.hostile_ids]
    return [
        "/",
        "/?sort=newest",
        f"/stories/{site.hostile_story}",
        f"/stories/{site.hostile_story}?since=0",
        *articles,
        "/search?q=" + quote("Lyon bread"),
        "/search?q=" + quote(HOSTILE_TITLE),
        "/entities?name=Lyon",  # lists the hostile articles by title and outlet
    ]


def test_hostile_article_is_shown_as_text_and_never_runs(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    for path in hostile_pages(site):
        response = page.goto(site.url(path))
        assert response is not None and response.status == 200, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("script").count() == 0, path
        assert page.locator('a[href^="javascript"], [onerror], [onmouseover]').count() == 0, path
    # An escaping slip would show up as a blocked inline script or handler.
    assert dialogs == [] and violations == []

    for article_id in site.hostile_ids:
        page.goto(site.url(f"/articles/{article_id}"))
        assert page.inner_text("h1") == HOSTILE_TITLE  # the literal text, visibly
        assert HOSTILE_IMG in page.locator("#text").inner_text()
        assert "no web address" in page.locator("dl.facts").inner_text()
    page.goto(site.url(f"/stories/{site.hostile_story}"))
    page.locator("#reports summary").click()  # the list of reports is folded
    assert HOSTILE_TITLE in page.locator("#reports").inner_text()
    page.goto(site.url("/entities?name=Lyon"))
    assert HOSTILE_TITLE in page.locator("#articles").inner_text()
    page.close()


@pytest.mark.parametrize(
    "path", ["/", "/search?q=x", "/static/storyline.css", "/api/ping", "/stories/nothing-like-this"]
)
def test_every_response_carries_the_security_headers(
    site: Site, browser: Browser, path: str
) -> None:
    response = browser.new_page().request.get(site.url(path))
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
