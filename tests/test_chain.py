"""The one pipeline: live updates agree with `analyze`, survive restarts, write only changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyline import ids, reading, service
from storyline.chain import Pipeline
from storyline.grouping_writer import GroupingWriter
from storyline.models import Article
from storyline.nlp.sentences import split_sentences
from storyline.settings import Settings
from storyline.store import open_store

from .conftest import SEEDS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    return Settings(db=tmp_path / "live.db")


def seeds(*prefixes: str) -> list[Path]:
    return [next(SEEDS.glob(f"{p}_*.txt")) for p in prefixes]


def events_of(settings: Settings) -> list[tuple[str, ...]]:
    with open_store(settings.db) as store:
        return sorted(e.article_ids for e in store.events())


def test_live_placing_in_batches_matches_analyze_in_the_same_batches(
    tmp_path: Path, settings: Settings
) -> None:
    batches = [seeds("000", "001"), seeds("002", "003", "004")]
    live = Pipeline(settings, checkpoint_seconds=300)
    other = Settings(db=tmp_path / "analyzed.db")
    for batch in batches:
        with open_store(settings.db) as store:
            service.ingest(store, batch, settings)
            placed = live.update(store)
        assert placed.placed
        with open_store(other.db) as store:
            service.ingest(store, batch, other)
            service.analyze(store, other)
    assert events_of(settings) == events_of(other)
    with open_store(settings.db) as store:
        assert not live.update(store).placed  # nothing new
        assert store.grouper_state_stamp() is None  # not saved yet: no checkpoint was due


def test_a_restart_without_a_checkpoint_places_everything_again_the_same_way(
    settings: Settings,
) -> None:
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001", "002"), settings)
        Pipeline(settings, checkpoint_seconds=300).update(
            store
        )  # then "killed": its state never saved
    before = events_of(settings)
    restarted = Pipeline(settings, checkpoint_seconds=300)
    with open_store(settings.db) as store:
        assert restarted.update(store).placed
    assert events_of(settings) == before
    with open_store(settings.db) as store:
        restarted.checkpoint(store)
        assert store.grouper_state_stamp() is not None
        resumed = Pipeline(settings, checkpoint_seconds=300)
        assert not resumed.update(store).placed  # the saved state holds every article


def test_a_full_analyze_elsewhere_is_picked_up_before_placing(settings: Settings) -> None:
    live = Pipeline(settings, checkpoint_seconds=300)
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001"), settings)
        live.update(store)
        live.checkpoint(store)
        service.ingest(store, seeds("002"), settings)
        service.analyze(store, settings)  # another process regrouped and saved its state
        analysed = sorted(e.article_ids for e in store.events())
        assert not live.update(store).placed  # it reloaded: the new article is placed already
        assert sorted(e.article_ids for e in store.events()) == analysed


def test_checkpoints_follow_the_clock(settings: Settings) -> None:
    now = [0.0]
    live = Pipeline(settings, checkpoint_seconds=300, clock=lambda: now[0])
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000"), settings)
        live.update(store)
        assert store.grouper_state_stamp() is None
        now[0] = 301.0
        service.ingest(store, seeds("001"), settings)
        live.update(store)
        assert store.grouper_state_stamp() is not None


def test_writing_only_what_changed_equals_writing_everything(tmp_path: Path) -> None:
    """Along a stream with joins, merges and splits, after every article."""
    from storyline.pipeline.grouping import OnlineGrouper
    from storyline.store import SqliteStore

    from .pipeline.test_grouping import bridged_then_apart
    from .pipeline.test_grouping_state import stream

    # One vector size for both: the bridged rows padded with zeros (still unit length).
    bridged = [(a, replace(f, vector=np.pad(f.vector, (0, 13)))) for a, f in bridged_then_apart()]
    rows = bridged + stream(60)
    grouper = OnlineGrouper()
    writer = GroupingWriter()
    with SqliteStore(tmp_path / "inc.db") as live, SqliteStore(tmp_path / "whole.db") as whole:
        for store in (live, whole):
            store.add_articles([article for article, _ in rows])
        kinds = set()
        for article, features in rows:
            grouper.add(article, features, article.id)
            writer.write(live, grouper)
            grouping = grouper.grouping()
            whole.replace_grouping(grouping.events, grouping.stories, grouping.changes)
            assert live.events() == whole.events()
            assert live.stories() == whole.stories()
            assert live.event_changes() == whole.event_changes()
            kinds |= {c.kind.value for c in grouping.changes}
        assert {"founded", "joined", "merged", "split"} <= kinds
        assert live.grouping_version() == len(rows)


FOOTER = (
    "Follow us on Twitter for the latest news from our newsroom.\n"
    "Sign up for our morning newsletter to get every story first.\n"
    "Copyright reserved by the publisher and its licensors worldwide."
)
TOPICS = {
    "dam1": "The Kariba dam burst on Monday, flooding three villages downstream.\n"
    "Engineers said cracks had been reported in the dam wall for months.\n"
    "Rescue teams pulled 40 people from the floodwater by nightfall.\n"
    "The dam operator said the reservoir had been unusually full after heavy rain.\n"
    "Zambia's energy minister promised an inquiry into the dam's maintenance.\n"
    "Hydropower from the dam supplies much of the region's electricity.",
    "dam2": "Floodwater from the broken Kariba dam swept through three villages.\n"
    "Villagers had warned the authorities about cracks in the dam since spring.\n"
    "By evening rescuers had saved dozens of families stranded by the flood.\n"
    "Heavy rain had filled the reservoir behind the dam to a record level.\n"
    "The government of Zambia will investigate how the dam was maintained.\n"
    "Power cuts followed as the dam's turbines stopped turning.",
    "vote": "Voters in Estonia chose a new parliament on Sunday in a calm election.\n"
    "The liberal Reform party won the most seats in the Riigikogu, officials said.\n"
    "Turnout reached 63 percent, slightly above the last parliamentary vote.\n"
    "Kaja Kallas is expected to form a coalition government within weeks.\n"
    "Defence spending and relations with Russia dominated the campaign.\n"
    "Electronic voting accounted for half of the ballots cast in Estonia.",
    "quake": "A magnitude 6.1 earthquake shook central Chile on Tuesday morning.\n"
    "Buildings swayed in Santiago but no serious damage was reported.\n"
    "The national seismic office said several aftershocks followed the quake.\n"
    "Chile sits on the Pacific Ring of Fire and records frequent earthquakes.\n"
    "Copper mines in the Andes briefly halted work to inspect their tunnels.\n"
    "No tsunami warning was issued for the Chilean coast after the earthquake.",
}


def test_a_sentence_that_becomes_furniture_retraces_the_events_holding_it(
    tmp_path: Path,
) -> None:
    """The footer links the two dam reports until a third event carries it too: then it is
    page furniture, and the dam event's lineage changes though no article joined it."""
    from datetime import date

    # Months apart, so the three happenings stay three events whatever the footer adds.
    days = {
        "dam1": date(2024, 3, 4),
        "dam2": date(2024, 3, 4),
        "vote": date(2025, 3, 2),
        "quake": date(2026, 1, 13),
    }
    articles = [
        Article(
            id=f"a-{name}",
            title=text.split("\n")[0],
            text=f"{text}\n{FOOTER}",
            path=f"{name}.txt",
            outlet="Daily Planet",
            published=days[name],
        )
        for name, text in TOPICS.items()
    ]
    settings = Settings(db=tmp_path / "live.db")
    live = Pipeline(settings, checkpoint_seconds=300)
    with open_store(settings.db) as store:
        reports_before = None
        for article in articles:
            store.add_articles([article])
            live.update(store)
            if article.id == "a-vote":
                event = store.event_of_article("a-dam1")
                assert event is not None and set(event.article_ids) == {"a-dam1", "a-dam2"}
                reports_before = store.lineage([event.id]).independent_reports(event.id)
        event = store.event_of_article("a-dam1")
        assert event is not None
        reports_after = store.lineage([event.id]).independent_reports(event.id)
        live_lineage = store.lineage()
    assert len({e for e in (store_events(settings))}) == 3
    assert (reports_before, reports_after) == (1, 2)
    fresh = Settings(db=tmp_path / "fresh.db")
    with open_store(fresh.db) as store:
        store.add_articles(articles)
        service.analyze(store, fresh)
        assert store.lineage() == live_lineage


