"""Quote extraction and grouping: hand-made sentences, the seed articles, arbitrary text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.quote_groups import content_words, group_quotes
from storyline.extract.quote_marks import quoted_segments
from storyline.extract.quotes import find_quotes
from storyline.ingest import read_inputs
from storyline.models import Article, Quote, QuoteKind, Span
from storyline.nlp.parse import load_pipeline
from storyline.settings import Settings

from ..conftest import SEEDS, seed


def quotes_of(text: str, article_id: str = "a") -> tuple[Quote, ...]:
    article = Article(id=article_id, title="", text=text, path="test")
    return find_quotes(article, load_pipeline()(text))


def only(quotes: tuple[Quote, ...], speaker: str | None = None, cue: str | None = None) -> Quote:
    found = [q for q in quotes if (speaker is None or q.speaker == speaker)]
    found = [q for q in found if cue is None or q.cue == cue]
    assert len(found) == 1, quotes
    return found[0]


def assert_spans_slice(text: str, quotes: tuple[Quote, ...]) -> None:
    for q in quotes:
        assert text[q.span.start : q.span.end] == q.text
        if q.speaker_span is not None:
            assert text[q.speaker_span.start : q.speaker_span.end] == q.speaker
        if q.cue_span is not None:
            assert text[q.cue_span.start : q.cue_span.end] == q.cue
        assert q.speaker_entity is None


# -- reported speech ----------------------------------------------------------------
def test_plain_reported_speech() -> None:
    text = "Zelensky said Ukraine would send a delegation to Istanbul."
    q = only(quotes_of(text))
    assert (q.kind, q.speaker, q.cue) == (QuoteKind.INDIRECT, "Zelensky", "said")
    assert q.text == "Ukraine would send a delegation to Istanbul"
    assert_spans_slice(text, (q,))


def test_titled_organisation_and_that_clause() -> None:
    text = "Russia's defence ministry said on Monday that it had shot down 40 drones."
    q = only(quotes_of(text))
    assert q.speaker == "Russia's defence ministry"
    assert q.text == "it had shot down 40 drones"  # "that" is not part of what was said


def test_agency_report() -> None:
    q = only(quotes_of("Reuters reported that the talks ended after barely an hour."))
    assert (q.speaker, q.cue, q.text) == (
        "Reuters",
        "reported",
        "the talks ended after barely an hour",
    )


def test_according_to_credits_the_clause() -> None:
    text = "The drones destroyed more than 40 warplanes, according to the Kremlin."
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == ("the Kremlin", "according to")
    assert q.text == "The drones destroyed more than 40 warplanes"
    assert q.kind is QuoteKind.INDIRECT


def test_apposition_names_the_speaker() -> None:
    text = "Oncu Keceli, a Turkish foreign ministry spokesman, said the meeting went well."
    assert only(quotes_of(text)).speaker == "Oncu Keceli"


def test_a_verb_of_thought_is_not_a_quote() -> None:
    assert quotes_of("Zelensky believes the war will end this year.") == ()


# -- direct speech ------------------------------------------------------------------
def test_quote_split_by_its_cue_gives_two_parts_with_one_speaker() -> None:
    text = 'Hakan Fidan opened the talks. "We are ready," he said, "to meet again."'
    parts = quotes_of(text)
    assert [q.text for q in parts] == ["We are ready", "to meet again."]
    assert {q.kind for q in parts} == {QuoteKind.DIRECT}
    # "he" is resolved to the one person named before it, and points at the name.
    assert {q.speaker for q in parts} == {"Hakan Fidan"}
    assert parts[0].speaker_span == Span("a", 0, len("Hakan Fidan"))
    assert parts[0].cue_span == parts[1].cue_span
    assert_spans_slice(text, parts)


def test_quote_over_several_sentences_with_curly_marks() -> None:
    text = "“The talks were useful. We will return next week,” Umerov told reporters."
    q = only(quotes_of(text))
    assert q.text == "The talks were useful. We will return next week"
    assert (q.kind, q.speaker, q.cue) == (QuoteKind.DIRECT, "Umerov", "told")


def test_ambiguous_pronoun_keeps_its_own_span() -> None:
    text = "Vladimir Putin met Donald Trump in Alaska. He said the war would end soon."
    q = only(quotes_of(text))
    assert q.speaker == "He"
    assert q.speaker_span == Span("a", text.index("He said"), text.index("He said") + 2)


def test_short_fragment_inside_reported_speech_stays_inside_it() -> None:
    text = 'Keceli said that the meeting "didn\'t end negatively".'
    q = only(quotes_of(text))
    assert q.kind is QuoteKind.INDIRECT
    assert q.text == 'the meeting "didn\'t end negatively"'


def test_scare_quotes_without_a_speaker_are_dropped() -> None:
    assert quotes_of('The EU is preparing "hard-biting" sanctions.') == ()


# -- the seeds ----------------------------------------------------------------------
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")


def seed_quotes(prefix: str) -> tuple[Article, tuple[Quote, ...]]:
    articles = [r for r in read_inputs([seed(prefix)], Settings()) if isinstance(r, Article)]
    article = articles[0]
    return article, find_quotes(article, load_pipeline()(article.text))


def find(quotes: tuple[Quote, ...], words: str) -> Quote:
    return next(q for q in quotes if words in q.text)


@needs_seeds
def test_seed_000_zelensky_and_officials() -> None:
    article, quotes = seed_quotes("000")
    assert_spans_slice(article.text, quotes)
    brilliant = find(quotes, "brilliant operation")
    assert (brilliant.kind, brilliant.speaker, brilliant.cue) == (
        QuoteKind.DIRECT,
        "Zelensky",
        "called",
    )
    slap = find(quotes, "a major slap in the face")
    assert (slap.kind, slap.speaker) == (QuoteKind.DIRECT, "Vasyl Malyuk")
    swap = find(quotes, "fresh exchange of prisoners of war")
    assert swap.kind is QuoteKind.INDIRECT
    assert swap.speaker == "Ukrainian President Volodymyr Zelensky"
    # "she added" continues von der Leyen, the speaker of the sentence before.
    nord = find(quotes, "restrictions on Nord Stream")
    assert nord.cue == "added"
    assert nord.speaker == "European Commission President Ursula von der Leyen"
    assert nord.speaker_span is not None and nord.cue_span is not None
    assert nord.speaker_span.end < nord.cue_span.start


@needs_seeds
def test_seed_004_zelenskyy_quotes_and_a_think_tank() -> None:
    article, quotes = seed_quotes("004")
    assert_spans_slice(article.text, quotes)
    # Two quotes in a row, the first without a cue of its own, both "he stated".
    for words in ("Russia must comprehend", "That is what will push it"):
        q = find(quotes, words)
        assert (q.kind, q.speaker, q.cue) == (QuoteKind.DIRECT, "Zelenskyy", "stated")
    isw = find(quotes, "Russia is attempting to delay negotiations")
    assert isw.speaker == "The Institute for the Study of War"
    maliuk = [q for q in quotes if q.speaker == "Vasyl Maliuk"]
    assert {q.cue for q in maliuk} == {"according to"}


@needs_seeds
def test_seed_001_fidan_and_he_said() -> None:
    article, quotes = seed_quotes("001")
    assert_spans_slice(article.text, quotes)
    eyes = find(quotes, "The eyes of the whole world")
    assert (eyes.speaker, eyes.cue) == ("Turkish Foreign Minister Hakan Fidan", "told")
    aim = find(quotes, "the aim of the meeting was")
    assert aim.speaker is not None and aim.speaker.endswith("Hakan Fidan")


# -- arbitrary text -------------------------------------------------------------------
_ALPHABET = st.sampled_from([*"ab Zx said \"“”«»'.,:\n-", "he said", "according to "])


@given(st.lists(_ALPHABET, max_size=60).map("".join))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_text_never_crashes_and_spans_slice(text: str) -> None:
    quotes = quotes_of(text)
    assert_spans_slice(text, quotes)
    assert all(q.span.end > q.span.start for q in quotes)


@given(st.text(alphabet=st.sampled_from(list('ab "“”«»\n .')), max_size=80))
def test_quoted_segments_are_inside_the_text_and_one_line(text: str) -> None:
    previous_end = -1
    for s in quoted_segments(text):
        assert 0 <= s.outer_start <= s.start < s.end <= s.outer_end <= len(text)
        assert "\n" not in text[s.outer_start : s.outer_end]
        assert text[s.start : s.end].strip() == text[s.start : s.end]
        assert s.outer_start >= previous_end
        previous_end = s.outer_end


def test_unclosed_quote_runs_to_the_end_of_its_paragraph() -> None:
    text = "“First paragraph of a long quote.\n“Second part,” he said."
    assert [text[s.start : s.end] for s in quoted_segments(text)] == [
        "First paragraph of a long quote.",
        "Second part,",
    ]


# -- grouping -------------------------------------------------------------------------
def quote(article_id: str, text: str, speaker: str | None = None) -> Quote:
    return Quote(Span(article_id, 0, len(text)), text, QuoteKind.DIRECT, speaker=speaker)


def test_translations_spellings_and_fragments_group_together() -> None:
    renderings = [
        quote("001", "The eyes of the whole world are focused on the contacts here", "Hakan Fidan"),
        quote("002", "The eyes of the whole world are focussed on the contacts here.", "Fidan"),
        quote(
            "004",
            "the whole world’s eyes are focused on the contacts and discussions you will have "
            "here.",
            "Hakan Fidan",
        ),
        quote("005", "eyes of the whole world", None),
    ]
    assert group_quotes(renderings) == [tuple(renderings)]


def test_different_quotes_of_one_speaker_stay_apart() -> None:
    quotes = [
        quote("a", "a brilliant operation", "Zelensky"),
        quote(
            "a",
            "if the Istanbul meeting brings nothing, strong new sanctions are urgently needed",
            "Zelensky",
        ),
        quote("b", "we are preparing a new release of prisoners of the war", "Zelenskyy"),
        quote("c", "Russia must comprehend the implications of its losses", "Zelenskyy"),
    ]
    assert group_quotes(quotes) == [(q,) for q in quotes]


def test_different_speakers_need_near_identical_words() -> None:
    a = quote("a", "Russia is not ready for a ceasefire and wants more territory", "Umerov")
    b = quote("b", "Russia is not ready for a ceasefire and wants land", "Peskov")
    c = quote("c", "Russia is not ready for a ceasefire and wants land", None)
    # Four of five words shared: enough with no speaker known, not for two people.
    assert group_quotes([a, b]) == [(a,), (b,)]
    assert group_quotes([a, c]) == [(a, c)]


def test_british_and_american_spellings_normalise_alike() -> None:
    assert content_words("The defence programme was analysed and focussed") == content_words(
        "the defense program was analyzed and focused"
    )


def test_grouping_keeps_every_quote_once(tmp_path: Path) -> None:
    quotes = [quote(str(n), text) for n, text in enumerate(["x y z", "", "x y z", "q"])]
    groups = group_quotes(quotes)
    assert sorted(q.span.article_id for g in groups for q in g) == ["0", "1", "2", "3"]
