"""Lineage on small real texts, embedded with the real model."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.models import Article, Event, Lineage, Relation
from storyline.nlp.embed import MiniLMEmbedder
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.lineage import trace_lineage

WIRE = (
    "ISTANBUL (Reuters) - Russian and Ukrainian negotiators met in Istanbul on Monday.\n"
    "The talks lasted just over an hour, Turkish officials said.\n"
    "Both sides agreed to exchange 1,000 prisoners of war each.\n"
    'Zelensky called the drone strike a "brilliant operation".\n'
    "No date was set for another round."
)
REWRITE = (
    "Negotiators from Russia and Ukraine held talks in Istanbul on Monday, Reuters reported.\n"
    "The meeting ended after a little more than an hour, according to Turkish officials.\n"
    "The two sides agreed to swap 1,000 prisoners of war each.\n"
    'Zelenskiy described the drone attack as a "brilliant operation".\n'
    "Markets in Kyiv were calm."
)
INDEPENDENT = (
    "Ukraine's foreign minister spent Monday in Brussels asking for more air defence.\n"
    "European ministers promised new sanctions on Russian oil.\n"
    "In Istanbul, delegations met behind closed doors, officials said.\n"
    "Farmers in the south reported a poor harvest after the drought."
)


def article(name: str, text: str, day: date | None = None) -> Article:
    return Article(id=name, title=name, text=text, path=f"{name}.txt", published=day)


@pytest.fixture(scope="module")
def traced() -> Lineage:
    articles = [
        article("wire", WIRE, date(2025, 6, 2)),
        article("rewrite", REWRITE, date(2025, 6, 2)),
        article("other", INDEPENDENT),
        article("copy", WIRE + "\nShare this article"),
    ]
    sentences = {a.id: split_sentences(a) for a in articles}
    model = MiniLMEmbedder()
    vectors = {a.id: model.embed([s.text for s in sentences[a.id]]) for a in articles}
    event = Event("e1", tuple(a.id for a in articles), "talks")
    return trace_lineage(articles, sentences, vectors, [event])


def test_copy_rewrite_and_independent_report_are_told_apart(traced: Lineage) -> None:
    relations = {(k.a, k.b): k.relation for k in traced.links}
    assert relations[("copy", "wire")] is Relation.COPY
    assert relations[("rewrite", "wire")] is Relation.REWRITE
    assert not [pair for pair in relations if "other" in pair]


def test_the_group_counts_once_and_the_credited_wire_is_the_origin(traced: Lineage) -> None:
    assert traced.independent_reports("e1") == 2
    group = traced.group_of("rewrite")
    assert group is not None
    assert set(group.article_ids) == {"wire", "rewrite", "copy"}
    assert "Reuters" in group.credited


def test_aligned_sentences_share_anchors(traced: Lineage) -> None:
    link = next(k for k in traced.links if k.relation is Relation.REWRITE)
    assert link.aligned >= 3 and link.order == 1.0
    assert any("#:1000" in s.shared_anchors for s in link.sentences)


def test_anchors_most_of_an_event_shares_are_topical_not_evidence() -> None:
    from storyline.pipeline.lineage import _side, topical_anchors

    texts = {
        "x": "Nichols was sentenced in Atlanta. The judge spoke for 472 minutes.",
        "y": "In Atlanta, Nichols heard his sentence on Saturday.",
        "z": "Nichols, who escaped in Atlanta, will not be released.",
    }
    articles = [article(k, v) for k, v in texts.items()]
    sides = {}
    for a in articles:
        sentences = split_sentences(a)
        vectors = MiniLMEmbedder().embed([s.text for s in sentences])
        sides[a.id] = _side(sentences, vectors)
    topical = topical_anchors(sorted(sides), sides)
    assert {"n:nchls", "n:atlnt"} <= topical
    assert "#:472" not in topical


def test_sentences_repeated_across_three_events_are_furniture() -> None:
    from storyline.pipeline.lineage import furniture_sentences

    footer = "Follow us on Twitter for the latest news."
    texts = {
        "a": f"The dam burst on Monday.\n{footer}",
        "b": f"Floods closed the motorway.\n{footer}",
        "c": f"A new mayor was elected.\n{footer}",
        "d": "The dam burst on Monday.",
    }
    articles = {k: article(k, v) for k, v in texts.items()}
    sentences = {k: split_sentences(a) for k, a in articles.items()}
    events = [Event("e1", ("a", "d"), "dam"), Event("e2", ("b",), "x"), Event("e3", ("c",), "y")]
    from storyline.ids import sentence_key

    assert furniture_sentences(sentences, events) == {sentence_key(footer)}
    # In only two events, a shared sentence may be a real copy split by grouping: kept.
    assert furniture_sentences(sentences, events[:2]) == frozenset()


def test_a_two_sentence_brief_copied_whole_is_a_rewrite_link() -> None:
    # Reworded, so MinHash shares no shingles: only the sentence alignment can find it.
    brief = (
        "On Sunday Russia launched 472 drones against Ukraine.\n"
        'Zelenskiy described it as "a record assault on our cities".'
    )
    longer = (
        "Russia fired 472 drones at Ukraine on Sunday.\n"
        'Zelensky called it "a record assault on our cities".\n'
        "Air defence units shot most of them down.\nSchools stayed open in Kyiv."
    )
    articles = [article("brief", brief), article("full", longer)]
    sentences = {a.id: split_sentences(a) for a in articles}
    model = MiniLMEmbedder()
    vectors = {a.id: model.embed([s.text for s in sentences[a.id]]) for a in articles}
    lineage = trace_lineage(articles, sentences, vectors, [Event("e", ("brief", "full"), "x")])
    assert [k.relation for k in lineage.links] == [Relation.REWRITE]
    assert lineage.independent_reports("e") == 1


PA_PAGE_ONE = (
    "A police sergeant was today convicted of raping two women he met while on duty.\n"
    "Paul Banfield, 33, of St Neots, was convicted on majority verdicts by a jury at "
    "Nottingham Crown Court.\n"
    'The judge told him: "You abused the trust placed in you."\n'
    "He had already admitted three indecent assaults against two other women."
)
PA_PAGE_TWO = (
    "Detectives said a tape which should have shown the custody suite had been swapped "
    "for a blank one.\n"
    "All the tapes are now kept in a locked cabinet at the station.\n"
    "Banfield will be sentenced next month."
)
NEWSPAPER = (
    "A custody sergeant was convicted yesterday of raping two women he met while on duty.\n"
    "Paul Banfield, 33, of St Neots, was convicted on majority verdicts by a jury at "
    "Nottingham Crown Court.\n"
    "A tape which should have shown the custody suite had been swapped for a blank one, "
    "detectives said.\n"
    "Banfield will be sentenced next month."
)
OWN_REPORT = (
    "Women in Cambridge had complained about the officer for more than a year, "
    "our reporter learnt.\n"
    'The judge told him: "You abused the trust placed in you."\n'
    "Neighbours in the quiet village described him as a keen gardener and churchgoer.\n"
    "His wife sat in the public gallery throughout the six-week hearing."
)


def test_a_paper_stitching_two_wire_pages_joins_the_wire_report_and_shared_quotes_do_not() -> None:
    articles = [
        Article(id="pa1", title="", text=PA_PAGE_ONE, path="pa1.txt", outlet="PA"),
        Article(id="pa2", title="", text=PA_PAGE_TWO, path="pa2.txt", outlet="PA"),
        Article(id="sun", title="", text=NEWSPAPER, path="sun.txt", outlet="Sun"),
        Article(id="times", title="", text=OWN_REPORT, path="times.txt", outlet="Times"),
    ]
    sentences = {a.id: split_sentences(a) for a in articles}
    model = MiniLMEmbedder()
    vectors = {a.id: model.embed([s.text for s in sentences[a.id]]) for a in articles}
    event = Event("e1", tuple(a.id for a in articles), "sergeant")
    lineage = trace_lineage(articles, sentences, vectors, [event])
    groups = sorted(sorted(g.article_ids) for g in lineage.groups)
    assert groups == [["pa1", "pa2", "sun"], ["times"]]
    wire = next(g for g in lineage.groups if "sun" in g.article_ids)
    assert (wire.origin, wire.origin_reason) == ("pa1", "the wire service's own copy (PA)")
    reused = [k for k in lineage.links if "sun" in (k.a, k.b)]
    assert reused and all(k.relation is Relation.REWRITE for k in reused)
    assert max(k.containment for k in reused) > 0.4  # much of its own wording, at the lower bound