def store_events(settings: Settings) -> list[str]:
    with open_store(settings.db) as store:
        return [e.id for e in store.events()]


@pytest.mark.slow
def test_live_additions_on_postgresql_equal_one_analysis_on_sqlite(
    pg_url: str, tmp_path: Path
) -> None:
    """The pipeline's writes (grouping, lineage, furniture) agree across the two stores."""
    from storyline.ingest import read_inputs
    from storyline.pipeline.grouping import arrival_order

    from .conftest import ECBPLUS

    if not (ECBPLUS / "docs").is_dir():
        pytest.skip("the ECB+ dev documents are not beside the project")
    paths = sorted(SEEDS.glob("*.txt")) + sorted((ECBPLUS / "docs").iterdir())[:25]
    settings = Settings(db=tmp_path / "unused.db")
    read = [a for a in read_inputs(paths, settings) if isinstance(a, Article)]
    articles = arrival_order(list({a.id: a for a in read}.values()))
    live = Pipeline(settings, checkpoint_seconds=300)
    with open_store(pg_url) as store:
        for start in range(0, len(articles), 4):
            store.add_articles(articles[start : start + 4])
            live.update(store)
        on_postgres = (store.events(), store.stories(), store.lineage(), store.event_changes())
        model = live.embedder(store).name
        keys = sorted({k for a in articles for k in _hashes(a)})
        vectors = store.load_vectors(model, keys)
    fresh = Settings(db=tmp_path / "fresh.db")
    with open_store(fresh.db) as store:
        store.save_vectors(model, vectors)  # the same vectors, as in one store
        store.add_articles(articles)
        service.analyze(store, fresh)
        on_sqlite = (store.events(), store.stories(), store.lineage(), store.event_changes())
    assert on_postgres == on_sqlite


def _hashes(article: Article) -> list[str]:
    return [ids.sentence_hash(s.text) for s in split_sentences(article)]


def test_briefs_are_written_when_read_and_large_subjects_from_their_newest(
    settings: Settings,
) -> None:
    small = replace(settings, brief_max_articles=1)
    with open_store(small.db) as store:
        service.ingest(store, seeds("000", "001", "002", "003", "004"), small)
        analysis = service.analyze(store, small)
        assert analysis.event_briefs._written == {}  # type: ignore[attr-defined]
        story = max(analysis.stories, key=lambda s: len(s.event_ids))
        members = [a for e in analysis.events if e.id in story.event_ids for a in e.article_ids]
        assert len(members) > 1
        brief = analysis.story_briefs[story.id]
        assert brief.articles == 1, "briefed from its newest article only"
        shown = reading.show(store, small, story.id)
        # The same summary from the same articles (who's who differs: `show` resolves
        # names across the subject's articles only, analyze across the whole store).
        assert (shown.brief.sentences, shown.brief.articles) == (brief.sentences, 1)
        assert set(analysis.story_briefs) == {s.id for s in analysis.stories}
        with pytest.raises(KeyError):
            analysis.event_briefs["no such event"]
