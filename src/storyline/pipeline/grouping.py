"""Online grouping of articles into events and of events into stories.

Articles arrive one at a time, in publication order where dates are known. A
new article joins the event it is most similar to when that similarity clears
``event_threshold``; otherwise it founds a new event. When an article clears
the threshold for two events and those events now clear it for each other, it
has shown they are one happening: the younger event is merged into the older.
A merged event keeps its parts apart while it is live; when later articles
show that a part no longer belongs with the rest (the bridge was a round-up of
two happenings), the merge is undone and the part comes back as its own event
in the same story. Every founding, joining, merging and splitting is recorded
(:class:`EventChange`), so a reader can replay how a story grew.

Similarity is an average link (the mean similarity between the article and
each member) over three views of an article (:mod:`.features`): its
embedding, its IDF-weighted names and distinctive numbers, and its
IDF-weighted content words, minus penalties when it speaks of another year than
the event or was published long after the event's last article. Over unit
vectors an average link is a dot product with the members' summed vector, so
each view costs one product per candidate. Candidates are the events of the
nearest recent articles (:class:`.recent_index.RecentIndex`), which keeps the
cost per article flat as the index grows.

Each event joins a story when it is founded, and again when it has doubled in
size (its first article may have said too little): stories are scored on the
same three views of their events, with the looser ``story_threshold``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from .. import ids
from ..models import Article, ChangeKind, Event, EventChange, Story
from ..nlp.embed import unit
from .archive import Archive, Settled
from .features import ArticleFeatures, OnlineIdf, Sparse, add_capped, sparse_dot
from .recent_index import RecentIndex
from .stated_days import contradicts
from .wording import wording
from .wording_sketch import Probe, Sketch, overlaps, probe, sketch_of

Vector = npt.NDArray[np.float32]

# Weights of the three views and the thresholds, from a grid over the ECB+ dev
# articles as a whole (docs/benchmarks.md), never per topic or on the seeds, and
# checked on the corpora they were not chosen on (METER, NewsWCL50, a mixed stream).
W_EMBEDDING, W_KEYS, W_WORDS = 0.1, 0.6, 0.5
EVENT_THRESHOLD = 0.17
# Two events merge only when their members are clearly closer than a lone article
# needs to be to join: a bridge article is often a round-up that mentions both.
MERGE_THRESHOLD = 0.20
# A merged part splits off again when its link to the rest falls below this
# (below the merge bar, so a merge and a split cannot chase each other).
SPLIT_THRESHOLD = 0.17
# How much a merged event grows between two looks at whether its parts still agree.
SPLIT_CHECK_GROWTH = 0.25
# An event merged from more parts than this is taken as settled: its parts are
# dropped and it no longer splits. Splitting undoes a recent wrong merge; keeping
# every part of a much-merged event would make each join cost one score per part.
MAX_PARTS = 8
YEAR_PENALTY = 0.2
# When both sides have publication days, "another year" means this far apart, not
# either side of 1 January: an event of 31 December reported on 2 January is one event.
YEAR_APART_DAYS = 183
# An article published this long after an event's latest article rarely reports
# the same happening; it may still join when the specifics overwhelm the penalty.
GAP_DAYS = 60
GAP_PENALTY = 0.1
# An article that calls the event's own day "previous" reports a later happening.
LATER_PENALTY = 1.0
# A strong copy or rewrite ties an article to its source's event whatever the scores say:
# most of one article's own word pairs (quotations aside) are the other's. Estimated from
# sampled wording (:mod:`.wording_sketch`). The bar was read off METER dev, where pairs
# above 0.5 are the same story except for three PA recaps of a trial's earlier day (kept
# apart by TIE_DAYS), and checked on ECB+ and NewsWCL50 dev: no pair of different events
# there reaches even 0.4 (docs/benchmarks.md).
TIE_SHARE = 0.5
TIE_MIN_PAIRS = 30  # own pairs an article needs before its wording says anything
TIE_MIN_SHARED = 15  # estimated pairs in common
TIE_MIN_HITS = 4  # sampled pairs found: fewer is a guess
TIE_DAYS = 3  # a recap of a trial's earlier day reuses it, days later
# Where to look: the best-scoring candidate events, and their newest members (copies
# come soon after their source); this bounds the cost per article.
TIE_EVENTS = 10
TIE_MEMBERS = 100
# Stories weigh the embedding more: a storyline shares a topic, not specifics.
S_EMBEDDING, S_KEYS, S_WORDS = 0.4, 0.3, 0.3
STORY_THRESHOLD = 0.35


@dataclass(slots=True)
class _Event:
    """A growing event: summed views of its members, and when and which years they speak of."""

    founder: str
    slot: int
    members: list[str] = field(default_factory=list)
    total: Vector = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    keys: Sparse = field(default_factory=dict)
    words: Sparse = field(default_factory=dict)
    years: Counter[int] = field(default_factory=Counter)  # guessed from undated members' text
    published_years: Counter[int] = field(default_factory=Counter)
    first_day: date | None = None
    last_day: date | None = None
    story: int = -1  # slot of its story
    story_checked_at: int = 1  # size when its story was last chosen
    # The title of the member closest to the centroid when it joined: a running
    # stand-in for the most central member that needs no stored vectors.
    label: str = ""
    label_score: float = -2.0
    last_seq: int = 0  # arrival number of its newest article
    after: tuple[int, int] | None = None  # latest (month, day) a member calls earlier
    stated: set[date] = field(default_factory=set)  # days its undated members' openings state
    retired: bool = False  # out of the search window: its summed views were freed
    # The events merged into it (the first being itself as it was), each with its
    # own summed views, so a merge that later articles contradict can be undone.
    # Empty for an event never merged, and once it retires.
    parts: list[_Event] = field(default_factory=list)
    split_checked_at: int = 0  # size when its parts were last compared

    @property
    def id(self) -> str:
        return ids.event_id(self.founder)

    def year(self) -> int | None:
        """The year its dated members appeared in; failing those, the year its text names."""
        for counts in (self.published_years, self.years):
            if counts:
                return counts.most_common(1)[0][0]
        return None

    def add(self, article: _Placed, label: str, label_weight: float = 0.0) -> None:
        self.members.append(article.article_id)
        self.total = article.vector.copy() if self.total.size == 0 else self.total + article.vector
        closeness = float(unit(self.total) @ article.vector) + label_weight
        if closeness > self.label_score:
            self.label, self.label_score = label, closeness
        add_capped(self.keys, article.keys)
        add_capped(self.words, article.words)
        if article.day is not None:
            self.published_years[article.day.year] += 1
        elif article.year is not None:
            self.years[article.year] += 1
        if article.after is not None:
            self.after = max(self.after or article.after, article.after)
        self.stated.update(_stated(article))
        if article.day is not None:
            self.first_day = min(self.first_day or article.day, article.day)
            self.last_day = max(self.last_day or article.day, article.day)

    def absorb(self, other: _Event) -> None:
        self.members.extend(other.members)
        self.total = self.total + other.total
        add_capped(self.keys, other.keys)
        add_capped(self.words, other.words)
        self.years.update(other.years)
        self.published_years.update(other.published_years)
        self.stated |= other.stated
        if other.after is not None:
            self.after = max(self.after or other.after, other.after)
        if other.label_score > self.label_score:
            self.label, self.label_score = other.label, other.label_score
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d]
        self.first_day, self.last_day = (min(days), max(days)) if days else (None, None)

    def regather(self) -> None:
        """Recompute the summed views and dates from the parts, after one has left."""
        kept = {m for part in self.parts for m in part.members}
        ordered = [m for m in self.members if m in kept]  # absorb appends; keep arrival order
        first, *rest = self.parts
        self.total = first.total.copy()
        self.keys, self.words = dict(first.keys), dict(first.words)
        self.years, self.published_years = Counter(first.years), Counter(first.published_years)
        self.first_day, self.last_day, self.after = first.first_day, first.last_day, first.after
        self.stated = set(first.stated)
        self.label, self.label_score = first.label, first.label_score
        for part in rest:
            self.absorb(part)
        self.members = ordered


def _part_of(event: _Event) -> _Event:
    """A copy of an unmerged event, to stand as the first part of the event it becomes."""
    return _Event(
        founder=event.founder,
        slot=event.slot,
        members=list(event.members),
        total=event.total.copy(),
        keys=dict(event.keys),
        words=dict(event.words),
        years=Counter(event.years),
        published_years=Counter(event.published_years),
        first_day=event.first_day,
        last_day=event.last_day,
        story=event.story,
        label=event.label,
        label_score=event.label_score,
        last_seq=event.last_seq,
        after=event.after,
        stated=set(event.stated),
    )


def _rest_of(event: _Event, part: _Event) -> _Event:
    """The event without one of its parts: what that part is compared with."""
    others = [p for p in event.parts if p is not part]
    rest = _Event(founder=others[0].founder, slot=others[0].slot)
    rest.parts = others
    rest.members = list(event.members)  # regather keeps only the others' members
    rest.regather()
    return rest


@dataclass(frozen=True, slots=True)
class _Placed:
    """An article reduced to what placing it needs (weights as of its arrival)."""

    article_id: str
    vector: Vector  # unit
    keys: Sparse
    words: Sparse
    year: int | None
    day: date | None
    after: tuple[int, int] | None = None
    stated_day: date | None = None  # undated: the day its opening states


def _called_earlier(after: tuple[int, int] | None, day: date | None) -> bool:
    """Whether ``day`` is on or before the (month, day) a text calls earlier than what
    it reports, in ``day``'s year ("February 30" never is)."""
    if after is None or day is None:
        return False
    try:
        return day <= date(day.year, *after)
    except ValueError:
        return False


