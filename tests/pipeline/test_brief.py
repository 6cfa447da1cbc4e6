from __future__ import annotations

import numpy as np

from storyline.models import Article
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.brief import EmbeddedSentences, write_brief


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


A = Article(
    "a",
    "A",
    "The talks in Istanbul ended after just over an hour on Monday.\n"
    "The weather in the city was warm and sunny all afternoon long.",
    "a.txt",
    outlet="ap",
)
B = Article(
    "b",
    "B",
    "Talks between the delegations in Istanbul lasted a little over an hour.",
    "b.txt",
    outlet="reuters",
)


def pool() -> EmbeddedSentences:
    sentences = split_sentences(A) + split_sentences(B)
    vectors = np.stack([unit(1, 0.1, 0), unit(0, 0, 1), unit(1, 0.12, 0)])
    return EmbeddedSentences(sentences, vectors)


def test_every_sentence_cites_all_articles_that_say_it_with_spans() -> None:
    brief = write_brief("e1", "Talks", [A, B], pool(), limit=1)
    (sentence,) = brief.sentences
    assert {c.article_id for c in sentence.citations} == {"a", "b"}
    for c in sentence.citations:
        source = A if c.article_id == "a" else B
        cited = source.text[c.span.start : c.span.end]
        assert "hour" in cited and "Istanbul" in cited


def test_summary_avoids_repeating_itself_and_respects_the_limit() -> None:
    brief = write_brief("e1", "Talks", [A, B], pool(), limit=2)
    texts = [s.text for s in brief.sentences]
    assert len(texts) == 2
    assert any("weather" in t for t in texts), "the paraphrase should lose to new content"
    assert [c.outlet for c in brief.coverage] == ["ap", "reuters"]


def test_citations_point_at_the_supporting_sentence_not_a_neighbour() -> None:
    # The two talks sentences (rows 0 and 2) match; the weather sentence (row 1),
    # A's neighbour, must never be cited for them.
    sentences = split_sentences(A) + split_sentences(B)
    vectors = np.stack([unit(0, 0, 1), unit(1, 0, 0), unit(0, 0.1, 1)])
    brief = write_brief("e1", "Talks", [A, B], EmbeddedSentences(sentences, vectors), limit=1)
    (sentence,) = brief.sentences
    for c in (*sentence.citations, *sentence.related):
        source = A if c.article_id == "a" else B
        assert "weather" not in source.text[c.span.start : c.span.end]


def test_a_source_with_other_particulars_is_shown_on_the_same_point_but_not_counted() -> None:
    said_b = "Talks between the delegations in Istanbul lasted over an hour, Fidan said."
    said_c = "Officials said the talks in Istanbul ended after just over an hour on Monday."
    b = Article("b", "B", said_b, "b.txt", outlet="reuters")
    c = Article("c", "C", said_c, "c.txt", outlet="afp")
    sentences = split_sentences(A) + split_sentences(b) + split_sentences(c)
    vectors = np.stack([unit(1, 0.1, 0), unit(0, 0, 1), unit(1, 0.12, 0), unit(1, 0.11, 0)])
    brief = write_brief("e1", "Talks", [A, b, c], EmbeddedSentences(sentences, vectors), limit=1)
    (sentence,) = brief.sentences
    assert "Monday" in sentence.text
    # B does not say when: on the point, not a report of this sentence.
    assert {x.article_id for x in sentence.citations} == {"a", "c"}
    assert [x.article_id for x in sentence.related] == ["b"]
    assert sentence.independent_support == 2
