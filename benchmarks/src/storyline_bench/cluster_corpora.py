"""Every gold-labelled corpus grouping is scored on, and all of them as one stream.

:func:`.cluster.load_corpus` reads a folder with ``gold.jsonl`` in the ECB+ form
(``doc``, ``story``, ``event``), which ECB+ dev and NewsWCL50 dev follow. Two
more sets carry their gold differently:

* **METER dev**: each court or showbiz story (wire copy and the papers' articles
  on it, dated by the story day in ``meta.jsonl``) is one happening, so gold
  event and gold story are both the METER story;
* **the seeds**: five articles, four on the 2 June round of talks in Istanbul and
  one (003) on the July round, all one story. These labels are the project's
  reading of the five texts (the README and the golden test say the same).

A **mixed stream** puts every corpus through one grouper, as a live feed would
carry them side by side; document and gold names are prefixed with the corpus,
so nothing can join across corpora without being scored as wrong.
"""

from __future__ import annotations

from pathlib import Path

from storyline.errors import InputError
from storyline.models import Article
from storyline.settings import Settings

from .cluster import GOLD_FILE, Corpus, Gold, load_corpus
from .lineage import load_meter
from .summary import read_seeds

# The seeds by the first three characters of their file names.
SEED_EVENTS = {
    "000": "istanbul-2-june",
    "001": "istanbul-2-june",
    "002": "istanbul-2-june",
    "004": "istanbul-2-june",
    "003": "istanbul-july",
}
SEED_STORY = "ukraine-russia-talks"
CORPORA = ("ecbplus-dev", "newswcl50-dev", "meter-dev", "seeds")


def _corpus(articles: list[Article], event_of: dict[str, str], story_of: dict[str, str]) -> Corpus:
    docs = {a.id: Path(a.path).stem for a in articles}
    ordered = sorted(articles, key=lambda a: docs[a.id])
    return Corpus(tuple(ordered), docs, Gold(event_of, story_of), ())


def meter_corpus(folder: Path, settings: Settings) -> Corpus:
    """METER's articles with each story as one gold event and one gold story."""
    meter = load_meter(folder, settings)
    stem = {a.id: Path(a.path).stem for a in meter.articles}
    labels = {stem[a.id]: meter.story_of[a.id] for a in meter.articles}
    return _corpus(list(meter.articles), labels, dict(labels))


def seeds_corpus(folder: Path, settings: Settings) -> Corpus:
    """The seed articles, labelled by :data:`SEED_EVENTS`."""
    articles = read_seeds(folder, settings)
    events: dict[str, str] = {}
    for article in articles:
        doc = Path(article.path).stem
        if doc[:3] not in SEED_EVENTS:
            raise InputError(article.path, "not one of the five seed articles (000-004)")
        events[doc] = SEED_EVENTS[doc[:3]]
    return _corpus(articles, events, {d: SEED_STORY for d in events})


def load_any(folder: Path, settings: Settings) -> Corpus:
    """A gold-labelled corpus of any of the forms above, told apart by its files."""
    if (folder / "meta.jsonl").is_file():
        return meter_corpus(folder, settings)
    if not (folder / GOLD_FILE).is_file() and folder.name == "seeds":
        return seeds_corpus(folder, settings)
    return load_corpus(folder, settings)


def dev_corpora(root: Path, settings: Settings) -> list[tuple[str, Corpus]]:
    """The dev corpora under ``root`` (``$STORYLINE_SHARED/corpus``) that are present."""
    found = [(name, load_any(root / name, settings)) for name in CORPORA if (root / name).is_dir()]
    if not found:
        raise InputError(str(root), f"none of {', '.join(CORPORA)} is here")
    return found


def mixed(corpora: list[tuple[str, Corpus]]) -> Corpus:
    """All the corpora as one: names prefixed with the corpus they came from."""
    articles: list[Article] = []
    doc_of: dict[str, str] = {}
    events: dict[str, str] = {}
    stories: dict[str, str] = {}
    seen: set[str] = set()
    for name, corpus in corpora:
        for article in corpus.articles:
            if article.id in seen:
                continue  # the same text in two corpora: kept once, as the first has it
            seen.add(article.id)
            doc = f"{name}/{corpus.doc_of[article.id]}"
            articles.append(article)
            doc_of[article.id] = doc
            plain = corpus.doc_of[article.id]
            events[doc] = f"{name}/{corpus.gold.event_of[plain]}"
            stories[doc] = f"{name}/{corpus.gold.story_of[plain]}"
    return Corpus(tuple(articles), doc_of, Gold(events, stories), ())
