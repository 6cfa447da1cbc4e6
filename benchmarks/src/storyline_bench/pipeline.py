"""``storyline bench pipeline``: what a user waits for, from files to stored briefs.

Issue #22 measures the whole ``analyze`` (ingest, embed, group, lineage,
extraction, briefs), not the stages one by one: articles per second and peak
memory, with the time of every stage, on a fresh store (cold: every sentence
embedded and every article parsed) and again on the same store (warm: vectors
and parses come from its caches, the briefs are rebuilt). Beside it runs the
floor: one pass of the embedding model over the same sentences and one spaCy
pass over the same texts, which no pipeline built on these two models can beat.

Each run is its own process, so the peak resident memory of one is not the
peak of another, and a model loaded by one run does not make the next look fast.
Model loading is timed apart ("load") and left out of the per-article rate.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from storyline import service
from storyline.errors import StorylineError
from storyline.models import Article
from storyline.settings import Settings
from storyline.store import open_store

# Stages in the order analyze reports them (``service.Progress`` names).
STAGES = ("read", "embed", "group", "lineage", "extract", "brief")


@dataclass(frozen=True, slots=True)
class PipelineRun:
    """One whole run: its wall time without model loading, per stage, and peak memory."""

    label: str
    articles: int
    seconds: float
    load_seconds: float
    stages: tuple[tuple[str, float], ...]
    peak_rss_mb: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class PipelineSize:
    """Cold, warm and floor runs over the same articles."""

    articles: int
    sentences: int
    distinct_sentences: int  # the rest come from the vector cache, even cold
    cold: PipelineRun
    warm: PipelineRun
    floor: PipelineRun | None  # None when skipped (it costs as much as the cold run)


class _StageClock:
    """Splits a run's time between the stages that reported progress.

    Reports come after each unit of work, so a stretch of reports from one stage
    owns the time from the previous stretch's last report to its own last report.
    A stage may run more than once (analyze embeds when placing articles and again
    for the briefs, from the cache); its stretches are added up.
    """

    def __init__(self) -> None:
        self.reports: list[tuple[str, float]] = []

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if self.reports and self.reports[-1][0] == stage:
            self.reports[-1] = (stage, now)
        else:
            self.reports.append((stage, now))

    def split(self, started: float, ended: float) -> tuple[tuple[str, float], ...]:
        spent: dict[str, float] = {}
        previous = started
        for stage, last in self.reports:
            spent[stage] = spent.get(stage, 0.0) + last - previous
            previous = last
        if ended - previous > 0:
            spent["after the last report"] = ended - previous
        return tuple(spent.items())


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's peak, which sizing a machine needs.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_models(settings: Settings) -> float:
    """Load both models (one short text each) and say how long that took."""
    from storyline.nlp.embed import make_model_embedder
    from storyline.nlp.parse import parse_texts

    started = time.perf_counter()
    make_model_embedder(settings).embed(["Load the model before anything is timed."])
    next(parse_texts(["Load the model before anything is timed."]))
    return time.perf_counter() - started


def _analyze_run(label: str, files: Sequence[str], db: str, settings: Settings) -> PipelineRun:
    """Ingest ``files`` into the store at ``db`` and analyze it (runs in a child process)."""
    load = _load_models(settings)
    clock = _StageClock()
    started = time.perf_counter()
    with open_store(db) as store:
        service.ingest(store, list(files), settings, progress=clock)
        analysis = service.analyze(store, settings, progress=clock)
        # Briefs are written when read; `analyze --json` on the whole corpus reads them all.
        briefs = [*analysis.event_briefs.values(), *analysis.story_briefs.values()]
        clock("brief", len(briefs), len(briefs))
        articles = store.count_articles()
    ended = time.perf_counter()
    return PipelineRun(
        label, articles, ended - started, load, clock.split(started, ended), _peak_rss_mb()
    )


def _floor_run(files: Sequence[str], settings: Settings) -> PipelineRun:
    """One embedding pass over every sentence and one spaCy pass over every text."""
    from storyline.ingest import read_inputs
    from storyline.nlp.embed import make_model_embedder
    from storyline.nlp.parse import parse_texts
    from storyline.nlp.sentences import split_sentences

    load = _load_models(settings)
    articles = [
        a for a in read_inputs([Path(f) for f in files], settings) if isinstance(a, Article)
    ]
    # Each distinct sentence once, as the pipeline's vector cache embeds them.
    texts = list(dict.fromkeys(s.text for a in articles for s in split_sentences(a)))
    embedder = make_model_embedder(settings)
    started = time.perf_counter()
    for start in range(0, len(texts), 256):
        embedder.embed(texts[start : start + 256])
    embedded = time.perf_counter()
    for _ in parse_texts(a.text for a in articles):
        pass
    ended = time.perf_counter()
    stages = (("embed (model only)", embedded - started), ("parse (spaCy only)", ended - embedded))
    return PipelineRun("floor", len(articles), ended - started, load, stages, _peak_rss_mb())


def _in_child(function: Callable[..., object], *args: object) -> object:
    """Run ``function(*args)`` in a fresh process and return what it returns.

    A plain process rather than a pool worker: pool workers are daemons, which may not
    start the parse processes extraction uses on larger batches.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sender, function, args))
    child.start()
    sender.close()
    try:
        ok, value = receiver.recv()
    except EOFError:
        ok, value = False, f"the benchmark process died (exit code {child.exitcode})"
    child.join()
    if not ok:
        raise StorylineError(f"bench pipeline: a run failed: {value}")
    return value