def _reports_later(after: tuple[int, int] | None, event: _Event) -> bool:
    """Whether the article dates the event's last day as an earlier happening."""
    return _called_earlier(after, event.last_day)


def _near_in_time(day: date | None, event: _Event) -> bool:
    """Whether an article's day is within TIE_DAYS of the event's days (true when undated)."""
    if day is None or event.first_day is None or event.last_day is None:
        return True
    return (event.first_day - day).days <= TIE_DAYS and (day - event.last_day).days <= TIE_DAYS


def _another_year(year: int | None, day: date | None, event: _Event) -> bool:
    """Whether the article speaks of another year than the event does.

    By days when both are dated; otherwise by the (perhaps guessed) calendar years.
    """
    if day is not None and event.first_day is not None and event.last_day is not None:
        before, after = (event.first_day - day).days, (day - event.last_day).days
        return max(before, after) > YEAR_APART_DAYS
    event_year = event.year()
    return year is not None and event_year is not None and event_year != year


def _penalties(year: int | None, day: date | None, event: _Event) -> float:
    penalty = 0.0
    if _another_year(year, day, event):
        penalty += YEAR_PENALTY
    if day is not None and event.last_day is not None and (day - event.last_day).days > GAP_DAYS:
        penalty += GAP_PENALTY
    return penalty


