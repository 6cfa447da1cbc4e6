"""Page-noise removal: boilerplate and repeated headlines go, prose stays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest.noise import is_boilerplate, remove_noise

from .conftest import PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "Live Index (1428 articles)",
        "(12 comments)",
        "Comments (3)",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Read more",
        "Read more »",
        "Subscribe",
        "Subscribe to our newsletter",
        "Skip to content",
        "We use cookies to improve your experience. Accept all cookies",
        "This website uses cookies. By continuing you agree to our cookie policy.",
        "© 2025 The Daily Example. All rights reserved.",
        "By Staff Reporter",
        "Follow us on Twitter",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        *PARAGRAPHS,
        "High Tensions Following Ukrainian Drone Strike",  # a subheading is content
        "Read more about the talks in our earlier report on the first round in May.",
        "Copyright law was changed in 2020 to protect news publishers.",
        "Subscribers to the service said the cookies sent by the bakery were stale.",
        "By contrast, the Russian delegation arrived the previous evening.",
        "More than 40 warplanes were damaged (about 34 percent of the fleet).",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_repeated_title_and_short_lines_are_dropped() -> None:
    lines = [
        "Ukraine, Russia resume talks in Istanbul",
        PARAGRAPHS[0],
        "  ukraine,  RUSSIA resume talks in istanbul ",
        "Key points",
        PARAGRAPHS[1],
        "Key Points",
        "Advertisement",
        PARAGRAPHS[2],
    ]
    kept = remove_noise(lines, title="Ukraine, Russia resume talks in Istanbul")
    assert kept == [PARAGRAPHS[0], "Key points", PARAGRAPHS[1], PARAGRAPHS[2]]


def test_repeated_long_paragraphs_are_kept() -> None:
    # Only short lines count as template repeats; a long paragraph may be a quote.
    assert remove_noise([PARAGRAPHS[0], PARAGRAPHS[0]]) == [PARAGRAPHS[0], PARAGRAPHS[0]]


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    remaining = iter(big)
    return all(any(item == candidate for candidate in remaining) for item in small)


LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Advertisement",
            "Read more",
            "(5 comments)",
            "Headline",
            "headline",
            "",
            "  ",
            *PARAGRAPHS,
        ]
    ),
)


@given(lines=st.lists(LINE, max_size=30), title=st.one_of(st.none(), st.text(max_size=40)))
def test_output_is_an_ordered_subset_of_input(lines: list[str], title: str | None) -> None:
    kept = remove_noise(lines, title)
    assert _is_subsequence(kept, lines)
    assert all(line.strip() for line in kept)


@given(lines=st.lists(st.sampled_from(PARAGRAPHS), max_size=10))
def test_prose_paragraphs_always_survive(lines: list[str]) -> None:
    kept = remove_noise(lines, title="A headline")
    assert kept == lines
