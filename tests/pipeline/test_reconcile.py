"""Reconciliation on hand-built pools: the vectors are chosen, the logic is real."""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.models import (
    DateRef,
    Entity,
    EntityType,
    Figure,
    Mention,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    TimexType,
)
from storyline.pipeline.reconcile import (
    Pool,
    build_timeline,
    find_conflicts,
    group_claims,
    who_is_who,
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


def test_a_claim_inside_a_running_quotation_is_its_named_speakers() -> None:
    opened = "“We will not sign anything in Istanbul today,” the minister said."
    carried = "We will not sign anything in Istanbul today, and we will not come back."
    pool = pool_of([("a", opened, (1, 0, 0)), ("a", carried, (0, 1, 0)), ("b", carried, (0, 1, 0))])
    span = Span("a", 1, len(opened) + len(carried))  # the quotation runs on a line below
    named = {"a": [Quote(span, "", QuoteKind.DIRECT, "the Foreign Minister")]}
    claims = {
        c.span.start: c
        for g in group_claims(pool, named)
        for c in g.claims
        if c.span.article_id == "a"
    }
    assert claims[len(opened) + 1].attribution == "the Foreign Minister"
    # A dateline the quote finder took for a speaker names no one.
    dateline = {"a": [Quote(span, "", QuoteKind.DIRECT, "Reuters) - The")]}
    assert all(c.attribution is None for g in group_claims(pool, dateline) for c in g.claims)


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


def test_a_bare_share_is_compared_only_in_a_sentence_that_otherwise_says_the_same() -> None:
    poll = "Clinton leads Trump with 46 percent among likely voters in the new poll."
    other = "Clinton has 43 percent in a head-to-head race in another survey on Friday."
    edited = "Clinton leads Trump with 41 percent among likely voters in the new poll."
    pool = pool_of([("a", poll, (1, 0, 0)), ("b", other, (1, 1, 0)), ("c", edited, (1, 0.05, 0))])
    figures = {
        "a": [figure(pool, 0, "46 percent", 46, "%", None)],
        "b": [figure(pool, 1, "43 percent", 43, "%", None)],
        "c": [figure(pool, 2, "41 percent", 41, "%", None)],
    }
    # b is about the same race (cosine 0.7) but says nothing of which share it gives;
    # c is a's sentence with another number.
    (conflict,) = find_conflicts(pool, figures)
    assert sorted(s.article_ids for s in conflict.sides) == [("a",), ("c",)]
    assert conflict.about == "what share (%)"


def test_the_likeliest_disagreement_is_listed_first() -> None:
    far = "Police said 12 officers were hurt in the clashes near the port on Friday."
    far_too = "Police said 40 officers were hurt in clashes across the city at the weekend."
    near = "The ferry carried 472 passengers when it ran aground near the port."
    near_too = "The ferry carried 470 passengers when it ran aground near the port."
    pool = pool_of(
        [
            ("a", far, (1, 0, 0)),
            ("b", far_too, (1, 0.9, 0)),
            ("a", near, (0, 0, 1)),
            ("b", near_too, (0, 0.05, 1)),
        ]
    )

    def counted(row: int, text: str, value: float, what: str) -> Figure:
        found = figure(pool, row, text, value, None, None)
        return Figure(found.span, found.text, value, None, what)

    figures = {
        "a": [counted(0, "12 officers", 12, "officer"), counted(2, "472", 472, "passenger")],
        "b": [counted(1, "40 officers", 40, "officer"), counted(3, "470", 470, "passenger")],
    }
    found = find_conflicts(pool, figures)
    assert [c.about for c in found] == ["how many passengers", "how many officers"]


def _entity(name: str, kind: EntityType, roles: tuple[str, ...] = ()) -> Entity:
    mention = Mention(Span("a1", 0, len(name)), name, kind)
    return Entity(f"id-{name}", name, kind, (name,), (mention,), roles, ("a1",))


def test_whos_who_leaves_out_peoples_listed_places_and_honorifics() -> None:
    entities = [
        _entity("Costas Karamanlis", EntityType.PERSON, ("Mr", "Prime Minister")),
        _entity("Greeks", EntityType.PERSON),  # a people, not a person
        _entity("Athens", EntityType.ORGANIZATION),  # a listed place the tagger mistyped
        _entity("Alexandros Grigoropoulos", EntityType.PERSON, ("Mr.",)),
    ]
    rows = who_is_who(entities, ["a1"])
    assert [r.name for r in rows] == ["Alexandros Grigoropoulos", "Costas Karamanlis"]
    assert rows[1].roles == ("Prime Minister",) and rows[0].roles == ()


def test_whos_who_gives_roles_to_people_only() -> None:
    entities = [
        _entity("Norwich Crown Court", EntityType.ORGANIZATION, ("judge",)),
        _entity("David Mellor", EntityType.PERSON, ("Judge",)),
    ]
    roles = {r.name: r.roles for r in who_is_who(entities, ["a1"])}
    assert roles == {"Norwich Crown Court": (), "David Mellor": ("Judge",)}
