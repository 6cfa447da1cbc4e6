"""Labels for events and stories: a headline a reader can scan, never a teaser.

An article's own headline is the best label when it reads as one: short, a
statement, not a question or a line addressed to the reader ("Did the earth
move for you?", "Well it's better late than never, Tara."). Many articles
have no headline at all (a text file whose first line is its lead), so the
fallback is a label cut from the lead: the first sentence that states
something, without its dateline or its "officials said", shortened at a
clause boundary. That keeps who, what and where, which is what a lead puts
first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from ..models import Article
from ..nlp.sentences import sentence_texts
from .standalone import without_dateline

# Added to a member's closeness to its event's centre when the event chooses its
# label: any real headline is preferred to a label cut from a lead (closeness is
# at most 1, so this outweighs any difference in it).
HEADLINE_WEIGHT = 2.0
# A headline is rarely longer; a title this long is the lead used as a title.
MAX_HEADLINE_WORDS = 16
# A label cut from a lead keeps about this many words.
LABEL_WORDS = 12
# A clause boundary this early would leave too little to say what happened.
MIN_CLAUSE_WORDS = 5
# Sentences of the text looked at for a lead label.
LEAD_SENTENCES = 6
# Sentences read for the names that make a label when no sentence will do.
NAME_SENTENCES = 30
LABEL_NAMES = 3
# The label of an article with nothing to make one from.
UNLABELLED = "Untitled report"

_FIRST_PERSON = re.compile(r"^[\"'“‘(]*(?:I|I'm|I’m|I've|I’ve|We|We're|We’re|My|Our|Us|Me)\b")
_SPEAKER_I = re.compile(r"(?<![\w.])I(?:'m|’m|'ve|’ve|'d|’d)?(?![\w.])")
_ADDRESSED = re.compile(r"\b(?:you|your|you're|you’re|you've|you’ve)\b", re.IGNORECASE)
# Openings of lines that tease or comment rather than say what happened.
_TEASER_OPENING = re.compile(
    r"^[\"'“‘(]*(?:well|so|here's|here’s|here is|here are|this is|these are|that's|that’s|"
    r"it's|it’s|there's|there’s|what|why|how|who|when|guess|meet|watch|look|oh|wow|yes|no|okay|ok|"
    r"he|she|they|he's|she's|they're)\b",
    re.IGNORECASE,
)
# Page furniture in front of a headline: "BREAKING NEWS-", "Breaking:", "UPDATE 2-".
_FURNITURE = re.compile(
    r"^(?:breaking(?: news)?|update(?: \d+)?|exclusive|watch|video|live|just in)\s*[-–—:|]+\s*",
    re.IGNORECASE,
)
# "..., officials said." / "..., according to police." at the end of a lead.
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:[^,]{0,60}\s)?(?:said|says|say|reported|reports|announced|told reporters)"
    r"(?:\s(?:on\s)?\w+day|\sin a statement|\son \w+(?: \w+)?)?[.!]?$"
    r"|,\s*according to [^,]{1,60}[.!]?$",
    re.IGNORECASE,
)
# "Police said (that) ..." / "Authorities say ..." at the start of a lead.
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s){1,4}(?:said|says|say)(?:\s+(?:on\s+)?\w+day)?"
    r"\s+(?:that\s+)?(?=[A-Za-z0-9])"
)
# Where a long lead may be cut: before a clause that adds circumstance, not the news.
_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s[-–—]+\s|\s(?=(?:after|when|while|as|because|but|who|which|despite|amid|"
    r"following|before|since|although|though|where)\s)"
)
# A lead that opens with circumstance ("After a long trial, ...", "According to
# police, ...") says what happened after the comma.
_LEADING_CLAUSE = re.compile(
    r"^(?:after|as|when|while|despite|following|taking|according to|in|with|amid|before|since|"
    r"although|though|if|because|not because|even as|once|for|on)\b[^,]{0,120},\s",
    re.IGNORECASE,
)
# "Bettie Page, the 1950s pinup model, died ..." -> "Bettie Page died ...";
# "The judge, Mr Justice Morland, said ..." -> "The judge said ...".
_APPOSITIVE = re.compile(
    r"^(?P<name>(?:[\w.'’-]+\s){0,3}[\w.'’-]+)"
    r"(?:,\s(?:(?:an?|the|who|whose|which)\s[^,]{0,120}|\d{1,3}|"
    r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,4})){1,2},\s(?=[a-z])"
)
# "I confirmed yesterday that ...", "We learned on Monday that ...": the writer's own
# attribution in front of the news.
_WRITER_REPORTS = re.compile(
    r"^[\"'“‘]*(?:I|We)\s+(?:[\w’']+\s+){1,4}?that\s+(?=\S)", re.IGNORECASE
)
# A run of capitalised words: a name, a place, an organisation.
_NAME = re.compile(r"\b[A-Z][\w.'’-]+(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w.'’-]+)*")
_NOT_NAMES = frozenset("I The A An He She It They We This That But And In On At".split())
_WORDS = re.compile(r"\S+")
# What opens an aside after a comma: "…, who …," "…, a mother of 12, …", "…, 34, …".
_APPOSITION_OPENS = re.compile(r"(?:who|whose|which|a|an|the|\d{1,3}\b|called|known as)\s*")
# Words a cut label must not end on.
_DANGLING = frozenset(
    "a an the of in at for to and or on with by from into as his her its their this that".split()
)


@dataclass(frozen=True, slots=True)
class ArticleLabel:
    """What an article would call its event, and whether that is its own headline."""

    text: str
    headline: bool  # the article's own headline, not one cut from its lead


def article_label(article: Article) -> ArticleLabel:
    """The article's own headline when it reads as one; else a label cut from its lead."""
    headline = own_headline(article)
    if headline is not None:
        return ArticleLabel(headline, True)
    lead = lead_label(article.text)
    if lead is not None:
        return ArticleLabel(lead, False)
    return ArticleLabel(names_label(article.text) or UNLABELLED, False)


