"""RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds, parsed without trusting the XML.

Feeds come from the network, so the XML is parsed with defusedxml and any
DTD, entity declaration or external reference is refused outright: that
closes "billion laughs" entity bombs and external-entity file reads. The
parsed tree is then walked directly; item fields are matched by local name,
so namespace prefixes in the wild do not matter.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import defusedxml
import defusedxml.ElementTree as SafeET

from ..errors import InputError
from ..models import DateSource
from .build import Draft, http_url, outlet_from_url, sane_outlet
from .datelines import parse_date_value
from .fragments import fragment_lines

# More items than this in one feed is a dump, not a feed; the rest is refused.
MAX_FEED_ITEMS = 10_000

UNSAFE = "feed declares a DTD or entities; refused for safety"
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_ITEM_NAMES = frozenset({"item", "entry"})
# Preferred sources of an item's text, best first.
_TEXT_FIELDS = ("encoded", "content", "description", "summary")
_DATE_FIELDS = ("pubdate", "published", "issued", "date", "updated", "modified")
_AUTHOR_FIELDS = ("creator", "author")


def local_name(tag: object) -> str:
    """``{namespace}name`` → ``name``, lower-cased; comments and PIs give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def parse_xml(data: bytes, label: str) -> ET.Element:
    """Parse untrusted XML, refusing DTDs and entities; raise InputError on failure."""
    if not data.strip():
        raise InputError(label, "empty file")
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden) as exc:
        raise InputError(label, UNSAFE) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise InputError(label, UNSAFE) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":", 1)[0]
        raise InputError(
            label, f"malformed XML feed at line {line}, column {column}: {message}"
        ) from exc
    return root


def is_feed(root: ET.Element) -> bool:
    return local_name(root.tag) in _FEED_ROOTS


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local_name(child.tag) == name]


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in _children(element, name):
        text = "".join(child.itertext()).strip()
        if text:
            return text
    return None


def _strip_namespaces(element: ET.Element) -> None:
    for node in element.iter():
        if isinstance(node.tag, str):
            node.tag = local_name(node.tag)


def _content_lines(element: ET.Element) -> list[str]:
    """Text of a content/description element: plain, escaped HTML, or inline XHTML."""
    if len(element):
        # Inline XHTML (Atom type="xhtml"): serialise the children as markup.
        _strip_namespaces(element)
        inner = (element.text or "") + "".join(
            ET.tostring(child, encoding="unicode") for child in element
        )
        return fragment_lines(inner)
    return fragment_lines(element.text or "")


def _item_lines(item: ET.Element) -> list[str]:
    for name in _TEXT_FIELDS:
        for element in _children(item, name):
            lines = _content_lines(element)
            if lines:
                return lines
    return []


def _item_link(item: ET.Element) -> str | None:
    for link in _children(item, "link"):
        # Atom: <link rel="alternate" href="..."/>; RSS: <link>url</link>.
        if link.get("rel", "alternate") != "alternate":
            continue
        url = http_url(link.get("href") or link.text)
        if url:
            return url
    for guid in _children(item, "guid"):
        if guid.get("isPermaLink", "true").lower() != "false":
            url = http_url(guid.text)
            if url:
                return url
    return None


def _item_author(item: ET.Element) -> str | None:
    for name in _AUTHOR_FIELDS:
        for element in _children(item, name):
            # Atom nests the name: <author><name>Jane</name></author>.
            text = _child_text(element, "name") or "".join(element.itertext()).strip()
            if text:
                return text
    return None


def _item_published(item: ET.Element) -> date | None:
    """The first parseable date among the item's date fields, most specific first."""
    for name in _DATE_FIELDS:
        text = _child_text(item, name)
        if text:
            parsed = parse_date_value(text)
            if parsed is not None:
                return parsed
    return None


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """Channel-level facts shared by every item."""

    outlet: str | None
    link: str | None


def _channel(root: ET.Element) -> ET.Element:
    channels = _children(root, "channel")
    # RSS 2.0 puts items inside <channel>; Atom and RSS 1.0 put them at the root.
    return channels[0] if channels and local_name(root.tag) == "rss" else root


def _feed_info(root: ET.Element) -> FeedInfo:
    channel = _channel(root)
    link = _item_link(channel)
    return FeedInfo(outlet=sane_outlet(_child_text(channel, "title")), link=link)


def _items(root: ET.Element) -> list[ET.Element]:
    channel = _channel(root)
    return [child for child in channel if local_name(child.tag) in _ITEM_NAMES]


def _item_outlet(item: ET.Element, url: str | None, info: FeedInfo) -> str | None:
    """Who published the item: the site its link points to, not whoever made the feed.

    An aggregator's feed ("Top stories") links to many outlets. The item's own
    RSS ``<source>`` names its outlet; else the feed's title does when the item
    links to the feed's own site; else the link's domain.
    """
    named = sane_outlet(_child_text(item, "source"))
    if named:
        return named
    domain = outlet_from_url(url)
    feed_domain = outlet_from_url(info.link)
    if domain is None or domain == feed_domain:
        return info.outlet or domain or feed_domain
    return domain


def item_draft(item: ET.Element, info: FeedInfo, label: str) -> Draft:
    """A draft article from one feed item; raise InputError if it has no text."""
    lines = _item_lines(item)
    if not lines:
        raise InputError(label, "feed item has no text (no content, description or summary)")
    url = _item_link(item)
    return Draft(
        path=label,
        paragraphs=lines,
        title=_child_text(item, "title"),
        url=url,
        outlet=_item_outlet(item, url, info),
        published=_item_published(item),
        date_source=DateSource.METADATA,
        byline=_item_author(item),
    )


def feed_drafts(root: ET.Element, path: str) -> Iterator[Draft | InputError]:
    """One draft (or the reason it failed) per item, labelled ``path#N``."""
    info = _feed_info(root)
    for index, item in enumerate(_items(root), start=1):
        label = f"{path}#{index}"
        if index > MAX_FEED_ITEMS:
            yield InputError(
                label, f"feed has more than {MAX_FEED_ITEMS:,} items; the rest were not read"
            )
            return
        try:
            yield item_draft(item, info, label)
        except InputError as exc:
            yield exc
