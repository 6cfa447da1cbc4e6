"""What a fetched body is read as: the media types feeds are really served with."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.live.fetch import SUFFIX_OF_TYPE, sniffed_type

RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = (
    b'\xef\xbb\xbf<?xml version="1.0"?><!-- generated --><feed xmlns="http://www.w3.org/2005/Atom">'
)


@pytest.mark.parametrize(
    "declared",
    [
        "application/rss+xml",
        "application/x-rss+xml",
        "application/atom+xml",
        "application/x-atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    ],
)
def test_every_feed_type_is_read_as_a_feed(declared: str) -> None:
    assert SUFFIX_OF_TYPE[sniffed_type(declared, RSS) or ""] == ".xml"


@pytest.mark.parametrize("declared", ["text/plain", "application/octet-stream", ""])
@pytest.mark.parametrize("body", [RSS, ATOM, b"  <rdf:RDF xmlns:rdf='x'>"])
def test_a_feed_body_under_a_generic_type_is_read_as_a_feed(declared: str, body: bytes) -> None:
    assert sniffed_type(declared, body) == "application/xml"


def test_generic_bodies_that_are_no_feed() -> None:
    assert sniffed_type("text/plain", b"Talks resumed in Istanbul.") == "text/plain"
    assert sniffed_type("application/octet-stream", b"<!DOCTYPE html><html>") == "text/html"
    assert sniffed_type("application/octet-stream", b"\x89PNG\r\n\x1a\n") is None
    assert sniffed_type("", b"<!-- never closed <rss>") is None


@given(st.sampled_from(["", "text/plain", "application/octet-stream", "text/html"]), st.binary())
def test_sniffing_never_fails_and_names_a_readable_type(declared: str, body: bytes) -> None:
    found = sniffed_type(declared, body)
    assert found is None or found in SUFFIX_OF_TYPE