def label_weight(label: ArticleLabel) -> float:
    """What the label adds to its article's claim to name the event."""
    return HEADLINE_WEIGHT if label.headline else 0.0


def own_headline(article: Article) -> str | None:
    """``article.title`` when it is a real headline that reads as a statement."""
    title = without_furniture(" ".join((article.title or "").split()))
    if not title or title.endswith("…"):  # "…": ingest cut the first line to make a title
        return None
    words = len(_WORDS.findall(title))
    if words > MAX_HEADLINE_WORDS:
        return None
    if article.text.startswith(title) and title[-1] in ".!?":
        return None  # the lead sentence standing in for a headline
    if title.rstrip("\"'”’) ").endswith(".") and words > MAX_HEADLINE_WORDS // 2:
        return None  # a sentence, not a headline
    return title if states_something(title) else None


def lead_label(text: str) -> str | None:
    """A short label from the first sentences of ``text`` that state something."""
    for sentence in first_sentences(text, LEAD_SENTENCES):
        sentence = reported_clause(without_dateline(sentence).strip())
        if len(_WORDS.findall(sentence)) < 3 or not states_something(sentence):
            continue
        return shorten(sentence)
    return None


def reported_clause(sentence: str) -> str:
    """What a writer reports, without the writer: "I confirmed yesterday that Obama has
    offered the job" -> "Obama has offered the job"; other sentences unchanged."""
    match = _WRITER_REPORTS.match(sentence)
    if match is None:
        return sentence
    rest = sentence[match.end() :]
    return (
        rest[:1].upper() + rest[1:] if len(_WORDS.findall(rest)) >= MIN_CLAUSE_WORDS else sentence
    )


