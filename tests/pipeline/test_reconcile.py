"""Reconciliation on hand-built pools: the vectors are chosen, the logic is real."""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.models import (
    DateRef,
    Figure,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    TimexType,
)
from storyline.pipeline.reconcile import (
    Pool,
    attribution_conflicts,
    build_timeline,
    find_conflicts,
    group_claims,
    statement_conflicts,
)


def pool_of(
    rows: list[tuple[str, str, tuple[float, ...]]], reports: dict[str, str] | None = None
) -> Pool:
    sentences, vectors, offsets = [], [], {}
    for article, text, vector in rows:
        start = offsets.get(article, 0)
        sentences.append(Sentence(Span(article, start, start + len(text)), text, len(sentences)))
        offsets[article] = start + len(text) + 1
        v = np.array(vector, dtype=np.float32)
        vectors.append(v / np.linalg.norm(v))
    return Pool(
        sentences, np.vstack(vectors), reports or {}, {"a": "Reuters", "b": "AP", "c": "AFP"}
    )


TALKS_A = "The talks in Istanbul lasted just over an hour on Monday afternoon."
TALKS_B = "The talks in Istanbul ended in less than an hour on Monday afternoon."
WAR = "The war has now lasted more than three years and shows no sign of ending."


def figure(
    pool: Pool, row: int, text: str, value: float, unit: str | None, qualifier: str | None
) -> Figure:
    sentence = pool.sentences[row]
    start = sentence.span.start + sentence.text.index(text)
    return Figure(
        Span(sentence.article_id, start, start + len(text)), text, value, unit, None, qualifier
    )


def test_incompatible_durations_of_one_thing_become_a_conflict_with_both_sides() -> None:
    pool = pool_of(
        [("a", TALKS_A, (1, 0.1, 0)), ("b", TALKS_B, (1, 0.12, 0)), ("c", WAR, (0, 0, 1))]
    )
    figures = {
        "a": [figure(pool, 0, "just over an hour", 1, "hour", "just over")],
        "b": [figure(pool, 1, "less than an hour", 1, "hour", "less than")],
        "c": [figure(pool, 2, "more than three years", 3, "year", "more than")],
    }
    (conflict,) = find_conflicts(pool, figures)
    assert conflict.kind == "figure"
    assert sorted(s.value for s in conflict.sides) == ["just over an hour", "less than an hour"]
    assert sorted(s.article_ids for s in conflict.sides) == [("a",), ("b",)]
    for side in conflict.sides:
        (citation,) = side.citations
        assert citation.outlet in ("Reuters", "AP")


def test_agreeing_figures_and_offsets_are_not_conflicts() -> None:
    pool = pool_of(
        [
            ("a", TALKS_A, (1, 0.1, 0)),
            ("b", "The talks began two hours late and lasted over an hour.", (1, 0.1, 0)),
        ]
    )
    figures = {
        "a": [figure(pool, 0, "just over an hour", 1, "hour", "just over")],
        "b": [
            figure(
                pool, 1, "two hours", 2, "hour", None
            ),  # "two hours late": a delay, not a length
            figure(pool, 1, "over an hour", 1, "hour", "more than"),
        ],
    }
    assert find_conflicts(pool, figures) == []


def test_claims_group_across_articles_and_copies_count_once() -> None:
    rows = [
        ("a", TALKS_A, (1, 0, 0)),
        ("b", TALKS_A, (1, 0.01, 0)),
        ("c", TALKS_A, (1, 0.02, 0)),
        ("c", WAR, (0, 1, 0)),
    ]
    pool = pool_of(rows, reports={"a": "g1", "b": "g1", "c": "g2"})
    groups = group_claims(pool, {})
    assert groups[0].article_ids == ("a", "b", "c")
    assert groups[0].independent_support == 2  # a and b are one report
    assert [g.article_ids for g in groups[1:]] == [("c",)]


def test_a_fact_and_its_negation_and_an_attribution_dropped_are_flagged() -> None:
    said = "Russia fired 472 drones at Ukraine overnight, Ukraine's air force said."
    plain = "Russia fired 472 drones at Ukraine overnight in a record attack."
    denied = "Russia did not fire 472 drones at Ukraine overnight in a record attack."
    pool = pool_of(
        [("a", said, (1, 0, 0)), ("b", plain, (1, 0.02, 0)), ("c", denied, (1, 0.03, 0))]
    )
    start = said.index("Ukraine's air force")
    quote = Quote(
        Span("a", 0, 50),
        said[:50],
        QuoteKind.INDIRECT,
        "Ukraine's air force",
        Span("a", start, start + 19),
    )
    groups = group_claims(pool, {"a": [quote]})
    (statement,) = statement_conflicts(pool, groups)
    # The attributed report says more than the denial contradicts ("the air force said").
    assert [s.article_ids for s in statement.sides] == [("b",), ("c",)]
    (contested,) = attribution_conflicts(pool, groups)
    assert contested.sides[0].value == "attributed to Ukraine's air force"
    assert contested.sides[1].article_ids == ("b", "c")


