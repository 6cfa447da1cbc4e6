from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.pipeline.standalone import (
    inside_quotations,
    is_fragment,
    speakerless_quotation,
    stands_alone,
    with_named_subject,
    without_dateline,
)


@pytest.mark.parametrize(
    "text",
    [
        "He said the aim was a ceasefire before the end of the month.",
        "The statement said the talks would resume in Istanbul next week.",
        "The Republican officials noted that Comey held Trump to a different standard.",
        "As for Trump, the president said he would decide on the deal in May.",
        "Despite this ultimatum, sources close to the Kremlin said Putin was undeterred.",
        "In her old age, she refused to be photographed by anyone at all.",
        "Jackson was on probation for a previous drink-driving arrest, he said.",
        "Does this mean the club will not sign a big free agent next year?",
        '"Further details will be set out in due course," he said on Monday.',
        "the talks ended without any agreement on a ceasefire on Monday.",
        "Russia and Ukraine held talks in Istanbul that ended on 13 July.”",
    ],
)
def test_sentences_that_lean_on_what_came_before_do_not_stand_alone(text: str) -> None:
    assert not stands_alone(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zelensky said his team would attend the talks in Istanbul on Monday.",
        '"Iran lied about its nuclear programme," Benjamin Netanyahu said on Monday.',
        "Russia and Ukraine held a second round of peace talks in Istanbul on Monday.",
        "The Indian navy said it arrested 23 pirates in the Gulf of Aden on Saturday.",
    ],
)
def test_sentences_that_name_their_subject_stand_alone(text: str) -> None:
    assert stands_alone(text)


def test_a_sentence_inside_a_quotation_opened_before_it_has_no_speaker_of_its_own() -> None:
    texts = [
        'The ministry said: "The talks were useful.',
        "Further details will be set out in due course.",
        'We expect progress."',
        "The delegations left Istanbul on Monday evening.",
    ]
    assert inside_quotations(texts) == [False, True, True, False]
    assert not stands_alone(texts[1], inside_quotation=True)


def test_a_leading_pronoun_is_named_the_way_an_editor_would() -> None:
    assert with_named_subject("He said Iran lied.", "Netanyahu") == "[Netanyahu] said Iran lied."
    assert with_named_subject("His files were seized.", "Netanyahu") == (
        "[Netanyahu's] files were seized."
    )
    assert with_named_subject("Hezbollah said no.", "Netanyahu") is None
    assert stands_alone("[Netanyahu] said Iran lied about its nuclear programme.", first_name=0)


def test_datelines_and_speakerless_quotes() -> None:
    assert without_dateline("LONDON (Reuters) - Talks ended on Monday.") == "Talks ended on Monday."
    assert without_dateline("WEST PALM BEACH, Fla. — Trump sent Pompeo.") == "Trump sent Pompeo."
    assert without_dateline("WASHINGTON (Reuters)-The DNC sued.") == "The DNC sued."
    assert without_dateline("U.S.-backed forces advanced.") == "U.S.-backed forces advanced."
    assert speakerless_quotation('"We will win," he said.')
    assert not speakerless_quotation('"We will win," Zelensky said.')
    assert is_fragment("and then the talks ended.")


@given(st.lists(st.text(max_size=80), max_size=12))
def test_every_sentence_gets_one_quotation_flag(texts: list[str]) -> None:
    assert len(inside_quotations(texts)) == len(texts)


@given(st.text(max_size=200))
def test_dropping_a_dateline_never_adds_text(text: str) -> None:
    assert len(without_dateline(text)) <= len(text)
    stands_alone(text)  # total: never raises
