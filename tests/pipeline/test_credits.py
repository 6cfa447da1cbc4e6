from __future__ import annotations

from storyline.models import Article
from storyline.pipeline.credits import CreditFinder

from ..conftest import seed


def credits_in(text: str, outlets: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    article = Article("a1", "t", text, "p")
    return [
        (c.outlet, c.form, text[c.span.start : c.span.end])
        for c in CreditFinder(outlets).find(article)
    ]


def test_attributions_datelines_and_sign_offs() -> None:
    text = (
        "KYIV, June 2 (AP) — Talks ended.\n"
        "The talks were short, Reuters reported.\n"
        "Officials told the Associated Press it was over.\n"
        "Agencies - Xinhua"
    )
    found = {(outlet, form) for outlet, form, _ in credits_in(text)}
    assert found == {
        ("Associated Press", "dateline"),
        ("Reuters", "attribution"),
        ("Associated Press", "attribution"),
        ("Xinhua", "sign-off"),
    }


def test_an_agency_as_witness_or_a_lowercase_word_is_not_a_credit() -> None:
    text = "A roadmap, a copy of which was seen by Reuters, was shown.\nThe ap said nothing."
    assert credits_in(text) == []


def test_non_news_sources_are_not_credits() -> None:
    assert credits_in("The delegation arrived, Russian state media reported.") == []


def test_outlets_in_the_corpus_count_as_news_organisations() -> None:
    found = credits_in("The deal was signed, the Kyiv Independent reported.", ("Kyiv Independent",))
    assert found == [("Kyiv Independent", "attribution", "the Kyiv Independent reported")]


def test_seed_002_credits_reuters() -> None:
    text = seed("002").read_text()
    outlets = {outlet for outlet, _, _ in credits_in(text)}
    assert outlets == {"Reuters"}
