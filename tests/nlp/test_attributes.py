"""The attribute ruler's matches found by lookup are the ones its Matcher finds."""

from __future__ import annotations

from pathlib import Path

import spacy

from storyline.nlp.attributes import fast_matcher
from storyline.nlp.parse import MODEL_PACKAGE, load_pipeline, parse_texts

from ..conftest import SEEDS

ODD = "Y'all gonna see it ain't so. There is a dog. Let's go, c'mon! I saw it and you did."


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(Path(SEEDS).glob("*.txt"))] + [ODD]


def test_lookup_finds_the_matchers_matches() -> None:
    plain = spacy.load(MODEL_PACKAGE)
    ruler = plain.get_pipe("attribute_ruler")
    matcher = fast_matcher(ruler)
    assert matcher is not None
    docs = plain.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"])
    for doc in docs:
        expected = [tuple(m) for m in ruler.match(doc)]
        assert matcher(doc) == expected
        assert len(expected) >= len(doc), "every token's tag has a rule"


def test_the_pipeline_sets_what_the_shipped_ruler_sets() -> None:
    plain = spacy.load(MODEL_PACKAGE)
    load_pipeline()  # the pipeline with the lookup in place
    for ours, theirs in zip(parse_texts(_texts()), plain.pipe(_texts()), strict=True):
        assert [(t.pos_, str(t.morph), t.tag_, t.dep_) for t in ours] == [
            (t.pos_, str(t.morph), t.tag_, t.dep_) for t in theirs
        ]


def test_a_pattern_it_cannot_look_up_keeps_the_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">=": 3}}]], {"POS": "NOUN"})
    assert fast_matcher(ruler) is None
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    assert fast_matcher(ruler) is None
