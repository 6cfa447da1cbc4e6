"""The typed records that flow between Storyline's stages.

Every record is a frozen, slotted dataclass. Sequences are tuples, so records
are hashable and cannot be changed behind a stage's back. Anything extracted
from an article carries a :class:`Span` into ``Article.text``; citations are
built from spans, never by searching for strings afterwards.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class DateSource(StrEnum):
    """Where an article's publication date came from."""

    DATELINE = "dateline"  # a date line in a text file ("Monday, June 2, 2025")
    METADATA = "metadata"  # HTML metadata, feed item, or a JSON field
    INFERRED = "inferred"  # borrowed from the article's event (later stages)
    UNKNOWN = "unknown"


class SentenceKind(StrEnum):
    """Whether a sentence is running prose or a heading-like line."""

    BODY = "body"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into one article's ``text``."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest: clean text plus what we know about it.

    ``text`` is the article body with page noise removed; every span in later
    stages points into it. ``published`` is ``None`` when the input does not
    say when the article appeared: we never invent a date.
    """

    id: str
    title: str
    text: str
    path: str  # where it was read from: a file path, "file.jsonl:12", "feed.xml#3"
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    date_source: DateSource = DateSource.UNKNOWN
    byline: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, and why, in words a user can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, located by its span."""

    span: Span
    text: str
    index: int
    kind: SentenceKind = SentenceKind.BODY

    @property
    def article_id(self) -> str:
        return self.span.article_id


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer from a generated sentence back to the source text."""

    article_id: str
    span: Span
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One happening: the articles that report it."""

    id: str
    article_ids: tuple[str, ...]
    label: str
    start: date | None = None
    end: date | None = None


class ChangeKind(StrEnum):
    """How an article changed the events: founded one, joined one, bridged two, or split one."""

    FOUNDED = "founded"
    JOINED = "joined"
    MERGED = "merged"  # ``other_event_id`` was folded into ``event_id``
    SPLIT = "split"  # ``event_id`` came back out of ``other_event_id``: an undone merge


@dataclass(frozen=True, slots=True)
class EventChange:
    """One step in the growth of the events, in arrival order (``seq`` counts articles)."""

    seq: int
    kind: ChangeKind
    event_id: str
    article_id: str
    other_event_id: str | None = None
    day: date | None = None  # the article's publication date, when known


@dataclass(frozen=True, slots=True)
class Story:
    """A running storyline: events that belong together, in time order."""

    id: str
    event_ids: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A summary sentence and the sources that support it."""

    text: str
    citations: tuple[Citation, ...]
    # Independent reports among the citations: copies of one report count once.
    independent_support: int = 1
    # Sentences of other articles on the same point that do not state it in full
    # (another number, a name or date missing): shown, never counted as support.
    related: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletCoverage:
    """How many articles one outlet contributed to an event or story."""

    outlet: str
    articles: int


@dataclass(frozen=True, slots=True)
class Brief:
    """What a reader sees for one event or story."""

    subject_id: str  # an event id or a story id
    title: str
    sentences: tuple[BriefSentence, ...]
    coverage: tuple[OutletCoverage, ...] = field(default=())
    articles: int = 0
    independent_reports: int = 0
    claims: tuple[ClaimGroup, ...] = ()  # every claim group, best supported first
    agreed: tuple[ClaimGroup, ...] = ()  # stated by two or more independent reports
    single_source: tuple[ClaimGroup, ...] = ()  # stated by one report only
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    who: tuple[WhoEntry, ...] = ()


# -- lineage ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Credit:
    """An article naming ``outlet`` as the source of (part of) its report."""

    article_id: str
    outlet: str
    span: Span
    form: str  # "attribution", "dateline" or "sign-off"


class Relation(StrEnum):
    """How two articles of one lineage group are related."""

    COPY = "copy"  # most of the text is the same
    REWRITE = "rewrite"  # one retells the other: aligned statements or reused wording
    VERSION = "version"  # the same outlet on the same event: an update, version or next page


@dataclass(frozen=True, slots=True)
class AlignedSentence:
    """A sentence of one article matched to its counterpart in another."""

    a: Span
    b: Span
    similarity: float
    shared_anchors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """Evidence that articles ``a`` and ``b`` descend from one report."""

    a: str
    b: str
    relation: Relation
    aligned: int  # sentences aligned one-to-one
    share: float  # aligned / body sentences of the shorter article
    order: float  # share of aligned pairs in the same relative order
    # copies: shingle containment; reused wording: the share of the derived article's own
    # word pairs found in the other outlet's report; 0 when not computed
    containment: float
    sentences: tuple[AlignedSentence, ...] = ()


@dataclass(frozen=True, slots=True)
class LineageGroup:
    """Articles of one event descending from one original report."""

    id: str
    event_id: str
    article_ids: tuple[str, ...]
    origin: str | None  # None: the original is outside the corpus
    origin_reason: str
    credited: tuple[str, ...]  # outlets the members name as their source


@dataclass(frozen=True, slots=True)
class Lineage:
    links: tuple[ArticleLink, ...]
    groups: tuple[LineageGroup, ...]
    credits: tuple[Credit, ...]

    def independent_reports(self, event_id: str) -> int:
        return sum(1 for g in self.groups if g.event_id == event_id)

    def group_of(self, article_id: str) -> LineageGroup | None:
        return next((g for g in self.groups if article_id in g.article_ids), None)


# -- extraction ---------------------------------------------------------------
class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Mention:
    """One naming of an entity in one article ("Defence Minister Rustem Umerov")."""

    span: Span  # the name itself, without the role
    text: str
    type: EntityType
    role: str | None = None  # a title or role written beside the name


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every spelling seen merged into one."""

    id: str
    name: str  # the canonical form
    type: EntityType
    variants: tuple[str, ...]  # surface forms seen, most frequent first
    mentions: tuple[Mention, ...]
    roles: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


