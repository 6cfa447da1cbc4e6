"""The TempEval-3 time expression benchmark: TimeML parsing, scoring, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline_bench import timex
from storyline_bench.timex import Timex, load_part, parse_tml, score_document

from ..conftest import SHARED
from ..helpers import storyline

TBAQ = SHARED / "eval" / "tempeval3" / "TBAQ-cleaned"
needs_tbaq = pytest.mark.skipif(not (TBAQ / "TimeBank").is_dir(), reason=f"TBAQ not at {TBAQ}")

SAMPLE = """<?xml version="1.0" ?>
<TimeML><DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08"
 functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
AT&amp;T said <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> that
a <EVENT eid="e1">deal</EVENT> took
<TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.
</TEXT></TimeML>"""


def test_timeml_text_has_tags_removed_and_offsets_point_at_each_timex() -> None:
    doc = parse_tml(SAMPLE, "X1")
    assert doc.creation.isoformat() == "1998-01-08"
    assert "&amp;" not in doc.text and "<" not in doc.text
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "1998-01-07"),
        ("two weeks", "DURATION", "P2W"),
    ]  # the creation time itself is not among them


def test_a_file_without_text_or_creation_time_is_refused() -> None:
    with pytest.raises(InputError, match="TEXT"):
        parse_tml("<TimeML></TimeML>", "bad")
    with pytest.raises(InputError, match="CREATION_TIME"):
        parse_tml("<TimeML><TEXT>x</TEXT></TimeML>", "bad")


def test_scores_on_a_hand_worked_case() -> None:
    gold = [
        Timex(0, 9, "DATE", "1998-01-07"),
        Timex(20, 29, "DURATION", "P2W"),
        Timex(40, 45, "DATE", "1998"),
    ]
    predicted = [
        Timex(0, 9, "DATE", "1998-01-07"),  # strict, right value
        Timex(16, 29, "DURATION", "P3W"),  # relaxed only, wrong value
        Timex(60, 64, "DATE", "1997"),  # nothing there
    ]
    s = score_document(gold, predicted)
    assert (s.strict_matches, s.relaxed_matches, s.type_correct, s.value_correct) == (1, 2, 2, 1)
    assert s.relaxed() == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert s.strict()[2] == pytest.approx(1 / 3)
    assert s.value() == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert s.value_accuracy == 0.5 and s.type_accuracy == 1.0


def test_one_prediction_matches_one_gold_expression_at_most() -> None:
    gold = [Timex(0, 5, "DATE", "a"), Timex(6, 10, "DATE", "b")]
    s = score_document(gold, [Timex(0, 10, "DATE", "b")])
    assert s.relaxed_matches == 1 and s.value_correct == 0  # the bigger overlap wins


def test_missing_folder_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--data"):
        load_part(tmp_path, "TimeBank")


@needs_tbaq
def test_real_files_score_well_and_dateparser_is_scored_alike() -> None:
    result = timex.run(TBAQ, limit=3, methods=("storyline", "dateparser"))
    rows = {(r.method, r.part): r for r in result.rows}
    assert set(rows) == {
        (m, p) for m in ("storyline", "dateparser") for p in ("TimeBank", "AQUAINT", "TBAQ (both)")
    }
    ours = rows[("storyline", "TBAQ (both)")].scores
    assert ours.gold == rows[("dateparser", "TBAQ (both)")].scores.gold > 10
    assert ours.relaxed()[2] > 0.8 and ours.value()[2] > 0.6
    assert ours.value()[2] > rows[("dateparser", "TBAQ (both)")].scores.value()[2]
    document = result.as_document()
    assert "training data" in document["comparability"]
    assert document["published"][0]["value_f1"] == pytest.approx(0.7761)


@needs_tbaq
def test_command_reports_json() -> None:
    result = storyline(
        "bench", "timex", "--data", TBAQ, "--limit", "2", "--method", "storyline", "--json"
    )
    document = json.loads(result.stdout)
    assert {m["part"] for m in document["methods"]} == {"TimeBank", "AQUAINT", "TBAQ (both)"}
    for row in document["methods"]:
        assert 0.0 <= row["value"]["f1"] <= 1.0 and row["documents_per_second"] > 0


def test_command_without_data_fails_cleanly(tmp_path: Path) -> None:
    result = storyline("bench", "timex", "--data", tmp_path, "--json", check=False)
    assert result.returncode != 0
    assert "--data" in result.stderr and "Traceback" not in result.stderr