def _stated(article: _Placed) -> tuple[date, ...]:
    return (article.stated_day,) if article.day is None and article.stated_day else ()


def _contradicted(
    event: _Event, stated: Iterable[date], first: date | None, last: date | None = None
) -> bool:
    """Whether the event, joined by what states ``stated`` and spans ``first``–``last``,
    would show days that any of its undated members (old or new) contradicts."""
    if not stated and not event.stated:  # nearly always: dated articles state no day
        return False
    days = [d for d in (event.first_day, event.last_day, first, last) if d]
    if not days:
        return False
    start, end = min(days), max(days)
    return any(contradicts((day,), start, end) for day in (*event.stated, *stated))


def _article_score(article: _Placed, event: _Event) -> float:
    n = len(event.members)
    return (
        W_EMBEDDING * float(event.total @ article.vector) / n
        + W_KEYS * sparse_dot(article.keys, event.keys) / n
        + W_WORDS * sparse_dot(article.words, event.words) / n
        - _penalties(article.year, article.day or article.stated_day, event)
        # an undated article's event never shows days its opening contradicts
        - (
            LATER_PENALTY
            if (article.stated_day or event.stated)  # rare: spare the call otherwise
            and _contradicted(event, _stated(article), article.day)
            else 0.0
        )
        - (LATER_PENALTY if _reports_later(article.after, event) else 0.0)
        # and the other way: the event's articles call this article's day earlier (a
        # report of the June round arriving after the July round's "previous talks,
        # held on … June 2")
        - (LATER_PENALTY if _called_earlier(event.after, article.day) else 0.0)
    )


def _event_score(a: _Event, b: _Event) -> float:
    """Average link between the members of two events, over the same three views."""
    pairs = len(a.members) * len(b.members)
    if a.first_day and a.last_day and b.first_day and b.last_day:
        year_conflict = _days_apart(a, b) > YEAR_APART_DAYS
    else:
        year_conflict = a.year() is not None and b.year() is not None and a.year() != b.year()
    return (
        W_EMBEDDING * float(a.total @ b.total) / pairs
        + W_KEYS * sparse_dot(a.keys, b.keys) / pairs
        + W_WORDS * sparse_dot(a.words, b.words) / pairs
        - (YEAR_PENALTY if year_conflict else 0.0)
        - (GAP_PENALTY if _days_apart(a, b) > GAP_DAYS else 0.0)
        - (LATER_PENALTY if _reports_later(a.after, b) or _reports_later(b.after, a) else 0.0)
        - (LATER_PENALTY if _contradicted(a, b.stated, b.first_day, b.last_day) else 0.0)
    )


def _days_apart(a: _Event, b: _Event) -> int:
    if not (a.first_day and a.last_day and b.first_day and b.last_day):
        return 0
    return max((b.first_day - a.last_day).days, (a.first_day - b.last_day).days, 0)


