"""Event labels: a real headline when there is one, else a short label from the lead."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest import read_inputs
from storyline.models import Article, DateSource
from storyline.pipeline.labels import (
    LABEL_WORDS,
    article_label,
    lead_label,
    own_headline,
    shorten,
    states_something,
)
from storyline.settings import Settings

from ..conftest import ECBPLUS, SEEDS


def article(title: str, text: str) -> Article:
    return Article(
        id="a1",
        title=title,
        text=text,
        path="x.txt",
        outlet=None,
        url=None,
        published=date(2025, 6, 2),
        date_source=DateSource.DATELINE,
        byline=None,
    )


def test_a_real_headline_is_the_label() -> None:
    label = article_label(article("Quake hits island off south Iran", "A strong quake jolted..."))
    assert label.text == "Quake hits island off south Iran" and label.headline


@pytest.mark.parametrize(
    "title",
    [
        "Did the earth move for you?",
        "Arson in Alaska–A Palin “Pattern”?",
        "Well it's better late than never, Tara.",
        "It's a party ... a rehab party!",
        "I confirmed yesterday that Obama has offered the job.",
        "He sings, dances, acts on stage and screen, and he's the “Sexiest Man Alive.”",
        "Here's why you should care about the cable cuts",
        "Here are the redacted copies of the Comey Memos",
    ],
)
def test_questions_teasers_and_first_person_titles_are_not_headlines(title: str) -> None:
    assert own_headline(article(title, "Police arrested a man in Paris on Monday.")) is None


def test_a_lead_used_as_title_gives_way_to_a_short_label_from_it() -> None:
    lead = (
        "WASHINGTON (AP) — The Philadelphia 76ers fired coach Maurice Cheeks on Saturday, "
        "one day after the team continued its slide with a season-worst loss, officials said."
    )
    label = article_label(article(lead[:80] + "…", lead))
    assert not label.headline
    assert label.text == "The Philadelphia 76ers fired coach Maurice Cheeks on Saturday"


def test_the_writer_and_the_teaser_are_dropped_from_a_lead() -> None:
    text = (
        "Did you hear the news?\n"
        "I confirmed yesterday that Obama has offered the job and that Gupta had accepted."
    )
    assert lead_label(text) == "Obama has offered the job and that Gupta had accepted"


def test_attribution_and_appositives_leave_the_news() -> None:
    assert shorten("Authorities say a man stabbed two people in New Bedford.") == (
        "A man stabbed two people in New Bedford"
    )
    assert shorten("Mark Vinar, an Australian climber, has been presumed dead.") == (
        "Mark Vinar has been presumed dead"
    )
    assert (
        shorten(
            "Dr Mark Vinar, 43, is presumed dead after disappearing off Zurbriggens Ridge, "
            "on Mt Cook, on Thursday."
        )
        == "Dr Mark Vinar is presumed dead"
    )
    assert shorten("The judge, Mr Justice Morland, said the case was grave.") == (
        "The judge said the case was grave"
    )
    assert shorten("After a long trial in Atlanta, Brian Nichols was sentenced to life.") == (
        "Brian Nichols was sentenced to life"
    )


def test_an_abbreviation_does_not_end_the_lead_sentence() -> None:
    text = "The US Interior Department reported Dec. 11 final changes to the species rules."
    assert lead_label(text) == text.rstrip(".")


@given(st.text(max_size=400))
def test_a_label_is_never_a_question_and_never_long(text: str) -> None:
    label = lead_label(text)
    if label is not None:
        assert "?" not in label
        assert len(label.split()) <= LABEL_WORDS + 2
        assert states_something(label) or label.endswith("…")


def test_an_opening_with_nothing_to_use_is_labelled_by_its_names() -> None:
    text = (
        "Like you, I did a double-take when I saw Sanjay Gupta on a channel not named CNN?\n"
        "Wow. Did Sanjay Gupta say yes? Did CNN know?"
    )
    label = article_label(article("Like you, I did a double-take?", text))
    assert label.text == "Sanjay Gupta · CNN"


def articles_under(folder: object) -> list[Article]:
    found = [a for a in read_inputs([str(folder)], Settings()) if isinstance(a, Article)]
    assert found
    return found


@pytest.mark.parametrize("corpus", [ECBPLUS / "docs", SEEDS], ids=["ecbplus-dev", "seeds"])
def test_no_label_on_a_real_corpus_is_a_question_or_in_the_first_person(corpus: object) -> None:
    # A story's label is one of its articles' labels, so this holds for every story too.
    if not ECBPLUS.is_dir():
        pytest.skip(f"ECB+ dev not found at {ECBPLUS}")
    labels = [article_label(a).text for a in articles_under(corpus)]
    wrong = [x for x in labels if "?" in x or x.startswith(("I ", "We ")) or not x.strip()]
    assert wrong == []
    assert max(len(x.split()) for x in labels) <= 20
