"""Fetch one URL for ingestion without letting the server be turned against its own network.

A URL handed to a public server is untrusted: it can name the server's own
loopback interface, a database on the private network or a cloud metadata
endpoint. So, for every hop (the URL and each redirect):

* only ``http`` and ``https`` are allowed;
* the host is resolved once and every address it resolves to must be
  public (IPv4-mapped IPv6 addresses are judged by the IPv4 address inside);
* the connection goes to the address that was checked, with the original
  ``Host`` header and TLS server name, so a DNS answer that changes between
  the check and the connection (DNS rebinding) cannot redirect it;
* redirects are followed by hand, at most five, each re-checked.

The body is streamed and abandoned as soon as it exceeds the size cap, and
only content types that Storyline can read are accepted. A poller passes the
validators of its last fetch (``ETag``, ``Last-Modified``) and gets a
:class:`Fetched` with ``not_modified`` set when the server says nothing changed.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import StorylineError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""``resolver(host, port)`` -> the IP addresses (as text) that ``host`` resolves to."""

USER_AGENT = "Storyline/1 (+ingest)"
ROBOTS_AGENT = "Storyline"  # the name robots.txt rules address
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 24 * 3600.0
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Media type -> the file suffix whose reader understands it.
SUFFIX_OF_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/rss+xml": ".xml",
    "application/x-rss+xml": ".xml",  # what Python's http.server and many CMSs send for .rss
    "application/atom+xml": ".xml",
    "application/x-atom+xml": ".xml",
    "application/rdf+xml": ".xml",  # RSS 1.0
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/x-ndjson": ".jsonl",
    "application/x-jsonlines": ".jsonl",
}


# Types servers give a body they know nothing about: it is read, then sniffed.
SNIFFED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
READABLE = (
    "Storyline reads HTML (text/html), plain text (text/plain), RSS and Atom feeds "
    "(application/rss+xml, application/x-rss+xml, application/atom+xml, application/xml, "
    "text/xml, or any body that parses as a feed) and JSON lines (application/x-ndjson)"
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.I)


def _first_element(head: bytes) -> bytes:
    """The head of a body from its first element on: past a byte-order mark, the XML
    declaration, comments and processing instructions (no regex backtracking)."""
    rest = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    while rest.startswith((b"<?", b"<!--")):
        end = rest.find(b"?>" if rest.startswith(b"<?") else b"-->")
        if end < 0:
            return b""
        rest = rest[end + (2 if rest.startswith(b"<?") else 3) :].lstrip()
    return rest


def sniffed_type(declared: str, body: bytes) -> str | None:
    """The media type a body is read as: a feed served as plain text or as bytes is a feed.

    None when the body is of no type Storyline reads.
    """
    start = _first_element(body[:8192])
    if declared in ("text/plain", *SNIFFED_TYPES) and _FEED_ROOT.match(start):
        return "application/xml"
    if declared in SUFFIX_OF_TYPE:
        return declared
    if _HTML_ROOT.match(start):
        return "text/html"
    return None


class FetchRefused(StorylineError):
    """The URL may not be fetched (scheme, address, type or size); the caller must change it."""


