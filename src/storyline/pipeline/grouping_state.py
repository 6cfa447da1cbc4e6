"""Saving and restoring an :class:`OnlineGrouper`, so a live index never regroups from scratch.

The state is one ``numpy.savez`` archive: a JSON document for the structured
part (events, stories, term frequencies, history) and arrays for the vectors
and the frozen faiss buckets (``faiss.serialize_index``). No pickle: a state
blob read back from a database can only ever become data, never code.

``FORMAT`` names the layout. A state written under another format, or with
other thresholds than the grouper now uses, is refused with
:class:`StateMismatch`, and the caller regroups from scratch.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from typing import Any

import numpy as np

from ..models import ChangeKind, EventChange
from . import grouping
from .features import OnlineIdf
from .grouping import OnlineGrouper, _Archived, _Event, _Story
from .recent_index import HNSW_EF_SEARCH, RecentIndex, _FrozenBucket, _LiveBucket
from .wording_sketch import SKETCH_SIZE, sketch_matrix, sketches_from

FORMAT = "storyline-grouper/6"


class StateMismatch(Exception):
    """The saved state cannot be resumed by this grouper; regroup instead."""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _thresholds(grouper: OnlineGrouper) -> dict[str, Any]:
    # Every constant that shapes decisions: a state made under other values is stale.
    return {
        "event": grouper.event_threshold,
        "story": grouper.story_threshold,
        "merge": grouping.MERGE_THRESHOLD,
        "split": [grouping.SPLIT_THRESHOLD, grouping.SPLIT_CHECK_GROWTH, grouping.MAX_PARTS],
        "gap_days": grouping.GAP_DAYS,
        "gap_penalty": grouping.GAP_PENALTY,
        "later_penalty": grouping.LATER_PENALTY,
        "year_penalty": grouping.YEAR_PENALTY,
        "weights": [grouping.W_EMBEDDING, grouping.W_KEYS, grouping.W_WORDS],
        "story_weights": [grouping.S_EMBEDDING, grouping.S_KEYS, grouping.S_WORDS],
        "tie": [
            grouping.TIE_SHARE,
            grouping.TIE_MIN_PAIRS,
            grouping.TIE_MIN_SHARED,
            grouping.TIE_MIN_HITS,
            grouping.TIE_DAYS,
            grouping.TIE_EVENTS,
            grouping.TIE_MEMBERS,
            SKETCH_SIZE,
        ],
    }


def dump(grouper: OnlineGrouper) -> bytes:
    """The grouper's whole state as bytes."""
    index = grouper._index
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    events: list[dict[str, Any] | None] = []
    for event in grouper._events:
        events.append(None if event is None else _event_json(event, f"event{event.slot}", arrays))
    stories: list[dict[str, Any] | None] = []
    for story in grouper._stories:
        if story is None:
            stories.append(None)
            continue
        if story.total.size:
            arrays[f"story{story.slot}"] = story.total
        stories.append(
            {
                "slot": story.slot,
                "events": [_entry_json(e) for e in story.events],
                "keys": story.keys,
                "words": story.words,
                "last_seq": story.last_seq,
            }
        )
    header: dict[str, Any] = {
        "format": FORMAT,
        "thresholds": _thresholds(grouper),
        "events": events,
        "stories": stories,
        "idf": [_idf_json(grouper._keys_idf), _idf_json(grouper._words_idf)],
        "seq": grouper._seq,
        "settled_seq": grouper._settled_seq,
        "live": sorted(grouper._live),
        "merged_into": grouper._merged_into,
        "holder": [[part, holder] for part, holder in grouper._holder.items()],
        "changes": [
            [c.seq, c.kind.value, c.event_id, c.article_id, c.other_event_id, _iso(c.day)]
            for c in grouper._changes
        ],
        "index": None,
        "sketches": _sketches_json(grouper, arrays),
    }
    if index is not None:
        header["index"] = _index_json(index, arrays)
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    out = io.BytesIO()
    np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def _entry_json(entry: int | _Archived) -> int | list[Any]:
    return entry if isinstance(entry, int) else [entry.id, entry.size, entry.label]


def _sketches_json(
    grouper: OnlineGrouper, arrays: dict[str, np.ndarray[Any, Any]]
) -> dict[str, Any]:
    owners = list(grouper._sketches)
    sketches = [grouper._sketches[a] for a in owners]
    arrays["sketches"], lengths = sketch_matrix(sketches)
    return {"articles": owners, "lengths": lengths, "sizes": [s.size for s in sketches]}


def _event_json(
    event: _Event, name: str, arrays: dict[str, np.ndarray[Any, Any]]
) -> dict[str, Any]:
    if event.total.size:
        arrays[name] = event.total
    return {
        "founder": event.founder,
        "slot": event.slot,
        "members": event.members,
        "keys": event.keys,
        "words": event.words,
        "years": {str(y): n for y, n in event.years.items()},
        "published_years": {str(y): n for y, n in event.published_years.items()},
        "first": _iso(event.first_day),
        "last": _iso(event.last_day),
        "story": event.story,
        "checked": event.story_checked_at,
        "label": event.label,
        "label_score": event.label_score,
        "last_seq": event.last_seq,
        "retired": event.retired,
        "after": list(event.after) if event.after else None,
        "stated": sorted(d.isoformat() for d in event.stated),
        "split_checked": event.split_checked_at,
        "parts": [_event_json(part, f"{name}_part{part.slot}", arrays) for part in event.parts],
    }