class QuoteKind(StrEnum):
    DIRECT = "direct"  # words inside quotation marks
    INDIRECT = "indirect"  # reported speech: "X said that ..."


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker, with the spans of content, cue and speaker."""

    span: Span  # the quoted content
    text: str
    kind: QuoteKind
    speaker: str | None = None  # as written ("he" resolved to the name when possible)
    speaker_span: Span | None = None
    cue: str | None = None  # the reporting verb or phrase ("said", "according to")
    cue_span: Span | None = None
    speaker_entity: str | None = None  # Entity.id once entities are resolved


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts: "more than 40 warplanes", "7,000 kilometres"."""

    span: Span
    text: str
    value: float
    unit: str | None = None  # normalised unit ("km", "USD", "%"), None for plain counts
    counts: str | None = None  # what is counted, as a lemma ("warplane", "prisoner")
    qualifier: str | None = None  # "more than", "about", "almost", "up to", ...
    upper: float | None = None  # the top of a range ("40 to 50")


class TimexType(StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


@dataclass(frozen=True, slots=True)
class DateRef:
    """A time expression and its TIMEX3 value, resolved against the publication date."""

    span: Span
    text: str
    type: TimexType
    value: str  # TIMEX3 value: "2025-06-02", "2024-06", "P1W", "PRESENT_REF", "XXXX-05-16"
    day: date | None = None  # the calendar day, when the value names one
    # What relative expressions were resolved against: "published", "inferred" (the
    # event's other articles) or "none" (absolute, or nothing to anchor to).
    anchor: str = "none"


# -- reconciliation ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence stating a fact, with who the article says stated it."""

    span: Span
    text: str
    # Who the article says stated it ("Ukraine's defence ministry"); None: the outlet itself.
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims from different articles that state the same fact."""

    id: str
    claims: tuple[Claim, ...]  # the first is the clearest statement of it
    article_ids: tuple[str, ...]
    independent_support: int  # lineage groups among the articles: copies count once

    @property
    def text(self) -> str:
        return self.claims[0].text


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """One value or statement in a conflict, in the sources' own words."""

    value: str  # as written: "just over an hour"
    citations: tuple[Citation, ...]
    independent_support: int = 1

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that disagree about one thing, side by side."""

    about: str  # "how long the talks lasted (hours)", "drones"
    kind: str  # "figure": incompatible numbers for the same quantity
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening and the sentences that date it."""

    day: date
    text: str
    citations: tuple[Citation, ...]
    independent_support: int = 1
    # True when the sources date the happening only as later than ``day`` ("the
    # first talks since the June 2 round"): ``day`` is then a lower bound.
    after: bool = False


@dataclass(frozen=True, slots=True)
class WhoEntry:
    """A person or organisation in a brief's who's-who, with the roles sources give."""

    entity_id: str
    name: str
    type: str
    roles: tuple[str, ...]
    articles: int


class SourceKind(StrEnum):
    """Where a live source's articles come from."""

    FEED = "feed"  # an RSS/Atom feed (or any readable page) polled over HTTP
    FOLDER = "folder"  # a local folder scanned for new or changed files


@dataclass(frozen=True, slots=True)
class Source:
    """A feed subscription or a watched folder, and where its polling stands.

    ``next_poll`` moves forward by ``interval_seconds`` after each poll, and
    further (doubling per failure, capped) while it keeps failing. ``etag`` and
    ``last_modified`` are the feed's validators from its last fetch, sent back so
    an unchanged feed costs the server a 304 and us nothing.
    """

    id: str
    kind: SourceKind
    location: str  # feed URL, or absolute folder path
    interval_seconds: int
    next_poll: datetime
    added: datetime
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive
    last_polled: datetime | None = None
    last_status: str = "never polled"
    articles: int = 0  # articles it has stored in all