@dataclass(frozen=True, slots=True)
class _Archived:
    """What a story still needs of a member event that went to the archive."""

    id: str
    size: int
    label: str


@dataclass(slots=True)
class _Story:
    """A growing story: the summed, unit-normalised views of its events when they joined."""

    slot: int
    # Its events' slots in the order they joined; an archived event stands as its record.
    events: list[int | _Archived] = field(default_factory=list)
    total: Vector = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    keys: Sparse = field(default_factory=dict)
    words: Sparse = field(default_factory=dict)
    last_seq: int = 0  # arrival number of the newest article of any of its events

    def absorb(self, other: _Story) -> None:
        """Take over another story's events and summed views (no per-event work)."""
        self.events.extend(other.events)
        self.last_seq = max(self.last_seq, other.last_seq)
        if other.total.size:
            self.total = other.total.copy() if self.total.size == 0 else self.total + other.total
        add_capped(self.keys, other.keys)
        add_capped(self.words, other.words)

    def add(self, event: int, view: tuple[Vector, Sparse, Sparse]) -> None:
        vector, keys, words = view
        self.events.append(event)
        if vector.size == 0:  # a retired event brings its membership, not its views
            return
        self.total = vector.copy() if self.total.size == 0 else self.total + vector
        add_capped(self.keys, keys)
        add_capped(self.words, words)

    def score(self, view: tuple[Vector, Sparse, Sparse]) -> float:
        vector, keys, words = view
        n = len(self.events)
        return (
            S_EMBEDDING * float(self.total @ vector) / n
            + S_KEYS * sparse_dot(keys, self.keys) / n
            + S_WORDS * sparse_dot(words, self.words) / n
        )


def _unit_sparse(vector: Sparse) -> Sparse:
    norm = sum(w * w for w in vector.values()) ** 0.5
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _story_view(event: _Event) -> tuple[Vector, Sparse, Sparse]:
    return unit(event.total), _unit_sparse(event.keys), _unit_sparse(event.words)