class FetchFailed(StorylineError):
    """The remote server could not be reached or answered with an error."""

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered at all
        self.retry_after = retry_after  # seconds the server asked us to wait (429, 503)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Which addresses may be contacted.

    ``allow_private`` lifts the address check entirely (for a trusted
    deployment or tests); ``allowed_networks`` lifts it only for the listed
    networks, so a test can allow its own local server and still see every
    other private address refused.
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()
    timeout_seconds: float = 10.0

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` may not be contacted, or None when it may."""
        if self.allow_private or any(address in net for net in self.allowed_networks):
            return None
        return non_public_reason(address)


def non_public_reason(address: IPAddress) -> str | None:
    """The kind of non-public address this is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    )
    for name, hit in checks:
        if hit:
            return name
    # Shared address space (100.64/10), 6to4 relays, documentation ranges...
    return None if address.is_global else "not publicly routable"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the operating system resolves ``host`` to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {host!r}: {exc.strerror}; check the URL") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class Target:
    """One checked hop: where to connect, and what to tell the server it is."""

    url: str  # as requested
    host: str
    address: IPAddress  # the checked address the connection goes to

    def pinned_url(self) -> httpx.URL:
        return httpx.URL(self.url).copy_with(host=str(self.address))


def check_url(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> Target:
    """Resolve ``url``'s host and make sure every address it has may be contacted."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(f"{url!r} is not a valid URL ({exc})") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchRefused(f"only http and https URLs can be fetched, not {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise FetchRefused(f"{url!r} has no host name")
    addresses = [_parse_address(a) for a in _literal_or_resolved(host, port, resolver)]
    if not addresses:
        raise FetchFailed(f"{host!r} resolves to no address; check the URL")
    # Every address must pass: otherwise the one refused could be the one a
    # later connection (or another client library) picks.
    for address in addresses:
        reason = policy.refusal(address)
        if reason:
            raise FetchRefused(
                f"{url} resolves to {address}, a {reason} address; Storyline does not fetch "
                "private or local addresses (pass --allow-private-fetch to subscribe, poll and "
                "serve to allow them, on a trusted network only)"
            )
    return Target(url, host, addresses[0])


def _literal_or_resolved(host: str, port: int, resolver: Resolver) -> Sequence[str]:
    try:
        return [str(ipaddress.ip_address(host))]  # an address literal needs no lookup
    except ValueError:
        return resolver(host, port)


def _parse_address(text: str) -> IPAddress:
    return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and what it is."""

    url: str  # the final URL, after redirects
    media_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # HTTP 304 to a conditional request: the body is empty

    @property
    def suffix(self) -> str:
        return SUFFIX_OF_TYPE[self.media_type]


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last fetch of a URL said about its version, sent back to ask 'changed?'."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def fetch_url(
    url: str,
    max_bytes: int,
    policy: FetchPolicy | None = None,
    resolver: Resolver = system_resolver,
    validators: Validators | None = None,
) -> Fetched:
    """GET ``url`` safely (see the module docstring); raise FetchRefused or FetchFailed."""
    conditional = validators.headers() if validators else {}
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + 3 * policy.timeout_seconds
    timeout = httpx.Timeout(policy.timeout_seconds, connect=min(5.0, policy.timeout_seconds))
    # trust_env=False: a proxy from the environment would connect on our behalf
    # to addresses we never checked.
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            target = check_url(url, policy, resolver)
            location = _get(client, target, max_bytes, deadline, conditional)
            if isinstance(location, Fetched):
                return location
            url = location
    raise FetchRefused(f"more than {MAX_REDIRECTS} redirects; give the final URL instead")


def _get(
    client: httpx.Client,
    target: Target,
    max_bytes: int,
    deadline: float,
    conditional: dict[str, str],
) -> Fetched | str:
    """Fetch one hop: the body, or the absolute URL it redirects to."""
    request = client.build_request(
        "GET",
        target.pinned_url(),
        headers={"Host": _host_header(target), "User-Agent": USER_AGENT, **conditional},
        extensions={"sni_hostname": target.host},  # TLS name and certificate check: the real host
    )
    try:
        response = client.send(request, stream=True)
    except httpx.HTTPError as exc:
        raise FetchFailed(f"cannot fetch {target.url}: {exc or type(exc).__name__}") from exc
    try:
        if response.status_code in REDIRECT_STATUSES:
            where = str(response.headers.get("location", ""))
            if not where:
                raise FetchFailed(f"{target.url} redirects without a Location header")
            return urljoin(target.url, where)
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if response.status_code == 304:
            return Fetched(target.url, "", b"", etag, modified, not_modified=True)
        if response.status_code >= 400:
            raise FetchFailed(
                f"{target.url} answered HTTP {response.status_code}",
                response.status_code,
                retry_after_seconds(response.headers.get("retry-after")),
            )
        declared = media_type(response.headers.get("content-type"))
        if declared not in SUFFIX_OF_TYPE and declared not in SNIFFED_TYPES:
            raise FetchRefused(
                f"{target.url} was served as {declared} (Content-Type), which Storyline does "
                f"not read. {READABLE}."
            )
        body = _read_capped(response, target.url, max_bytes, deadline)
        kind = sniffed_type(declared, body)
        if kind is None:
            raise FetchRefused(
                f"{target.url} was served as {declared or 'no Content-Type'} and its body is "
                f"neither a feed nor a web page. {READABLE}."
            )
        return Fetched(target.url, kind, body, etag, modified)
    finally:
        response.close()


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header (seconds, or an HTTP date) as seconds from now, bounded."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER) if len(value) < 12 else MAX_RETRY_AFTER
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _host_header(target: Target) -> str:
    netloc = urlsplit(target.url).netloc.rsplit("@", 1)[-1]  # never forward credentials
    return netloc


def _read_capped(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"{url} is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:  # counted after decompression: a gzip bomb stops here too
                raise FetchRefused(f"{url} is larger than the limit of {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchFailed(f"{url} is too slow to download; try again later")
            chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchFailed(f"cannot read {url}: {exc or type(exc).__name__}") from exc
    return b"".join(chunks)
