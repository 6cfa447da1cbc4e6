from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.pipeline.anchors import anchors, is_strong, name_key


def test_transliteration_variants_share_a_key() -> None:
    assert name_key("Zelensky") == name_key("Zelenskiy") == name_key("Zelenskyy")
    assert name_key("Malyuk") == name_key("Maliuk")
    assert name_key("Türkiye") == name_key("Turkiye")
    assert name_key("Fidan") != name_key("Putin")


def test_numbers_in_digits_and_words_meet() -> None:
    assert "#:4" in anchors("Ukraine hit four air bases.")
    assert "#:4" in anchors("Ukraine hit 4 air bases.")
    assert "#:7000" in anchors("more than 7,000 kilometres away")


def test_quotes_are_anchors_whatever_the_quote_marks() -> None:
    plain = anchors('Zelensky called it a "brilliant operation".')
    curly = anchors("Zelenskyy described it as a “brilliant operation”.")
    shared = plain & curly
    assert "q:brilliant operation" in shared
    assert any(is_strong(k) for k in shared)
    assert name_key("Zelensky") in shared


def test_sentence_openers_and_weekdays_are_not_names() -> None:
    keys = anchors("However, on Monday The delegations met.")
    assert not any(k.startswith("n:") for k in keys)


@given(st.text(max_size=300))
def test_never_fails_and_keys_are_typed(text: str) -> None:
    for key in anchors(text):
        assert key[:2] in {"n:", "#:", "q:"}


def test_small_counts_are_weak_and_larger_numbers_and_quotes_strong() -> None:
    assert not is_strong("#:2")
    assert is_strong("#:472")
    assert is_strong("q:brilliant operation")
    assert not is_strong("n:zlnsk")
