"""The synthetic stream: real text with its names and numbers changed, copy by copy."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyline_bench.stream_text import (
    distinct_share,
    names_of,
    renaming,
    rewording,
    stream_files,
    vary,
    words_of,
)

TEXT = (
    "The court heard that Matthew Young, 4, was given peppermint water in Runcorn. "
    "He died 18 days later. The Young family said the court was right. "
) + "He said the court was in the town. " * 5  # common words: the, he, said, court…


def test_names_are_the_capitalised_words_but_the_commonest() -> None:
    names = names_of([TEXT], common=7)
    assert {"Matthew", "Young", "Runcorn"} <= set(names)
    assert "The" not in names and "He" not in names  # "the" and "he" are common words


def test_a_copy_renames_consistently_and_moves_numbers() -> None:
    names = names_of([TEXT], common=7)
    rename = renaming(names, 1)
    copy = vary(TEXT, 1, rename)
    assert copy != TEXT
    assert "5, was given" in copy and "died 19 days" in copy
    assert vary("In 2005 and 1999 or 3000.", 2, {}) == "In 1965 and 1959 or 3002."
    assert copy.count(rename["Young"]) == TEXT.count("Young")  # one name, one new name
    assert renaming(names, 1) == rename  # the same shuffle every run


def test_a_copy_rewords_with_words_of_the_same_length_and_keeps_the_commonest() -> None:
    words = words_of([TEXT], common=7)
    assert "peppermint" in words and "the" not in words and "court" not in words
    reword = rewording(words, 1)
    assert all(len(new) == len(old) for old, new in reword.items())
    assert sorted(reword.values()) == sorted(words)  # a shuffle: no word made up
    copy = vary(TEXT, 1, {}, reword)
    assert copy.count("the court") == TEXT.count("the court")
    assert [len(w) for w in copy.split()] == [len(w) for w in TEXT.split()]
    assert rewording(words, 1) == reword and rewording(words, 2) != reword


@given(st.text(alphabet="ab AB09.,\n", max_size=80), st.integers(min_value=1, max_value=9))
def test_varying_keeps_everything_but_names_and_digits(text: str, copy: int) -> None:
    varied = vary(text, copy, {})
    assert [c for c in varied if not c.isdigit()] == [c for c in text if not c.isdigit()]


def test_the_stream_is_the_real_files_then_copies(tmp_path: Path) -> None:
    real = []
    for i in range(3):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Report from Runcorn on day {i * 100}.\n")
        real.append(path)
    copies = tmp_path / "copies"
    files = stream_files(real, 8, copies)
    assert files[:3] == real and len(files) == 8
    assert all(f.parent.parent == copies for f in files[3:])
    texts = [f.read_text() for f in files]
    assert len(set(texts)) == 8, "every copy differs from its original"
    assert stream_files(real, 2, copies) == real[:2]
    assert distinct_share(["a", "b", "a", "c"]) == 0.75