def resume(saved: bytes | None, grouper: OnlineGrouper) -> OnlineGrouper:
    """``grouper`` filled from ``saved`` when that state fits it, else a fresh grouper."""
    if saved is None:
        return grouper
    try:
        return load(saved, grouper)
    except StateMismatch:
        return OnlineGrouper(
            grouper.event_threshold, grouper.story_threshold, archive=grouper._archive
        )


def _idf_json(idf: OnlineIdf) -> dict[str, Any]:
    return {
        "documents": idf.documents,
        "frequency": dict(idf.frequency),
        "last_seen": idf.last_seen,
    }


def _index_json(index: RecentIndex, arrays: dict[str, np.ndarray[Any, Any]]) -> dict[str, Any]:
    import faiss

    arrays["live_rows"] = index._live.rows()
    arrays["live_labels"] = np.asarray(index._live.labels, dtype=np.int64)
    for i, bucket in enumerate(index._frozen):
        arrays[f"frozen{i}"] = faiss.serialize_index(bucket.index)  # type: ignore[arg-type]
        arrays[f"frozen_labels{i}"] = bucket.labels
    return {
        "dim": index.dim,
        "bucket_size": index.bucket_size,
        "window": index.window,
        "neighbours": index.neighbours,
        "added": index.added,
        "frozen": len(index._frozen),
    }


def load(data: bytes, grouper: OnlineGrouper) -> OnlineGrouper:
    """Fill a freshly made ``grouper`` with a saved state; raises :class:`StateMismatch`."""
    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
        header = json.loads(bytes(archive["header"]).decode())
    except (ValueError, KeyError, OSError) as exc:
        raise StateMismatch(f"unreadable grouper state ({exc})") from exc
    if header.get("format") != FORMAT:
        raise StateMismatch(f"state format {header.get('format')!r}, expected {FORMAT!r}")
    if header["thresholds"] != _thresholds(grouper):
        raise StateMismatch("the state was made with other thresholds")
    grouper._events = [
        _event(e, f"event{e['slot']}", archive) if e else None for e in header["events"]
    ]
    grouper._stories = [_story(s, archive) if s else None for s in header["stories"]]
    grouper._keys_idf = _idf(header["idf"][0])
    grouper._words_idf = _idf(header["idf"][1])
    grouper._seq = int(header["seq"])
    grouper._settled_seq = int(header["settled_seq"])
    grouper._live = set(header["live"])
    grouper._merged_into = dict(header["merged_into"])
    grouper._holder = {int(part): int(holder) for part, holder in header["holder"]}
    grouper._slot_of = {e.id: e.slot for e in grouper._events if e is not None}
    grouper._changes = [
        EventChange(seq, ChangeKind(kind), event, article, other, _day(day))
        for seq, kind, event, article, other, day in header["changes"]
    ]
    if header["index"] is not None:
        grouper._index = _index(header["index"], archive)
    saved = header["sketches"]
    grouper._sketches = dict(
        zip(
            saved["articles"],
            sketches_from(archive["sketches"], saved["lengths"], saved["sizes"]),
            strict=True,
        )
    )
    return grouper


def _empty() -> np.ndarray[Any, Any]:
    return np.zeros(0, dtype=np.float32)


def _event(row: dict[str, Any], name: str, archive: Any) -> _Event:
    return _Event(
        founder=row["founder"],
        slot=row["slot"],
        members=list(row["members"]),
        total=archive[name] if name in archive.files else _empty(),
        keys=dict(row["keys"]),
        words=dict(row["words"]),
        years=Counter({int(y): n for y, n in row["years"].items()}),
        published_years=Counter({int(y): n for y, n in row["published_years"].items()}),
        first_day=_day(row["first"]),
        last_day=_day(row["last"]),
        story=row["story"],
        story_checked_at=row["checked"],
        label=row["label"],
        label_score=row["label_score"],
        last_seq=row["last_seq"],
        retired=row["retired"],
        after=tuple(row["after"]) if row["after"] else None,
        stated={date.fromisoformat(d) for d in row["stated"]},
        split_checked_at=row["split_checked"],
        parts=[_event(p, f"{name}_part{p['slot']}", archive) for p in row["parts"]],
    )


def _story(row: dict[str, Any], archive: Any) -> _Story:
    name = f"story{row['slot']}"
    return _Story(
        slot=row["slot"],
        events=[e if isinstance(e, int) else _Archived(*e) for e in row["events"]],
        total=archive[name] if name in archive.files else _empty(),
        keys=dict(row["keys"]),
        words=dict(row["words"]),
        last_seq=int(row["last_seq"]),
    )


def _idf(row: dict[str, Any]) -> OnlineIdf:
    idf = OnlineIdf()
    idf.documents = int(row["documents"])
    idf.frequency = Counter(row["frequency"])
    idf.last_seen = dict(row["last_seen"])
    return idf


def _index(row: dict[str, Any], archive: Any) -> RecentIndex:
    import faiss

    index = RecentIndex(row["dim"], row["bucket_size"], row["window"], row["neighbours"])
    index.added = row["added"]
    live = _LiveBucket(row["dim"], row["bucket_size"])
    for vector, label in zip(archive["live_rows"], archive["live_labels"], strict=True):
        live.add(vector, int(label))
    index._live = live
    index._frozen = []
    for i in range(row["frozen"]):
        graph = faiss.deserialize_index(archive[f"frozen{i}"])
        graph.hnsw.efSearch = HNSW_EF_SEARCH  # type: ignore[attr-defined]
        index._frozen.append(_FrozenBucket(graph, archive[f"frozen_labels{i}"]))
    return index
