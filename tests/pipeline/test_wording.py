"""An article's own wording: quotes set apart, hashed word pairs and triples."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storyline.pipeline.wording import contained, is_own_sentence, quoted_spans, union, wording


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_spans(text)]


def test_double_and_british_single_quotes_are_found_but_apostrophes_are_not() -> None:
    text = (
        "He said: 'What are you going to do? Ring the police?' Banfield's van didn't stop. "
        '"I was angry," she said, and the judge called it \u2018a grave breach\u2019.'
    )
    assert _quoted(text) == [
        '"I was angry,"',
        "'What are you going to do? Ring the police?'",
        "\u2018a grave breach\u2019",
    ]


def test_quotes_slight_lines_and_quote_tails_are_not_own_sentences() -> None:
    assert is_own_sentence("The Democratic Party sued the Russian government on Friday.")
    assert not is_own_sentence('"We will fight this all the way to the end," Parscale said.')
    assert not is_own_sentence("WOW!")
    assert not is_own_sentence("Will the Witch Hunt continue?\u201d")


def test_quoted_words_are_left_out_of_the_own_wording() -> None:
    quoted = wording('The minister said "the deal is dead and buried" on Monday.')
    plain = wording("The minister said on Monday.")
    assert contained(quoted.own_pairs, plain.pairs) == 1.0
    assert contained(quoted.pairs, plain.pairs) < 1.0


def test_a_report_of_several_pages_holds_the_wording_of_each() -> None:
    first, second = wording("Alpha beta gamma delta."), wording("Epsilon zeta eta theta.")
    both = wording("Alpha beta gamma delta epsilon zeta eta theta.")
    report = union([first.pairs, second.pairs])
    assert contained(first.pairs, report) == contained(second.pairs, report) == 1.0
    assert contained(both.own_pairs, report) == 6 / 7  # only "delta epsilon" is new


words = st.lists(st.sampled_from("the a court judge said heard police 'yes' \"no\" jury".split()))


@given(words, words)
def test_containment_is_a_share_and_whole_in_itself(left: list[str], right: list[str]) -> None:
    a, b = wording(" ".join(left)), wording(" ".join(right))
    share = contained(a.own_pairs, b.pairs)
    assert 0.0 <= share <= 1.0
    assert a.own_pairs.size == 0 or contained(a.own_pairs, a.pairs) == 1.0
    assert np.all(np.diff(a.pairs.astype(np.int64)) > 0)  # sorted and unique


@given(st.text(alphabet=st.sampled_from("ab '\"‘’“”\n.!x1"), max_size=300))
def test_any_text_is_worded_and_its_quotes_lie_inside_it(text: str) -> None:
    for start, end in quoted_spans(text):
        assert 0 <= start < end <= len(text)
    worded = wording(text)
    assert worded.own_pairs.size <= worded.pairs.size or worded.pairs.size == 0
    assert contained(worded.own_pairs, worded.pairs) in (0.0, 1.0)
    assert isinstance(is_own_sentence(text), bool)
