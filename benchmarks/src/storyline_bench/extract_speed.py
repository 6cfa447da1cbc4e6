"""``storyline bench extract``: how fast the whole extraction stage runs.

Issue #5 asks for at least 20 articles per second on two cores for all
extraction (parse, entities, quotes, figures, dates, entity resolution). The
baseline run in the same process is spaCy's parse alone in one process: what
any spaCy-based extractor pays before doing anything of its own. The published
figure is the small English model's own CPU speed from its model card (words
per second), turned into articles per second with this corpus's mean length.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.extract import extract
from storyline.models import Article
from storyline.nlp.parse import load_pipeline, parse_texts

# en_core_web_sm 3.8 model card: "speed" in words per second on CPU.
PUBLISHED_WORDS_PER_SECOND = 9426


@dataclass(frozen=True, slots=True)
class SpeedRow:
    method: str
    articles: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class ExtractSpeed:
    articles: int
    words: int
    rows: tuple[SpeedRow, ...]
    found: dict[str, int]  # entities, quotes, figures, dates

    @property
    def published_articles_per_second(self) -> float:
        return PUBLISHED_WORDS_PER_SECOND / (self.words / self.articles) if self.articles else 0.0


def run(articles: Sequence[Article]) -> ExtractSpeed:
    """Time spaCy alone, then all extraction, over the same articles."""
    load_pipeline()  # loading the model is a one-off cost, not per-article speed
    started = time.perf_counter()
    for _ in parse_texts(a.text for a in articles):
        pass
    parse_only = time.perf_counter() - started

    started = time.perf_counter()
    result = extract(articles)
    full = time.perf_counter() - started
    found = {
        "entities": len(result.entities),
        "quotes": sum(len(q) for q in result.quotes.values()),
        "figures": sum(len(f) for f in result.figures.values()),
        "dates": sum(len(d) for d in result.dates.values()),
    }
    return ExtractSpeed(
        articles=len(articles),
        words=sum(len(a.text.split()) for a in articles),
        rows=(
            SpeedRow("spaCy parse only, 1 process (baseline)", len(articles), parse_only),
            SpeedRow("Storyline: all extraction", len(articles), full),
        ),
        found=found,
    )