def names_label(text: str) -> str | None:
    """The names the text repeats most ("Sanjay Gupta · CNN · Surgeon General"): the who
    and where of an article whose opening states nothing a label could use."""
    counts: Counter[str] = Counter()
    for sentence in first_sentences(text, NAME_SENTENCES):
        for match in _NAME.finditer(sentence):
            name = re.sub(r"['’]s$", "", match.group().rstrip("."))
            if match.start() > 0 and name not in _NOT_NAMES:
                counts[name] += 1
    # Most repeated first; among equals, the fuller name (a person's whole name).
    ranked = sorted(counts, key=lambda n: (-counts[n], -len(n.split())))
    return " · ".join(ranked[:LABEL_NAMES]) or None


def first_sentences(text: str, count: int) -> list[str]:
    """Up to ``count`` sentences from the start of ``text``."""
    return list(islice(sentence_texts(text), count))


def states_something(line: str) -> bool:
    """False for a question, an exclamation, a line in the first person or addressed
    to the reader, and a teaser opening ("Well…", "Here's why…", "It's a party…")."""
    stripped = line.rstrip("\"'”’) ")
    if "?" in line or stripped.endswith("!"):
        return False
    if _FIRST_PERSON.match(line) or _ADDRESSED.search(line) or _SPEAKER_I.search(line):
        return False
    return not _TEASER_OPENING.match(line)


def without_furniture(title: str) -> str:
    """The title without a "BREAKING NEWS-" style tag in front."""
    return _FURNITURE.sub("", title, count=1).strip()


def shorten(sentence: str) -> str:
    """A lead sentence cut to a label: attribution dropped, cut at a clause boundary."""
    text = without_shouting(" ".join(sentence.split()))
    text = _TRAILING_ATTRIBUTION.sub("", text)
    text = _APPOSITIVE.sub(r"\g<name> ", text, count=1)
    trimmed = _LEADING_CLAUSE.sub("", text, count=1)
    if trimmed != text and len(_WORDS.findall(trimmed)) >= MIN_CLAUSE_WORDS:
        text = trimmed[:1].upper() + trimmed[1:]
    opened = _LEADING_ATTRIBUTION.sub("", text, count=1)
    if len(_WORDS.findall(opened)) >= MIN_CLAUSE_WORDS:
        text = opened[:1].upper() + opened[1:]
    text = text.rstrip(" .;:,")
    words = _WORDS.findall(text)
    if len(words) <= LABEL_WORDS + 2:  # a little over is better than a cut
        return text
    cut = _clause_cut(text)
    if cut is not None:
        return cut
    kept = words[:LABEL_WORDS]
    while len(kept) > MIN_CLAUSE_WORDS and kept[-1].lower().strip(",;:") in _DANGLING:
        kept.pop()
    return " ".join(kept).rstrip(" ,;:-–—") + "…"


def without_shouting(text: str) -> str:
    """A newspaper lead's capitalised opening words in ordinary case: "A BABY of four days
    was killed" -> "A Baby of four days was killed". A line all in capitals is a
    headline's style and is left alone."""
    words = text.split(" ")
    shouted = 0
    while shouted < len(words) and _is_shouted(words[shouted]):
        shouted += 1
    if shouted == 0 or shouted == len(words) or not any(c.islower() for c in text):
        return text
    fixed = [w[:1] + w[1:].lower() for w in words[:shouted]]
    return " ".join(fixed + words[shouted:])


def _is_shouted(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (len(letters) > 1 or word == "A")


def _clause_cut(text: str) -> str | None:
    """``text`` up to its first clause boundary, when that keeps enough to say what
    happened and no more than a label holds."""
    inside = False  # within ", who ..., " or ", a ..., ": the verb comes after it
    for match in _CLAUSE_BREAK.finditer(text):
        words = len(_WORDS.findall(text[: match.start()]))
        if words > LABEL_WORDS + 2:
            return None
        comma = match.group().startswith(",")
        if comma and inside:
            inside = False
            continue
        if comma and _APPOSITION_OPENS.match(text, match.end()):
            inside = True
            continue
        if words >= MIN_CLAUSE_WORDS:
            return text[: match.start()].rstrip(" ,;:-–—")
    return None
