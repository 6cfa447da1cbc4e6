"""Plain JSON-ready views of analysis results, shared by the CLI and the API.

These functions only reshape typed records into dicts and lists of JSON
types; they do no analysis of their own. Keys are part of the public
contract of ``storyline analyze --json``: add keys, never rename them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from .entity_profile import EntityProfile
from .explain import ArticleLineage, LinkEvidence
from .extract import Extraction
from .extract.quote_groups import group_quotes
from .models import (
    Article,
    Brief,
    ChangeKind,
    Citation,
    ClaimGroup,
    Conflict,
    DateRef,
    Entity,
    Event,
    EventChange,
    Figure,
    Lineage,
    LineageGroup,
    Quote,
    Source,
    Span,
    Story,
    TimelineEntry,
)
from .present.lineage_words import link_in_words
from .search import SearchResult
from .service import Analysis, stories_touching

JSON = dict[str, Any]


def article_json(article: Article, paths: Iterable[str] = (), inferred: date | None = None) -> JSON:
    all_paths = list(dict.fromkeys([article.path, *paths]))
    return {
        "id": article.id,
        "path": article.path,
        "paths": all_paths,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_source": article.date_source.value,
        "published_inferred": inferred.isoformat() if inferred else None,
        "byline": article.byline,
        "characters": len(article.text),
    }


def event_json(event: Event, story_id: str | None = None, lineage: Lineage | None = None) -> JSON:
    return {
        "id": event.id,
        "label": event.label,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "story": story_id,
        "articles": list(event.article_ids),
        "independent_reports": lineage.independent_reports(event.id) if lineage else None,
    }


def change_json(change: EventChange) -> JSON:
    return {
        "seq": change.seq,
        "kind": change.kind.value,
        "event": change.event_id,
        "article": change.article_id,
        "merged_event": change.other_event_id,
        "day": change.day.isoformat() if change.day else None,
    }


def changes_of(changes: Iterable[EventChange], event_ids: set[str]) -> list[EventChange]:
    """The history of ``event_ids``, including that of the events merged into them."""
    history = list(changes)
    merged_into: dict[str, str] = {}
    for c in history:  # in order: a later split undoes an earlier merge
        if c.kind is ChangeKind.MERGED and c.other_event_id:
            merged_into[c.other_event_id] = c.event_id
        elif c.kind is ChangeKind.SPLIT:
            merged_into.pop(c.event_id, None)

    def final(event_id: str) -> str:
        while event_id in merged_into:
            event_id = merged_into[event_id]
        return event_id

    return [c for c in history if final(c.event_id) in event_ids]


def story_json(story: Story, events: dict[str, Event]) -> JSON:
    members = [events[e] for e in story.event_ids if e in events]
    days = sorted(d for e in members for d in (e.start, e.end) if d)
    return {
        "id": story.id,
        "label": story.label,
        "start": days[0].isoformat() if days else None,
        "end": days[-1].isoformat() if days else None,
        "events": list(story.event_ids),
        "articles": sum(len(e.article_ids) for e in members),
    }


def _excerpt(articles: dict[str, Article], article_id: str, start: int, end: int) -> str:
    """The cited source text, so a reader can check a citation without the article."""
    return articles[article_id].text[start:end] if article_id in articles else ""


def _citation_json(c: Citation, articles: dict[str, Article]) -> JSON:
    return {
        "article": c.article_id,
        "outlet": c.outlet,
        "start": c.span.start,
        "end": c.span.end,
        "excerpt": _excerpt(articles, c.article_id, c.span.start, c.span.end),
    }


def claim_json(group: ClaimGroup) -> JSON:
    return {
        "id": group.id,
        "text": group.text,
        "articles": list(group.article_ids),
        "independent_support": group.independent_support,
        "attributions": sorted({c.attribution for c in group.claims if c.attribution}),
    }


def conflict_json(conflict: Conflict, articles: dict[str, Article]) -> JSON:
    return {
        "about": conflict.about,
        "kind": conflict.kind,
        "sides": [
            {
                "value": side.value,
                "articles": list(side.article_ids),
                "independent_support": side.independent_support,
                "citations": [_citation_json(c, articles) for c in side.citations],
            }
            for side in conflict.sides
        ],
    }


def timeline_json(entry: TimelineEntry, articles: dict[str, Article]) -> JSON:
    return {
        "date": entry.day.isoformat(),
        "after": entry.after,  # true: the sources only say it happened after this date
        "text": entry.text,
        "articles": list(dict.fromkeys(c.article_id for c in entry.citations)),
        "independent_support": entry.independent_support,
        "citations": [_citation_json(c, articles) for c in entry.citations],
    }


def brief_json(brief: Brief, articles: dict[str, Article]) -> JSON:
    return {
        "subject": brief.subject_id,
        "title": brief.title,
        "summary": [
            {
                "text": s.text,
                "independent_support": s.independent_support,
                "citations": [_citation_json(c, articles) for c in s.citations],
                "same_point": [_citation_json(c, articles) for c in s.related],
            }
            for s in brief.sentences
        ],
        "articles": brief.articles,
        "independent_reports": brief.independent_reports,
        "coverage": [{"outlet": c.outlet, "articles": c.articles} for c in brief.coverage],
        "agreed": [claim_json(g) for g in brief.agreed],
        "single_source": [claim_json(g) for g in brief.single_source],
        "conflicts": [conflict_json(c, articles) for c in brief.conflicts],
        "timeline": [timeline_json(e, articles) for e in brief.timeline],
        "who": [
            {
                "entity": w.entity_id,
                "name": w.name,
                "type": w.type,
                "roles": list(w.roles),
                "articles": w.articles,
            }
            for w in brief.who
        ],
    }


def group_json(group: LineageGroup) -> JSON:
    """One lineage group: an original report and what descends from it."""
    return {
        "id": group.id,
        "event": group.event_id,
        "articles": list(group.article_ids),
        "origin": group.origin,
        "origin_reason": group.origin_reason,
        "credited": list(group.credited),
    }


def lineage_json(lineage: Lineage, articles: dict[str, Article]) -> JSON:
    """Groups (one original report each), the links that joined them, and credits."""

    return {
        "groups": [group_json(g) for g in lineage.groups],
        "links": [
            {
                "a": k.a,
                "b": k.b,
                "relation": k.relation.value,
                "aligned_sentences": k.aligned,
                "share": round(k.share, 3),
                "in_order": round(k.order, 3),
                "containment": round(k.containment, 3),
            }
            for k in lineage.links
        ],
        "credits": [
            {
                "article": c.article_id,
                "outlet": c.outlet,
                "form": c.form,
                "start": c.span.start,
                "end": c.span.end,
                "text": _excerpt(articles, c.article_id, c.span.start, c.span.end),
            }
            for c in lineage.credits
        ],
    }


def analysis_json(
    analysis: Analysis,
    scope: Iterable[str] | None = None,
    paths: dict[str, list[str]] | None = None,
) -> JSON:
    """The ``analyze --json`` document, limited to stories touching ``scope`` articles."""
    wanted = set(scope) if scope is not None else {a.id for a in analysis.articles}
    story_of = {e: s for s in analysis.stories for e in s.event_ids}
    event_by_id = {e.id: e for e in analysis.events}
    stories = stories_touching(analysis, wanted)
    events = [event_by_id[e] for s in stories for e in s.event_ids]
    article_ids = [a for e in events for a in e.article_ids]
    by_id = {a.id: a for a in analysis.articles}
    paths = paths or {}
    shown = set(article_ids)
    event_ids = {e.id for e in events}
    lineage = Lineage(
        tuple(k for k in analysis.lineage.links if k.a in shown and k.b in shown),
        tuple(g for g in analysis.lineage.groups if g.event_id in event_ids),
        tuple(c for c in analysis.lineage.credits if c.article_id in shown),
    )
    trace = lineage_json(lineage, by_id)
    return {
        "articles": [
            article_json(by_id[a], paths.get(a, ()), analysis.inferred_days.get(a))
            for a in article_ids
        ],
        "events": [event_json(e, story_of[e.id].id, lineage) for e in events],
        "stories": [story_json(s, event_by_id) for s in stories],
        "lineage": trace["groups"],
        "lineage_links": trace["links"],
        "credits": trace["credits"],
        "changes": [change_json(c) for c in changes_of(analysis.changes, event_ids)],
        **extraction_json(analysis.extraction, article_ids),
        **_reconciled_json([analysis.story_briefs[s.id] for s in stories], by_id),
        "brief": {
            "events": [brief_json(analysis.event_briefs[e.id], by_id) for e in events],
            "stories": [brief_json(analysis.story_briefs[s.id], by_id) for s in stories],
        },
    }


# -- extraction ---------------------------------------------------------------
def _span(span: Span | None) -> list[int] | None:
    return [span.start, span.end] if span else None


def entity_json(entity: Entity) -> JSON:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type.value,
        "variants": list(entity.variants),
        "roles": list(entity.roles),
        "articles": list(entity.article_ids),
        "mentions": len(entity.mentions),
    }


def entity_profile_json(profile: EntityProfile) -> JSON:
    """An entity with where it is named: its roles, events, stories and articles."""
    story_of = {e: s.id for s, _ in profile.stories for e in s.event_ids}
    return {
        "entity": entity_json(profile.entity),
        "roles": [{"role": r, "articles": n} for r, n in profile.roles],
        "stories": [{"story": s.id, "label": s.label, "articles": n} for s, n in profile.stories],
        "events": [
            {
                "event": ev.id,
                "label": ev.label,
                "story": story_of.get(ev.id),
                "articles": n,
                "start": _iso(ev.start),
                "end": _iso(ev.end),
            }
            for ev, n in profile.events
        ],
        "articles": [
            {
                "article": a.article.id,
                "title": a.article.title,
                "outlet": a.article.outlet,
                "published": _iso(a.article.published),
                "mentions": a.mentions,
                "roles": list(a.roles),
                "event": a.event.id if a.event else None,
            }
            for a in profile.appearances
        ],
        "namesakes": [
            {"id": e.id, "name": e.name, "type": e.type.value, "articles": len(e.article_ids)}
            for e in profile.namesakes
        ],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def quote_json(quote: Quote, group: int) -> JSON:
    return {
        "article": quote.span.article_id,
        "text": quote.text,
        "kind": quote.kind.value,
        "speaker": quote.speaker,
        "speaker_entity": quote.speaker_entity,
        "cue": quote.cue,
        "span": _span(quote.span),
        "speaker_span": _span(quote.speaker_span),
        "cue_span": _span(quote.cue_span),
        "group": group,  # quotes with one group number are renderings of the same words
    }


def figure_json(figure: Figure) -> JSON:
    return {
        "article": figure.span.article_id,
        "text": figure.text,
        "value": figure.value,
        "upper": figure.upper,
        "unit": figure.unit,
        "counts": figure.counts,
        "qualifier": figure.qualifier,
        "span": _span(figure.span),
    }


def date_json(ref: DateRef) -> JSON:
    return {
        "article": ref.span.article_id,
        "text": ref.text,
        "type": ref.type.value,
        "value": ref.value,
        "day": ref.day.isoformat() if ref.day else None,
        "anchor": ref.anchor,
        "span": _span(ref.span),
    }


def extraction_json(extraction: Extraction | None, article_ids: Iterable[str]) -> JSON:
    """``entities``, ``quotes``, ``figures`` and ``dates`` of the given articles."""
    if extraction is None:
        return {"entities": [], "quotes": [], "figures": [], "dates": []}
    shown = list(dict.fromkeys(article_ids))
    wanted = set(shown)
    quotes = [q for a in shown for q in extraction.quotes.get(a, ())]
    group_of = {id(q): n for n, group in enumerate(group_quotes(quotes)) for q in group}
    return {
        "entities": [entity_json(e) for e in extraction.entities if wanted & set(e.article_ids)],
        "quotes": [quote_json(q, group_of.get(id(q), -1)) for q in quotes],
        "figures": [figure_json(f) for a in shown for f in extraction.figures.get(a, ())],
        "dates": [date_json(d) for a in shown for d in extraction.dates.get(a, ())],
    }


def _reconciled_json(briefs: Iterable[Brief], articles: dict[str, Article]) -> JSON:
    """Story-level ``claims``, ``conflicts`` and ``timeline``, each tagged with its story."""
    claims, conflicts, timeline = [], [], []
    for brief in briefs:
        story = {"story": brief.subject_id}
        claims += [{**claim_json(g), **story} for g in brief.claims]
        conflicts += [{**conflict_json(c, articles), **story} for c in brief.conflicts]
        timeline += [{**timeline_json(e, articles), **story} for e in brief.timeline]
    return {"claims": claims, "conflicts": conflicts, "timeline": timeline}


def source_json(source: Source) -> JSON:
    def stamp(moment: datetime | None) -> str | None:
        return moment.isoformat(timespec="seconds") if moment else None

    return {
        "id": source.id,
        "kind": source.kind.value,
        "location": source.location,
        "interval_seconds": source.interval_seconds,
        "next_poll": stamp(source.next_poll),
        "last_polled": stamp(source.last_polled),
        "last_status": source.last_status,
        "failures": source.failures,
        "articles": source.articles,
        "added": stamp(source.added),
    }


def article_lineage_json(explained: ArticleLineage) -> JSON:
    """Why an article counts where it does: its group, its links with their sentences."""
    article = explained.article

    def text(owner: Article, span: Span) -> str:
        return owner.text[span.start : span.end]

    def evidence(item: LinkEvidence) -> JSON:
        link, other = item.link, item.other
        pairs = []
        for pair in link.sentences:
            mine, theirs = item.sides(pair)
            pairs.append(
                {
                    "this": text(article, mine),
                    "this_span": [mine.start, mine.end],
                    "other": text(other, theirs),
                    "other_span": [theirs.start, theirs.end],
                    "similarity": round(pair.similarity, 3),
                    "shared_anchors": list(pair.shared_anchors),
                }
            )
        return {
            "article": other.id,
            "outlet": other.outlet,
            "title": other.title,
            "relation": link.relation.value,
            "why": link_in_words(link),
            "aligned_sentences": link.aligned,
            "share": round(link.share, 3),
            "in_order": round(link.order, 3),
            "containment": round(link.containment, 3),
            "sentences": pairs,
        }

    group = explained.group
    return {
        "article": article_json(article),
        "event": explained.event.id if explained.event else None,
        "independent_reports": explained.reports,
        "group": None if group is None else group_json(group),
        "links": [evidence(item) for item in explained.links],
        "credits": [
            {
                "outlet": c.outlet,
                "form": c.form,
                "span": [c.span.start, c.span.end],
                "text": text(article, c.span),
            }
            for c in explained.credits
        ],
    }


def search_json(results: Sequence[SearchResult]) -> list[dict[str, Any]]:
    """Search results: each hit with its date, event and story."""
    return [
        {
            "article": r.hit.article_id,
            "title": r.hit.title,
            "outlet": r.hit.outlet,
            "snippet": r.hit.snippet,
            "score": round(r.hit.score, 4),
            "published": r.published.isoformat() if r.published else None,
            "date_inferred": r.inferred,
            "event": {"id": r.event.id, "label": r.event.label} if r.event else None,
            "story": {"id": r.story.id, "label": r.story.label} if r.story else None,
        }
        for r in results
    ]
