"""The shapes of the API's responses, so the OpenAPI document says exactly what comes back.

The field names are those of :mod:`storyline.report` (the ``--json`` output
of the command line): one vocabulary for scripts and for API clients. Models
only describe; building the documents stays in ``report``.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(Model):
    """Every error: what went wrong, and what to do about it."""

    error: str
    hint: str
    details: list[dict[str, object]] | None = None


class Page(Model, Generic[T]):
    """One page of a list; follow ``next`` (None on the last page) for more."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None


# -- articles, events, stories ----------------------------------------------
class ArticleOut(Model):
    id: str
    path: str
    paths: list[str]
    title: str
    outlet: str | None
    url: str | None
    published: str | None = Field(description="ISO date stated by the article, if any")
    published_source: str
    published_inferred: str | None
    byline: str | None
    characters: int


class EventOut(Model):
    id: str
    label: str
    start: str | None
    end: str | None
    story: str | None
    articles: list[str]
    independent_reports: int | None


class StoryOut(Model):
    id: str
    label: str
    start: str | None
    end: str | None
    events: list[str]
    articles: int


class LineageGroupOut(Model):
    """Articles that are one original report and its copies or rewrites."""

    id: str
    event: str
    articles: list[str]
    origin: str | None
    origin_reason: str
    credited: list[str]


class ChangeOut(Model):
    seq: int
    kind: str
    event: str
    article: str
    merged_event: str | None
    day: str | None


class ArticleDetailOut(Model):
    article: ArticleOut
    text: str
    event: EventOut | None
    lineage_group: LineageGroupOut | None


class AlignedPairOut(Model):
    """A sentence of the article and its counterpart in the other article."""

    this: str
    this_span: list[int]
    other: str
    other_span: list[int]
    similarity: float = Field(
        description="cosine of an aligned statement, or the share of a reused sentence's "
        "word pairs found in the other article"
    )
    shared_anchors: list[str]


class LinkEvidenceOut(Model):
    """One lineage link of the article, with the evidence behind it."""

    article: str
    outlet: str | None
    title: str
    relation: str = Field(description="copy, rewrite or version")
    why: str
    aligned_sentences: int
    share: float
    in_order: float
    containment: float
    sentences: list[AlignedPairOut]


class CreditTextOut(Model):
    outlet: str
    form: str
    span: list[int]
    text: str


class ArticleLineageOut(Model):
    """Why an article counts where it does: its report and each link's evidence."""

    article: ArticleOut
    event: str | None
    independent_reports: int
    group: LineageGroupOut | None
    links: list[LinkEvidenceOut]
    credits: list[CreditTextOut]


class EventDetailOut(Model):
    event: EventOut
    articles: list[ArticleOut]
    lineage: list[LineageGroupOut]
    changes: list[ChangeOut]


class StoryDetailOut(Model):
    story: StoryOut
    events: list[EventOut]


# -- briefs -----------------------------------------------------------------
class CitationOut(Model):
    article: str
    outlet: str | None
    start: int
    end: int
    excerpt: str


class SummarySentenceOut(Model):
    text: str
    independent_support: int  # counts only the citations that state the sentence in full
    citations: list[CitationOut]
    # Sources making the same point with other details: shown, never counted.
    same_point: list[CitationOut] = []


class CoverageOut(Model):
    outlet: str
    articles: int


class ClaimOut(Model):
    id: str
    text: str
    articles: list[str]
    independent_support: int
    attributions: list[str]


class ConflictSideOut(Model):
    value: str
    articles: list[str]
    independent_support: int
    citations: list[CitationOut]


class ConflictOut(Model):
    about: str
    kind: str
    sides: list[ConflictSideOut]


class TimelineEntryOut(Model):
    date: str
    after: bool  # true: the sources only say it happened after this date
    text: str
    articles: list[str]
    independent_support: int
    citations: list[CitationOut]


class WhoOut(Model):
    entity: str
    name: str
    type: str
    roles: list[str]
    articles: int