def arrival_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles by date; undated ones keep their arrival position among them.

    Sorting is stable, so streaming the same articles in this order gives the
    same grouping as a batch run.
    """
    latest = date.min
    keyed = []
    for position, article in enumerate(articles):
        if article.published is not None:
            latest = max(latest, article.published)
        keyed.append((article.published or latest, position, article))
    return [a for _, _, a in sorted(keyed, key=lambda k: (k[0], k[1]))]


@dataclass(frozen=True, slots=True)
class Grouping:
    events: tuple[Event, ...]
    stories: tuple[Story, ...]
    changes: tuple[EventChange, ...] = ()


class OnlineGrouper:
    """Events and stories that grow as articles arrive, one call per article.

    Feed articles in arrival order with :meth:`add`; :meth:`grouping` gives the
    events and stories so far at any point. An event keeps the id of the
    article that founded it; when two events merge, the older id survives and
    the merge is recorded, so :meth:`resolve` maps any id ever returned to the
    event that holds it now.
    """

    def __init__(
        self,
        event_threshold: float = EVENT_THRESHOLD,
        story_threshold: float = STORY_THRESHOLD,
        index: RecentIndex | None = None,
        archive: Archive | None = None,
    ) -> None:
        self.event_threshold = event_threshold
        self.story_threshold = story_threshold
        self._index = index
        self._events: list[_Event | None] = []  # by slot; None once merged away
        self._stories: list[_Story | None] = []
        self._keys_idf = OnlineIdf()
        self._words_idf = OnlineIdf()
        self._seq = 0
        self._neighbour_slots: dict[int, float] = {}
        self._live: set[int] = set()  # slots of events still inside the search window
        self._merged_into: dict[str, str] = {}
        # Slot of a part merged away -> slot of the event now holding it. The index
        # keeps labelling articles by their part, so an undone merge needs no relabelling.
        self._holder: dict[int, int] = {}
        self._slot_of: dict[str, int] = {}  # event id -> slot, for reading a few events
        self._changes: list[EventChange] = []
        # Wording samples of the articles of live events, to find copies across events.
        self._sketches: dict[str, Sketch] = {}
        # Without an archive, retired events stay in memory (freed of their views).
        self._archive = archive
        self._settled_seq = 0  # history rows up to this arrival went to the archive

    # -- placing an article ---------------------------------------------------
    def add(
        self, article: Article, features: ArticleFeatures, label: str, label_weight: float = 0.0
    ) -> str:
        """Place one article; returns the id of the event it joined or founded.

        The event is labelled by the member closest to its centre when it joined;
        ``label_weight`` is added to this member's closeness, so a real headline
        can win over a closer member's label cut from its lead.
        """
        placed = self._placed(article, features)
        if self._index is None:
            self._index = RecentIndex(dim=len(placed.vector))
        self._seq += 1
        seq = self._seq

        scored = self._scored_candidates(placed)
        own = probe(wording(article.text))
        tied = self._tied_event(own, placed, scored)
        if tied is not None:  # its source's event first, whatever it scored
            scored = [p for p in scored if p[0] is tied] + [p for p in scored if p[0] is not tied]
        index_label = -1
        if scored and (tied is not None or scored[0][1] >= self.event_threshold):
            event = scored[0][0]
            event.add(placed, label, label_weight)
            # Before any merge copies it into a part: a part that later splits off
            # must know its newest article, or it would retire while still reachable.
            event.last_seq = seq
            index_label = self._add_to_part(event, placed, label, label_weight, seq)
            self._record(seq, ChangeKind.JOINED, event, placed)
            if tied is None:  # a copy resembles whatever its source resembles: no bridge
                event = self._merge_bridged(event, scored[1:], placed, seq)
            self._split_disagreeing(event, placed, seq)
        else:
            event = _Event(founder=placed.article_id, slot=len(self._events))
            event.add(placed, label, label_weight)
            self._events.append(event)
            self._slot_of[event.id] = event.slot
            self._live.add(event.slot)
            self._record(seq, ChangeKind.FOUNDED, event, placed)
            self._choose_story(event)
        event.last_seq = seq
        if (story := self._stories[event.story]) is not None:
            story.last_seq = seq
        if len(event.members) >= 2 * event.story_checked_at:
            self._rechoose_story(event)
        self._index.add(placed.vector, event.slot if index_label < 0 else index_label)
        if own.size >= TIE_MIN_PAIRS:
            self._sketches[placed.article_id] = sketch_of(own)
        if self._index.added % self._index.bucket_size == 0:
            self._retire_old()
        return event.id

    def _retire_old(self) -> None:
        """Free the summed views of events no search can reach any more.

        Only the recent-article index leads to an event, so once its newest article
        has left the search window it can never be joined or merged again. Keeping
        its members, dates and label is enough to report it; this keeps memory per
        article flat on an endless stream.
        """
        assert self._index is not None
        oldest = self._index.oldest_searched
        retired = []
        for slot in sorted(self._live):
            event = self._events[slot]
            if event is None:
                self._live.discard(slot)
            elif event.last_seq <= oldest:
                event.total = np.zeros(0, dtype=np.float32)
                event.keys, event.words, event.retired = {}, {}, True
                event.parts = []
                for member in event.members:
                    self._sketches.pop(member, None)
                self._live.discard(slot)
                self._retire_story(event.story)
                retired.append(event)
        # A term unseen since the window began can match no live event; only its
        # frequency's share of a new article's norm is lost when it comes back.
        self._keys_idf.forget_unseen_since(oldest)
        self._words_idf.forget_unseen_since(oldest)
        if self._archive is not None and oldest > 0:
            self._archive.put(self._settle(retired, oldest))
            self._settled_seq = oldest

    def _settle(self, retired: Sequence[_Event], oldest: int) -> Settled:
        """Take the retired events out of memory, with every story left without a
        live event, the merges leading to them and the history older than ``oldest``."""
        gone = {event.slot: event for event in retired}
        by_story: dict[int, set[int]] = {}
        for event in retired:
            by_story.setdefault(event.story, set()).add(event.slot)
        stories = []
        for slot, members in sorted(by_story.items()):
            story = self._stories[slot] if slot >= 0 else None
            if story is None:
                continue
            story.events = [
                _Archived(gone[e].id, len(gone[e].members), gone[e].label)
                if isinstance(e, int) and e in members
                else e
                for e in story.events
            ]
            if story.last_seq <= oldest and not self._in_memory(story):
                if (record := self._story_record(story)) is not None:
                    stories.append(record)
                self._stories[slot] = None
        archived_ids = {event.id for event in retired}
        merged = {
            merged: holder
            for merged in self._merged_into
            if (holder := self._resolve_in_memory(merged)) in archived_ids
        }
        for merged_id in merged:
            del self._merged_into[merged_id]
            self._slot_of.pop(merged_id, None)
        for part in [p for p in self._holder if self._holding(p) in gone]:
            del self._holder[part]
        for event in retired:
            self._events[event.slot] = None
            self._slot_of.pop(event.id, None)
        cut = 0
        while cut < len(self._changes) and self._changes[cut].seq <= oldest:
            cut += 1
        changes, self._changes = self._changes[:cut], self._changes[cut:]
        events = tuple(self._event(event) for event in retired)
        return Settled(events, tuple(stories), merged, tuple(changes))

    def _in_memory(self, story: _Story) -> bool:
        return any(isinstance(e, int) and self._events[e] is not None for e in story.events)

    def _retire_story(self, slot: int) -> None:
        story = self._stories[slot] if slot >= 0 else None
        assert self._index is not None
        if story is None or story.last_seq > self._index.oldest_searched:
            return
        story.total = np.zeros(0, dtype=np.float32)
        story.keys, story.words = {}, {}

    def _placed(self, article: Article, features: ArticleFeatures) -> _Placed:
        self._keys_idf.add(features.keys)
        self._words_idf.add(features.words)
        return _Placed(
            article.id,
            unit(features.vector),
            self._keys_idf.weigh(features.keys),
            self._words_idf.weigh(features.words),
            features.year,
            article.published,
            features.after,
            features.stated_day,
        )

    def _scored_candidates(self, placed: _Placed) -> list[tuple[_Event, float]]:
        assert self._index is not None
        slots = self._index.search(placed.vector)
        self._neighbour_slots = slots
        holders = sorted({self._holding(slot) for slot in slots})
        scored = [
            (event, _article_score(placed, event))
            for slot in holders
            # A retired event is out of reach by construction; never score freed views.
            if (event := self._events[slot]) is not None and not event.retired
        ]
        # Best first; ties go to the older event so the order of equal scores is fixed.
        scored.sort(key=lambda pair: (-pair[1], pair[0].slot))
        return scored

    def _tied_event(
        self, own: Probe, placed: _Placed, scored: Sequence[tuple[_Event, float]]
    ) -> _Event | None:
        """The candidate event holding an article this one copies or rewrites (or that
        copies it), the one with the most reuse; None when no tie is strong enough."""
        if own.size < TIE_MIN_PAIRS:
            return None
        owners: list[_Event] = []
        sketches: list[Sketch] = []
        for event, _ in scored[:TIE_EVENTS]:
            if not _near_in_time(placed.day, event):
                continue
            for member in event.members[-TIE_MEMBERS:]:
                if (sketch := self._sketches.get(member)) is not None:
                    owners.append(event)
                    sketches.append(sketch)
        best, best_share = None, 0.0
        for event, overlap in zip(owners, overlaps(own, sketches), strict=True):
            strong = overlap.hits >= TIE_MIN_HITS and overlap.shared >= TIE_MIN_SHARED
            if strong and overlap.share >= TIE_SHARE and overlap.share > best_share:
                best, best_share = event, overlap.share
        return best

    def _merge_bridged(
        self,
        event: _Event,
        others: Sequence[tuple[_Event, float]],
        placed: _Placed,
        seq: int,
    ) -> _Event:
        """Merge the events this article also clears that now clear ``event`` too."""
        for other, score in others:
            if score < self.event_threshold:
                break
            if other.slot == event.slot or _event_score(event, other) < MERGE_THRESHOLD:
                continue
            survivor, merged = (event, other) if event.slot < other.slot else (other, event)
            self._merge(survivor, merged, placed, seq)
            event = survivor
        return event

    def _merge(self, survivor: _Event, merged: _Event, placed: _Placed, seq: int) -> None:
        own_parts = survivor.parts or [_part_of(survivor)]
        merged_parts = merged.parts or [merged]
        merged.parts = []
        survivor.absorb(merged)
        survivor.parts = own_parts + merged_parts
        if len(survivor.parts) > MAX_PARTS:
            survivor.parts = []
        survivor.split_checked_at = len(survivor.members)
        survivor.last_seq = max(survivor.last_seq, merged.last_seq)
        self._events[merged.slot] = None
        self._live.discard(merged.slot)
        for part in merged_parts:  # parts stay flat, so every id resolves in one step
            self._merged_into[part.id] = survivor.id
            self._holder[part.slot] = survivor.slot
        self._merge_stories(survivor, merged)
        self._changes.append(
            EventChange(
                seq, ChangeKind.MERGED, survivor.id, placed.article_id, merged.id, placed.day
            )
        )

    def _holding(self, slot: int) -> int:
        """The slot of the event that holds the articles labelled ``slot`` now.

        Usually one step; more after a settled event (parts dropped) merged on.
        Not shortened on the way: if that event splits off again, the articles
        labelled with its old parts must follow it.
        """
        while slot in self._holder:
            slot = self._holder[slot]
        return slot

    # -- undoing merges -------------------------------------------------------
    def _add_to_part(
        self, event: _Event, placed: _Placed, label: str, label_weight: float, seq: int
    ) -> int:
        """Give a merged event's new member to its closest part; returns the index label."""
        if not event.parts:
            return event.slot
        # By embedding alone: the full score costs sparse products per part on every
        # join, and only the split check needs it.
        part = max(
            event.parts,
            key=lambda p: (float(p.total @ placed.vector) / len(p.members), -p.slot),
        )
        part.add(placed, label, label_weight)
        part.last_seq = seq
        return part.slot

    def _split_disagreeing(self, event: _Event, placed: _Placed, seq: int) -> None:
        """Undo the merge of the part least linked to the rest, if it has fallen below the bar.

        Looked at each time the event has grown by a quarter since the last look,
        so the cost stays proportional to growth. The event's own first part never
        leaves: the event keeps its id, and the part that leaves gets its old one back.
        """
        if not event.parts or len(event.members) < event.split_checked_at * (
            1 + SPLIT_CHECK_GROWTH
        ):
            return
        event.split_checked_at = len(event.members)
        scored = [
            (_event_score(part, _rest_of(event, part)), part.slot, part)
            for part in event.parts
            if part.slot != event.slot
        ]
        if not scored:
            return
        score, _, part = min(scored, key=lambda t: (t[0], t[1]))
        if score < SPLIT_THRESHOLD:
            self._split(event, part, placed, seq)

    def _split(self, event: _Event, part: _Event, placed: _Placed, seq: int) -> None:
        event.parts.remove(part)
        event.regather()
        if len(event.parts) == 1:
            event.parts = []
        part.story, part.story_checked_at = event.story, len(part.members)
        self._events[part.slot] = part
        self._slot_of[part.id] = part.slot
        self._live.add(part.slot)
        self._holder.pop(part.slot, None)
        self._merged_into.pop(part.id, None)
        story = self._stories[event.story]
        assert story is not None
        if part.slot not in story.events:  # it stays listed there after a merge
            story.events.append(part.slot)
        self._changes.append(
            EventChange(seq, ChangeKind.SPLIT, part.id, placed.article_id, event.id, placed.day)
        )

    def _record(self, seq: int, kind: ChangeKind, event: _Event, placed: _Placed) -> None:
        self._changes.append(EventChange(seq, kind, event.id, placed.article_id, None, placed.day))

    # -- stories --------------------------------------------------------------
    def _candidate_stories(self, event: _Event, reuse: bool = False) -> list[int]:
        assert self._index is not None
        # A new event's centroid is its founder, whose neighbours were just searched.
        slots = self._neighbour_slots if reuse else self._index.search(unit(event.total))
        holders = {self._holding(s) for s in slots}
        stories = {e.story for s in holders if (e := self._events[s]) is not None and e.story >= 0}
        stories.discard(event.story)
        return sorted(stories)

    def _best_story(self, event: _Event, reuse: bool = False) -> tuple[int, float]:
        view = _story_view(event)
        best, best_score = -1, self.story_threshold
        for slot in self._candidate_stories(event, reuse):
            story = self._stories[slot]
            if story is None or story.total.size == 0:  # retired: its views were freed
                continue
            if (score := story.score(view)) >= best_score:
                best, best_score = slot, score
        return best, best_score

    def _choose_story(self, event: _Event) -> None:
        best, _ = self._best_story(event, reuse=True)
        if best < 0:
            best = len(self._stories)
            self._stories.append(_Story(slot=best))
        story = self._stories[best]
        assert story is not None
        story.add(event.slot, _story_view(event))
        event.story = best

    def _rechoose_story(self, event: _Event) -> None:
        """A grown event alone in its story may now show which story it belongs to."""
        event.story_checked_at = len(event.members)
        own = self._stories[event.story]
        if own is None or len(own.events) > 1:
            return
        best, _ = self._best_story(event)
        if best >= 0:
            self._stories[event.story] = None
            target = self._stories[best]
            assert target is not None
            target.add(event.slot, _story_view(event))
            target.last_seq = max(target.last_seq, event.last_seq)
            event.story = best

    def _merge_stories(self, survivor: _Event, merged: _Event) -> None:
        """Two events became one, so their stories become one: the smaller joins the larger.

        The merged event's slot stays in its story's list (reading the grouping skips
        slots of events merged away), so a merge never walks a long story.
        """
        keep, drop = survivor.story, merged.story
        if keep == drop:
            return
        kept, dropped = self._stories[keep], self._stories[drop]
        assert kept is not None and dropped is not None
        if len(dropped.events) > len(kept.events):
            keep, drop, kept, dropped = drop, keep, dropped, kept
        kept.absorb(dropped)
        for slot in dropped.events:
            if isinstance(slot, int) and (moved := self._events[slot]) is not None:
                moved.story = keep
        survivor.story = keep
        self._stories[drop] = None

    # -- reading the state ----------------------------------------------------
    def resolve(self, event_id: str) -> str:
        """The id of the event that now holds ``event_id``'s articles."""
        event_id = self._resolve_in_memory(event_id)
        slot = self._slot_of.get(event_id)
        archive = self._archived()
        if archive is not None and (slot is None or self._events[slot] is None):
            return archive.resolve(event_id)
        return event_id

    def _resolve_in_memory(self, event_id: str) -> str:
        while event_id in self._merged_into:
            event_id = self._merged_into[event_id]
        return event_id

    def placed_articles(self) -> set[str]:
        """Ids of every article placed so far."""
        held = self.held_events()
        return {m for e in (*self._archived_events(held), *held) for m in e.article_ids}

    @property
    def settled_seq(self) -> int:
        """Arrival number up to which the history went to the archive (0: none did)."""
        return self._settled_seq

    @property
    def changes(self) -> tuple[EventChange, ...]:
        archive = self._archived()
        archived = archive.changes() if archive is not None else []
        return (*(c for c in archived if c.seq <= self._settled_seq), *self._changes)

    def recent_changes(self, after: int = 0) -> tuple[EventChange, ...]:
        """The history rows still in memory, from arrival number ``after`` on (exclusive)."""
        return tuple(c for c in self._changes if c.seq > after)

    def grouping(self) -> Grouping:
        held = self.held_events()
        return Grouping((*self._archived_events(held), *held), self.stories(), self.changes)

    def held_events(self) -> tuple[Event, ...]:
        """The events in memory: every event, unless an archive took the retired ones."""
        return tuple(self._event(e) for e in self._events if e is not None)

    def held_event_ids(self) -> set[str]:
        return {e.id for e in self._events if e is not None}

    def _archived(self) -> Archive | None:
        """The archive, when anything went there."""
        return self._archive if self._settled_seq > 0 else None

    def _archived_events(self, held: Sequence[Event]) -> list[Event]:
        archive = self._archived()
        if archive is None:
            return []
        # An archive reading a store also sees the events this grouper still holds.
        holding = {e.id for e in held}
        return [e for e in archive.events() if e.id not in holding]

    def stories(self) -> tuple[Story, ...]:
        """The stories now, read without building every event."""
        held = self.held_stories()
        archive = self._archived()
        if archive is None:
            return held
        holding = {s.id for s in held}
        archived = [s for s in archive.stories() if s.id not in holding]
        return (*archived, *held)

    def held_stories(self) -> tuple[Story, ...]:
        """The stories in memory (those with an event not yet archived)."""
        records = (self._story_record(s) for s in self._stories if s is not None)
        return tuple(r for r in records if r is not None)

    def _story_record(self, story: _Story) -> Story | None:
        """The story as reported: named after its first event, labelled by its largest."""
        members: list[_Archived] = []
        for entry in story.events:
            if isinstance(entry, _Archived):
                members.append(entry)
            elif (event := self._events[entry]) is not None:
                members.append(_Archived(event.id, len(event.members), event.label))
        if not members:
            return None
        return Story(
            id=ids.story_id(members[0].id),
            event_ids=tuple(m.id for m in members),
            label=max(members, key=lambda m: m.size).label,
        )

    def events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]:
        """The events among ``event_ids`` that exist now (merged-away ids are left out)."""
        wanted = list(event_ids)
        found = self.held_events_by_id(wanted)
        if (archive := self._archived()) is not None:
            found.update(archive.events_by_id([i for i in wanted if i not in found]))
        return found

    def held_events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]:
        """The events among ``event_ids`` held in memory."""
        found = {}
        for event_id in event_ids:
            slot = self._slot_of.get(event_id)
            if slot is not None and (event := self._events[slot]) is not None:
                found[event_id] = self._event(event)
        return found

    def _event(self, group: _Event) -> Event:
        return Event(
            id=group.id,
            article_ids=tuple(group.members),
            label=group.label,
            start=group.first_day,
            end=group.last_day,
        )


def group_articles(
    articles: Sequence[Article],
    features: dict[str, ArticleFeatures],
    labels: Mapping[str, str],
    event_threshold: float = EVENT_THRESHOLD,
    story_threshold: float = STORY_THRESHOLD,
    label_weights: Mapping[str, float] | None = None,
) -> Grouping:
    """Batch grouping: the articles streamed through :class:`OnlineGrouper` in arrival order.

    ``labels`` maps an article id to a readable title used to name events;
    ``label_weights`` favours some of them (see :meth:`OnlineGrouper.add`).
    """
    grouper = OnlineGrouper(event_threshold, story_threshold)
    weights = label_weights or {}
    for article in arrival_order(articles):
        grouper.add(article, features[article.id], labels[article.id], weights.get(article.id, 0.0))
    return grouper.grouping()
