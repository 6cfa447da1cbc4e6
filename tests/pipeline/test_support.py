from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.figures import find_figures
from storyline.models import Article, Quote, QuoteKind, Sentence, Span
from storyline.pipeline.support import Support, missing, particulars, support


def sentence(text: str, article: str = "a") -> Sentence:
    return Sentence(Span(article, 0, len(text)), text, 0)


def read(text: str, article: str = "a", quotes: tuple[Quote, ...] = ()) -> object:
    figures = find_figures(Article(article, "", text, ""))
    return particulars(sentence(text, article), quotes, None, figures)


def test_the_same_particulars_in_other_words_and_spellings_is_full_support() -> None:
    claim = read("Zelensky met Erdogan in Ankara on Monday to discuss 1,200 prisoners.")
    cited = read(
        "On Monday Zelenskiy travelled to Ankara, where Erdogan discussed 1,200 prisoners."
    )
    assert support(claim, cited) is Support.FULL  # type: ignore[arg-type]


def test_a_missing_name_number_or_date_is_only_the_same_point() -> None:
    claim = read("Zelensky met Erdogan in Ankara on Monday to discuss 1,200 prisoners.")
    for cited, lacking in (
        ("Zelensky met the Turkish leader in Ankara on Monday about 1,200 prisoners.", "name"),
        ("Zelensky met Erdogan in Ankara on Monday to discuss prisoners.", "number"),
        ("Zelensky met Erdogan in Ankara to discuss 1,200 prisoners.", "date"),
        ("Zelensky did not meet Erdogan in Ankara on Monday over 1,200 prisoners.", "negation"),
    ):
        got = read(cited)
        assert support(claim, got) is Support.PARTIAL, cited  # type: ignore[arg-type]
        assert lacking in missing(claim, got), cited  # type: ignore[arg-type]


def test_a_seat_of_government_stands_for_its_country() -> None:
    claim = read("Kyiv's delegation handed over a list of deported children to Russia.")
    cited = read("Ukraine gave Russia's delegation a list of children it says were deported.")
    assert support(claim, cited) is Support.FULL  # type: ignore[arg-type]


def test_a_different_value_of_the_same_quantity_is_a_disagreement() -> None:
    claim = read("Police said 12 people were injured in the blast in Athens.")
    cited = read("Police said 20 people were injured in the blast in Athens.")
    assert support(claim, cited) is Support.CONFLICT  # type: ignore[arg-type]


def _said_by(text: str, speaker: str, article: str) -> Quote:
    at = text.index(speaker)
    return Quote(
        Span(article, 1, text.index('"', 1)),
        "Iran lied",
        QuoteKind.DIRECT,
        speaker,
        Span(article, at, at + len(speaker)),
        "said",
    )


def test_the_same_words_given_to_another_speaker_are_a_disagreement() -> None:
    first = '"Iran lied about its nuclear programme," Benjamin Netanyahu said.'
    second = '"Iran lied about its nuclear programme," Sarah Sanders said.'
    claim = read(first, "a", (_said_by(first, "Benjamin Netanyahu", "a"),))
    cited = read(second, "b", (_said_by(second, "Sarah Sanders", "b"),))
    assert support(claim, cited) is Support.CONFLICT  # type: ignore[arg-type]
    again = read(first, "c", (_said_by(first, "Benjamin Netanyahu", "c"),))
    assert support(claim, again) is Support.FULL  # type: ignore[arg-type]


@given(st.text(max_size=200))
def test_any_sentence_fully_supports_itself(text: str) -> None:
    got = particulars(sentence(text))
    assert support(got, got) is Support.FULL


def test_a_clause_the_claim_adds_must_be_in_the_source_too() -> None:
    claim = read("Dhasmana was banned from operating on children for three years and later sacked.")
    cited = read("Dr Dhasmana was banned from operating on children for three years.")
    assert "clause" in missing(claim, cited)  # type: ignore[arg-type]
    kept = read("Ukraine accepted that step, but the Kremlin effectively rejected it.")
    reworded = read("Ukraine acknowledged that step, yet the Kremlin effectively dismissed it.")
    assert support(kept, reworded) is Support.FULL  # type: ignore[arg-type]


def test_what_one_sentence_denies_the_other_says_plainly() -> None:
    claim = read("Comey claims FBI does not leak in redacted memos.")
    cited = read("The memos, which hold nothing Comey hasn't said, were leaked to outlets.")
    assert "negation" in missing(claim, cited)  # type: ignore[arg-type]
    same = read("The FBI does not leak memos, Comey says in his redacted notes.")
    assert "negation" not in missing(claim, same)  # type: ignore[arg-type]


def test_each_part_of_the_claim_must_be_in_the_source() -> None:
    claim = read("The Saints placed Pierre Thomas on injured reserve because of an ankle injury.")
    cited = read("Pierre Thomas was put on injured reserve, the Saints announced.")
    assert "clause" in missing(claim, cited)  # type: ignore[arg-type]
    told = read("A quake hit southern Iran, killing at least 10 people, officials say.")
    retold = read("A powerful quake struck southern Iran and killed 10 people.")
    assert "clause" not in missing(told, retold)  # type: ignore[arg-type]


def test_an_ordinal_is_a_number() -> None:
    claim = read("Klitschko won with a seventh-round stoppage of Rahman.")
    assert "number" in missing(claim, read("Klitschko won with a stoppage of Rahman."))  # type: ignore[arg-type]
    assert "number" not in missing(claim, read("Klitschko stopped Rahman in the 7th round."))  # type: ignore[arg-type]