def _child_main(
    sender: Connection, function: Callable[..., object], args: tuple[object, ...]
) -> None:
    try:
        sender.send((True, function(*args)))
    except Exception as exc:  # the parent reports it; a child has no one else to tell
        sender.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _count_sentences(files: Sequence[str], settings: Settings) -> tuple[int, int]:
    """Sentences of the articles in ``files``, and how many are distinct."""
    from storyline.ingest import read_inputs
    from storyline.nlp.sentences import split_sentences

    texts = [
        s.text
        for a in read_inputs([Path(f) for f in files], settings)
        if isinstance(a, Article)
        for s in split_sentences(a)
    ]
    return len(texts), len(set(texts))


def run_pipeline(
    files: Sequence[Path], settings: Settings, workdir: Path | None = None, floor: bool = True
) -> PipelineSize:
    """Cold, warm and (unless ``floor`` is false) floor runs over ``files``, each in its
    own process."""
    names = [str(f) for f in files]
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        db = str(Path(folder) / "pipeline.db")
        run_settings = _settings_for(settings, db)
        cold = _in_child(_analyze_run, "cold", names, db, run_settings)
        warm = _in_child(_analyze_run, "warm", names, db, run_settings)
    floor_run = _in_child(_floor_run, names, settings) if floor else None
    assert isinstance(cold, PipelineRun) and isinstance(warm, PipelineRun)
    assert floor_run is None or isinstance(floor_run, PipelineRun)
    sentences, distinct = _count_sentences(names, settings)
    return PipelineSize(cold.articles, sentences, distinct, cold, warm, floor_run)


def _settings_for(settings: Settings, db: str) -> Settings:
    # Always a fresh SQLite file: the bench must not write into a user's store.
    return replace(settings, db=Path(db), database_url=None)


def corpus_files(folders: Sequence[Path], size: int, seed: int = 22) -> list[Path]:
    """``size`` input files drawn evenly from ``folders`` (every file of each, shuffled
    with ``seed``, then dealt in turn), so each size mixes the corpora alike."""
    import random

    pools = []
    for folder in folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix == ".txt")
        random.Random(seed).shuffle(files)
        pools.append(files)
    chosen: list[Path] = []
    while len(chosen) < size and any(pools):
        for pool in pools:
            if pool and len(chosen) < size:
                chosen.append(pool.pop())
    return chosen
