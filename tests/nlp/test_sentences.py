from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.models import Article, SentenceKind
from storyline.nlp.sentences import split_sentences


def sentences_of(text: str) -> list[str]:
    return [s.text for s in split_sentences(Article("a1", "t", text, "p"))]


def test_splits_prose_and_keeps_abbreviations_and_initials() -> None:
    text = (
        "U.S. President Donald Trump spoke on Monday. Mr. Fidan said talks would go on. "
        "John F. Kennedy was not mentioned! Was it over? “Yes,” he said."
    )
    assert sentences_of(text) == [
        "U.S. President Donald Trump spoke on Monday.",
        "Mr. Fidan said talks would go on.",
        "John F. Kennedy was not mentioned!",
        "Was it over?",
        "“Yes,” he said.",
    ]


def test_quote_closing_after_period_stays_with_its_sentence() -> None:
    text = 'He called it a "brilliant operation." The talks then began.'
    assert sentences_of(text) == ['He called it a "brilliant operation."', "The talks then began."]


def test_unpunctuated_short_lines_are_headings() -> None:
    article = Article("a1", "t", "Low expectations\nThe talks were brief.", "p")
    kinds = [s.kind for s in split_sentences(article)]
    assert kinds == [SentenceKind.HEADING, SentenceKind.BODY]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_spans_point_at_their_text_in_order(text: str) -> None:
    article = Article("a1", "t", text, "p")
    previous_end = 0
    for i, s in enumerate(split_sentences(article)):
        assert text[s.span.start : s.span.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.span.start >= previous_end and s.index == i
        previous_end = s.span.end


def test_a_calibre_written_with_a_space_is_not_a_sentence_end() -> None:
    text = "She went back armed with her. 357 Magnum, which she may carry. 357 people left."
    assert sentences_of(text) == [
        "She went back armed with her. 357 Magnum, which she may carry.",
        "357 people left.",
    ]
