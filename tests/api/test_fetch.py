"""Safe URL fetching: address checks, pinned connections, re-checked redirects, caps."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.live.fetch import (
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    Resolver,
    check_url,
    fetch_url,
    non_public_reason,
)
from storyline.live.uploads import clean_name, name_for_url, shown_path

from .conftest import LOCALHOST, PAGES, REDIRECTS

LOCAL_ONLY = FetchPolicy(allowed_networks=(LOCALHOST,))


def fake_dns(table: dict[str, list[str]]) -> Resolver:
    def resolve(host: str, port: int) -> Sequence[str]:
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("100.64.0.1", "not publicly routable"),
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "::ffff:1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


@given(st.ip_addresses())
def test_the_policy_never_crashes_and_allowing_private_allows_all(address: object) -> None:
    assert isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address)
    reason = FetchPolicy().refusal(address)
    assert reason is None or isinstance(reason, str)
    assert FetchPolicy(allow_private=True).refusal(address) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8000/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
        "http://2130706433/",
        "http://0x7f.1/",
    ],  # 127.0.0.1 in disguise, through the real resolver
)
def test_local_urls_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused, match="address"):
        check_url(url, FetchPolicy())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchRefused, match="only http and https"):
        check_url(url, FetchPolicy())


def test_a_host_with_any_private_address_is_refused() -> None:
    dns = fake_dns({"mixed.test": ["93.184.215.14", "10.0.0.7"]})
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.7, a private"):
        check_url("https://mixed.test/", FetchPolicy(), dns)
    public = fake_dns({"news.test": ["93.184.215.14"]})
    target = check_url("https://news.test/a?b=1", FetchPolicy(), public)
    assert str(target.pinned_url()) == "https://93.184.215.14/a?b=1"  # connect to what was checked


def test_the_connection_goes_to_the_checked_address_with_the_real_host_name(pages: str) -> None:
    port = pages.rsplit(":", 1)[1]
    PAGES["/hello"] = ("text/plain", b"Hello from a pinned connection.\n")
    dns = fake_dns({"news.test": ["127.0.0.1"]})  # no real DNS knows this name
    fetched = fetch_url(f"http://news.test:{port}/hello", 10_000, LOCAL_ONLY, dns)
    assert fetched.body == b"Hello from a pinned connection.\n"
    assert fetched.media_type == "text/plain" and fetched.suffix == ".txt"


def test_each_redirect_is_checked_again(pages: str) -> None:
    port = pages.rsplit(":", 1)[1]
    dns = fake_dns({"news.test": ["127.0.0.1"], "internal.test": ["10.20.30.40"]})
    REDIRECTS["/to-internal"] = "http://internal.test/admin"
    with pytest.raises(FetchRefused, match=r"internal\.test/admin resolves to 10\.20\.30\.40"):
        fetch_url(f"http://news.test:{port}/to-internal", 10_000, LOCAL_ONLY, dns)
    REDIRECTS["/to-metadata"] = "http://169.254.169.254/latest/meta-data/"
    with pytest.raises(FetchRefused, match="link-local"):
        fetch_url(f"{pages}/to-metadata", 10_000, LOCAL_ONLY)
    REDIRECTS["/relative"] = "/hello"
    PAGES["/hello"] = ("text/plain; charset=utf-8", b"hi")
    assert fetch_url(f"{pages}/relative", 10_000, LOCAL_ONLY).url == f"{pages}/hello"


def test_redirect_loops_stop(pages: str) -> None:
    REDIRECTS["/loop"] = "/loop"
    with pytest.raises(FetchRefused, match="more than 5 redirects"):
        fetch_url(f"{pages}/loop", 10_000, LOCAL_ONLY)


def test_size_type_and_status_are_checked(pages: str) -> None:
    PAGES["/big"] = ("text/html", b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(FetchRefused, match="limit is 1,000"):
        fetch_url(f"{pages}/big", 1000, LOCAL_ONLY)
    PAGES["/image"] = ("image/png", b"\x89PNG")
    with pytest.raises(FetchRefused, match="image/png"):
        fetch_url(f"{pages}/image", 1000, LOCAL_ONLY)
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch_url(f"{pages}/missing", 1000, LOCAL_ONLY)


@given(st.text())
def test_upload_names_are_always_plain_file_names(name: str) -> None:
    cleaned = clean_name(name)
    assert cleaned and "/" not in cleaned and "\\" not in cleaned
    assert not cleaned.startswith(".") and len(cleaned) <= 100


def test_upload_names_keep_the_suffix_that_picks_the_reader() -> None:
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("C:\\news\\Front page.html") == "Front_page.html"
    assert clean_name("a" * 300 + ".jsonl").endswith(".jsonl")
    assert name_for_url("https://x.org/world/feed.rss?x=1", ".xml") == "feed.xml"
    assert name_for_url("https://x.org/", ".html") == "x.html"
    assert shown_path(Path("/up"), "/up/0123/feed.xml#3") == "feed.xml#3"