def test_timeline_has_one_entry_per_day_in_calendar_order() -> None:
    first = "The first round was held in Istanbul on May 16 and lasted two hours."
    strike = "On Sunday, Russia launched a record 472 drones at Ukraine."
    talks = "Delegations met in Istanbul on Monday for a second round."
    pool = pool_of([("a", talks, (1, 0, 0)), ("a", first, (0, 1, 0)), ("b", strike, (0, 0, 1))])

    def ref(row: int, text: str, day: date) -> DateRef:
        s = pool.sentences[row]
        start = s.span.start + s.text.index(text)
        return DateRef(
            Span(s.article_id, start, start + len(text)),
            text,
            TimexType.DATE,
            day.isoformat(),
            day,
            "published",
        )

    dates = {
        "a": [ref(0, "Monday", date(2025, 6, 2)), ref(1, "May 16", date(2025, 5, 16))],
        "b": [ref(2, "Sunday", date(2025, 6, 1))],
    }
    timeline = build_timeline(pool, dates)
    assert [(e.day.isoformat(), e.text) for e in timeline] == [
        ("2025-05-16", first),
        ("2025-06-01", strike),
        ("2025-06-02", talks),
    ]


def test_an_undated_article_that_calls_a_day_previous_is_placed_after_it() -> None:
    from storyline.models import Article
    from storyline.pipeline.reconcile import undated_happenings

    talks = "Delegations met in Istanbul on Monday for a second round."
    later = "Negotiators arrived in Istanbul for new talks, the first in seven weeks."
    earlier = "Previous negotiations in Istanbul, held on May 16 and June 2, freed prisoners."
    pool = pool_of([("a", talks, (1, 0, 0)), ("b", later, (0, 1, 0)), ("b", earlier, (0, 0, 1))])
    undated = Article(id="b", title="Talks resume", text=f"{later} {earlier}", path="b.txt")
    june_2 = date(2025, 6, 2)
    start = undated.text.index("June 2")
    refs = {"b": [DateRef(Span("b", start, start + 6), "June 2", TimexType.DATE, "XXXX-06-02")]}
    from storyline.models import TimelineEntry

    known = [TimelineEntry(june_2, talks, (pool.citation(0),))]
    (entry,) = undated_happenings(pool, [undated], refs, known)
    assert (entry.day, entry.after, entry.text) == (june_2, True, later)


def test_a_negation_elsewhere_in_a_sentence_on_the_same_topic_is_no_contradiction() -> None:
    admitted = "Roberts, 52, admitted being attracted to boys but denied any part in the death."
    killed = "Roberts, 52, who admitted being attracted to boys, killed the teenager by the river."
    asked = "Did Russia not fire 472 drones at Ukraine overnight in a record attack?"
    plain = "Russia fired 472 drones at Ukraine overnight in a record attack."
    pool = pool_of(
        [("a", admitted, (1, 0, 0)), ("b", killed, (1, 0.02, 0)),
         ("a", asked, (0, 1, 0)), ("c", plain, (0, 1, 0.02))]
    )  # fmt: skip
    assert statement_conflicts(pool, group_claims(pool, {})) == []


def quote_in(pool: Pool, row: int, speaker: str | None, whole: bool = False) -> Quote:
    sentence = pool.sentences[row]
    start = sentence.span.start if whole else sentence.span.start + 1
    return Quote(Span(sentence.article_id, start, sentence.span.end - 1),
                 sentence.text, QuoteKind.DIRECT, speaker)  # fmt: skip


def test_quotations_rewrites_and_unnamed_speakers_never_contest_an_attribution() -> None:
    opened = "“We will not sign anything in Istanbul today,” the minister said."
    carried = "We will not sign anything in Istanbul today, and we will not come back."
    plain = "Ukraine will not sign anything in Istanbul today, and it will not come back."
    rows = [("a", opened, (1, 0, 0)), ("a", carried, (0, 1, 0)), ("b", carried, (0, 1, 0.01)),
            ("c", plain, (0, 1, 0.02))]  # fmt: skip
    pool = pool_of(rows, reports={"a": "g1", "b": "g1", "c": "g2"})
    # a's second sentence continues the minister's quotation, which opened a line above.
    quotes = {"a": [Quote(Span("a", 1, len(opened) + len(carried)), "", QuoteKind.DIRECT,
                          "the Foreign Minister")]}  # fmt: skip
    groups = group_claims(pool, quotes)
    (contested,) = attribution_conflicts(pool, groups, quotes)
    # b copies a without the quotation marks: one report with a, so only c contests it.
    assert contested.sides[1].article_ids == ("c",)
    assert contested.sides[0].value == "attributed to the Foreign Minister"
    # A dateline the quote finder took for a speaker names no one.
    unnamed = {"a": [Quote(Span("a", 1, len(opened) + len(carried)), "", QuoteKind.DIRECT,
                           "Reuters) - The")]}  # fmt: skip
    assert attribution_conflicts(pool, group_claims(pool, unnamed), unnamed) == []
