"""Hand-built briefs for the presentation tests, including a hostile one."""

from __future__ import annotations

from datetime import date

from storyline.models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    ClaimGroup,
    Conflict,
    ConflictSide,
    OutletCoverage,
    Span,
    TimelineEntry,
    WhoEntry,
)

SCRIPT = "<script>alert('pwned')</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"


def cite(article: Article, words: str) -> Citation:
    """A citation of ``words``, which must occur in the article's text."""
    start = article.text.index(words)
    return Citation(article.id, Span(article.id, start, start + len(words)), article.outlet)


def hostile_articles() -> dict[str, Article]:
    evil = Article(
        id="aevil",
        title=f"Talks end {SCRIPT} {IMG}",
        text=(
            f"The talks lasted just over an hour {SCRIPT}. "
            f"Officials met on Monday {IMG} in Istanbul. "
            "Click [here](javascript:alert(1)) for *more* | details & <b>bold</b>."
        ),
        path="/news/evil.txt",
        outlet=f"Evil{IMG}",
        url=JS_URL,
        published=date(2025, 6, 2),
    )
    calm = Article(
        id="acalm",
        title="Istanbul talks end in less than an hour",
        text="The talks ended in less than an hour. Officials met on Monday in Istanbul.",
        path="/news/002_calm.txt",
        url='https://example.org/news?id=1&x="><script>alert(2)</script>',
    )
    data = Article(
        id="adata",
        title="A page with a data URL",
        text="Drones were launched on Sunday.",
        path="/news/003_data.txt",
        outlet="Wire",
        url="data:text/html,<script>alert(3)</script>",
    )
    return {a.id: a for a in (evil, calm, data)}


def hostile_brief(articles: dict[str, Article]) -> Brief:
    evil, calm, data = articles["aevil"], articles["acalm"], articles["adata"]
    evil_hour = cite(evil, f"The talks lasted just over an hour {SCRIPT}.")
    calm_hour = cite(calm, "The talks ended in less than an hour.")
    met = cite(evil, f"Officials met on Monday {IMG} in Istanbul.")
    calm_met = cite(calm, "Officials met on Monday in Istanbul.")
    drones = cite(data, "Drones were launched on Sunday.")
    return Brief(
        subject_id="s0123456789abcdef",
        title=f"Istanbul talks {SCRIPT}",
        sentences=(
            BriefSentence(evil.text[met.span.start : met.span.end], (met, calm_met), 2),
            BriefSentence("Drones were launched on Sunday.", (drones,), 1),
        ),
        coverage=(
            OutletCoverage(f"Evil{IMG}", 1),
            OutletCoverage("Wire", 1),
            OutletCoverage("unknown outlet", 1),
        ),
        articles=3,
        independent_reports=2,
        agreed=(
            ClaimGroup(
                "c1",
                (Claim(met.span, f"Officials met on Monday {IMG} in Istanbul.", f"Mr {SCRIPT}"),),
                ("aevil", "acalm"),
                2,
            ),
        ),
        single_source=(
            ClaimGroup(
                "c2", (Claim(drones.span, "Drones were launched on Sunday."),), ("adata",), 1
            ),
        ),
        conflicts=(
            Conflict(
                about="how long (hours)",
                kind="figure",
                sides=(
                    ConflictSide(f"just over an hour {SCRIPT}", (evil_hour,), 1),
                    ConflictSide("less than an hour", (calm_hour,), 1),
                ),
            ),
        ),
        timeline=(
            TimelineEntry(date(2025, 6, 1), "Drones were launched on Sunday.", (drones,), 1),
            TimelineEntry(
                date(2025, 6, 2), f"Officials met on Monday {IMG} in Istanbul.", (met, calm_met), 2
            ),
        ),
        who=(WhoEntry("n1", f"Rustem {SCRIPT}", "person", (f"Minister {IMG}",), 2),),
    )