class BriefOut(Model):
    subject: str
    title: str
    summary: list[SummarySentenceOut]
    articles: int
    independent_reports: int
    coverage: list[CoverageOut]
    agreed: list[ClaimOut]
    single_source: list[ClaimOut]
    conflicts: list[ConflictOut]
    timeline: list[TimelineEntryOut]
    who: list[WhoOut]


class TimelineOut(Model):
    story: str
    title: str
    timeline: list[TimelineEntryOut]
    changes: list[ChangeOut]


# -- entities and search ----------------------------------------------------
class EntityOut(Model):
    id: str
    name: str
    type: str
    variants: list[str]
    roles: list[str]
    articles: list[str]
    mentions: int


class RoleCountOut(Model):
    role: str
    articles: int


class EntityStoryOut(Model):
    story: str
    label: str
    articles: int = Field(description="Articles of the story naming the entity")


class EntityEventOut(Model):
    event: str
    label: str
    story: str | None
    articles: int = Field(description="Articles of the event naming the entity")
    start: str | None
    end: str | None


class EntityArticleOut(Model):
    article: str
    title: str
    outlet: str | None
    published: str | None
    mentions: int
    roles: list[str]
    event: str | None


class NamesakeOut(Model):
    id: str
    name: str
    type: str
    articles: int


class EntityProfileOut(Model):
    entity: EntityOut
    roles: list[RoleCountOut]
    stories: list[EntityStoryOut]
    events: list[EntityEventOut]
    articles: list[EntityArticleOut] = Field(description="Newest first, at most 200")
    namesakes: list[NamesakeOut]


class SearchPlaceOut(Model):
    id: str
    label: str


class SearchHitOut(Model):
    article: str
    title: str
    outlet: str | None
    snippet: str = Field(description="text: matched words in « »; semantic: the closest sentence")
    score: float
    published: str | None = Field(description="ISO day the article appeared, when known")
    date_inferred: bool = Field(description="the day is borrowed from the article's event")
    event: SearchPlaceOut | None = Field(description="the event the article belongs to")
    story: SearchPlaceOut | None = Field(description="the story of that event")


class SearchOut(Model):
    query: str
    mode: str
    items: list[SearchHitOut]


class HealthOut(Model):
    status: str
    version: str
    articles: int
    events: int
    stories: int
    writes_enabled: bool


# -- writes -----------------------------------------------------------------
class IngestedOut(Model):
    id: str
    path: str
    title: str
    event: str | None = Field(
        default=None, description="The event the article is in, once placed (before the answer)"
    )
    story: str | None = Field(default=None, description="The story holding that event")
    independent_reports: int | None = Field(
        default=None, description="Independent reports behind that event, lineage traced"
    )


class SkippedOut(Model):
    path: str
    reason: str
    message: str = Field(description="'path: reason', ready to show")


class IngestOut(Model):
    stored: list[IngestedOut]
    unchanged: list[IngestedOut]
    skipped: list[SkippedOut]


class IngestUrlIn(Model):
    url: str = Field(min_length=1, max_length=2048, examples=["https://example.org/news.rss"])


class IngestUrlOut(IngestOut):
    fetched_url: str
    media_type: str
    bytes: int


class AnalyzeOut(Model):
    articles: int
    events: int
    stories: int
    changes: int
    seconds: float


# -- live sources (feeds the server polls) ---------------------------------
class SourceIn(Model):
    url: str = Field(min_length=1, max_length=2000, examples=["https://example.org/news.rss"])
    interval_seconds: int | None = Field(
        default=None, ge=1, le=7 * 24 * 3600, description="Seconds between polls [900]"
    )


class SourceOut(Model):
    id: str
    kind: str = Field(description="'feed' or 'folder'")
    location: str
    interval_seconds: int
    next_poll: str | None
    last_polled: str | None
    last_status: str
    failures: int = Field(description="Failed polls in a row (each doubles the wait)")
    articles: int = Field(description="Articles it has stored in all")
    added: str | None


class SourcesOut(Model):
    sources: list[SourceOut]


class PollOut(Model):
    source: SourceOut
    polled: bool = Field(description="False when the site asked for a pause first")
    stored: int
    unchanged: int
    skipped: list[str]
    analysed: bool
    events: int
    stories: int
