"""NewsWCL50 in the entities benchmark: reading its chains, what counts as a name, the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline_bench.entities_newswcl import is_proper_name, load_newswcl, run_newswcl

from ..conftest import SHARED

NEWSWCL = SHARED / "eval" / "newswcl50" / "NewsWCL50-dev.conll"
SMALL = """#begin document 0/-/0_L; part 000
0/-/0_L\t0\t0\tPresident\t(0_USA_Trump_ACTOR
0/-/0_L\t0\t1\tTrump\t0_USA_Trump_ACTOR)
0/-/0_L\t0\t2\tmet\t-
0/-/0_L\t0\t3\tthe\t(0_PRK_Kim_ACTOR
0/-/0_L\t0\t4\tleader\t-
0/-/0_L\t0\t5\tof\t-
0/-/0_L\t0\t6\tNorth\t(0_PRK_COUNTRY
0/-/0_L\t0\t7\tKorea\t0_PRK_COUNTRY)|0_PRK_Kim_ACTOR)

0/-/0_L\t1\t0\tKim\t(0_PRK_Kim_ACTOR
0/-/0_L\t1\t1\tJong\t-
0/-/0_L\t1\t2\t-\t-
0/-/0_L\t1\t3\tun\t0_PRK_Kim_ACTOR)
0/-/0_L\t1\t4\tsmiled\t(0_Smile_ACTION)
#end document
"""


@pytest.mark.parametrize(
    ("surface", "named"),
    [
        ("President Trump", True),
        ("Kim Jong - un", True),
        ("the United States", True),
        ("Trump 's", True),
        ("the president", False),
        ("its leader", False),
        ("the C.I.A. director", False),
        ("of Korea", False),
    ],
)
def test_what_counts_as_a_proper_name(surface: str, named: bool) -> None:
    assert is_proper_name(surface) is named


def test_chains_nest_and_only_named_mentions_of_scored_kinds_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "small.conll"
    path.write_text(SMALL, encoding="utf-8")
    (document,) = load_newswcl(path)
    assert document.text.split("\n")[1] == "Kim Jong - un smiled"
    named = {(document.text[g.start : g.end], g.cluster) for g in document.gold}
    # "the leader of North Korea" is no name; the action chain is not scored.
    assert named == {
        ("President Trump", "0_USA_Trump_ACTOR"),
        ("North Korea", "0_PRK_COUNTRY"),
        ("Kim Jong - un", "0_PRK_Kim_ACTOR"),
    }


def test_a_file_that_is_not_newswcl_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "other.conll"
    path.write_text("just words\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.conll"):
        load_newswcl(path)
    with pytest.raises(InputError, match="--newswcl"):
        load_newswcl(tmp_path / "missing.conll")


@pytest.mark.skipif(not NEWSWCL.is_file(), reason=f"NewsWCL50 not found at {NEWSWCL}")
def test_each_topic_has_one_entity_for_trump_kim_and_moon() -> None:
    result = run_newswcl(NEWSWCL)
    assert result.documents == 25 and result.topics == 5
    ours, exact = result.people_merging
    assert ours[1].f1 > exact[1].f1 and ours[1].f1 >= 0.95
    # The chains also hold a stray gold mention or two ("Trump-Abe", "Donald" alone).
    for actor in result.actors:
        if any(name in actor.chain for name in ("Trump_ACTOR", "Kim_ACTOR", "Moon", "Jong_Un")):
            assert actor.largest_share >= 0.9, actor
