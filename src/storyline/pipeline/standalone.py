"""Whether a sentence can be read alone, out of the article it came from.

A summary shows sentences without their neighbours, so a sentence that leans
on the one before ("He said…", "The statement added…", "As for Trump…"), a
quotation whose speaker is named elsewhere, or a fragment the sentence splitter
left ("…on 13 July.” with a stray quote mark) reads as nonsense there. This
module says which sentences lean on missing context and, for the commonest
case, a leading "He"/"She" whose person the previous sentence names, how an
editor would repair it: "[Netanyahu] said…".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# First words that point back to something the reader has not seen.
_LEANING_WORDS = frozenset(
    (
        "he she it they this these that those his her its their him them such however but and "
        "also still yet so then instead meanwhile moreover furthermore nonetheless nevertheless "
        "likewise similarly besides indeed thus hence therefore otherwise or nor plus "
        "afterwards both neither another others either notably additionally separately "
        "previously elsewhere again overall ultimately anyway though well now let let's okay "
        # A sentence opening on its verb is a fragment or a question: "Had three husbands".
        "had has have was were is are did does do"
    ).split()
)
_LEANING_PHRASES = (
    "as for ",
    "in addition",
    "even so",
    "at the same time",
    "in response",
    "by contrast",
    "on the other hand",
    "in turn",
    "as a result",
    "for his part",
    "for her part",
    "for their part",
    "in return",
    "after that",
    "before that",
    "the same ",
    "the other ",
    "the latter",
    "the former",
    "the two ",
    "the three ",
    "the four ",
    "if so",
)
# "The statement said…", "The files show…", "The man was jailed…": a definite noun
# that stands for what the article named just before.
_POINTING_NOUNS = frozenset(
    (
        "statement files documents document report letter move decision comments remarks "
        "announcement incident measure step claims allegations tweet post message video "
        "footage images photos spokesman spokeswoman official officials source sources "
        "man woman boy girl couple pair victim victims suspect defendant accused teenager "
        "youngster pensioner mother father agency company firm group ministry department "
        "organisation organization words"
    ).split()
)
# Reporting verbs: a quotation with one of these outside its quotation marks names
# (or at least points to) its speaker in the same sentence.
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|stated|states|declared|"
    r"insisted|warned|explained|argued|claimed|announced|tweeted|posted|noted|continued|"
    r"replied|responded|admitted|denied|quoted|according to|described|called|urged|"
    r"testified|recalled|acknowledged|confirmed|suggested|told)\b",
    re.IGNORECASE,
)
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:(?:he|she|they|it)\s+(?:said|says|added|adds|told|wrote|asked)|"
    r"(?:said|says|added|adds|told|asked)\s+(?:he|she|they))\b",
    re.IGNORECASE,
)
# "…, it said." / "…, he added.": the speaker is whoever the article named before.
_PRONOUN_CREDIT = re.compile(
    r",\s*(?:he|she|it|they)\s+(?:said|says|added|adds|wrote|told \w+)[\s\w]{0,20}[.!?]$",
    re.IGNORECASE,
)
# A person's pronoun before anyone is named: "In her old age, she refused…".
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|his|her|him)\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+")
# Capitalised first words that are not names: "In her old age, she…".
_PLAIN_OPENERS = frozenset(
    "the a an in on at after before during when while as for with from by despite although "
    "though since because if once until not to of described asked speaking having being "
    "unlike like according".split()
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_ENDS_WELL = re.compile(r"[.!?][\"”’')\]]*$")
# A place in capitals, perhaps with a state's short name ("WEST PALM BEACH, Fla. —") or
# an agency in brackets ("LONDON (Reuters) -").
# After an agency's bracket the dash may touch the text ("WASHINGTON (Reuters)-The…");
# after a bare place it may not ("U.S.-backed" is no dateline).
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:,\s+[A-Z][a-z]{1,4}\.)?"
    r"(?:\([^)]{1,40}\)\s*[-–—:]+\s*|\s*[-–—:]+\s+)"
)
_OPENING_PRONOUN = re.compile(r"^(He|She|His|Her)\b(?=\s)")


def _first_words(text: str) -> str:
    return text.lstrip("\"'“‘( ").lower()


# "Despite this ultimatum…", "After these talks…": a demonstrative in the opening words.
_POINTING_OPENING = re.compile(r"^(?:[\w'’-]+,?\s+){0,2}(?:this|these|those)\b")


# "In a neighbourhood where kids have little, those programs…": the subject after an
# opening clause points back.
_POINTING_AFTER_CLAUSE = re.compile(r"^[^,\"“]{0,80},\s+(?:this|these|those|they|he|she|it)\b")


def leans_on_context(text: str) -> bool:
    """Whether the sentence opens by pointing at something said before it."""
    opening = _first_words(text)
    if _POINTING_OPENING.match(opening) or _POINTING_AFTER_CLAUSE.match(opening):
        return True
    if _BARE_QUANTIFIER.match(opening):
        return True
    first = opening.split(maxsplit=1)
    if not first:
        return True
    if re.split("['’]", first[0].strip(",;:"))[0] in _LEANING_WORDS:
        return True
    if opening.startswith(_LEANING_PHRASES):
        return True
    words = opening.split()
    if len(words) < 2 or words[0] != "the":
        return False
    # The noun itself or after one word that qualifies it ("The Republican officials…").
    nouns = (re.split("['’]", w.strip(",;:"))[0] for w in words[1:3])
    return any(noun in _POINTING_NOUNS for noun in nouns)


def pronoun_before_name(text: str, first_name: int | None = None) -> bool:
    """A person's pronoun that comes before any name. ``first_name`` is where the
    sentence's first name starts, when entity extraction has said (-1: it names no
    one); without it, a capitalised word stands for a name (an opener word aside)."""
    pronoun = _PERSON_PRONOUN.search(text)
    if pronoun is None:
        return False
    if first_name is not None:
        return first_name < 0 or pronoun.start() < first_name
    body = text.lstrip("\"'“‘( ")
    start = len(text) - len(body)
    names = [
        m
        for m in _NAME.finditer(text)
        if m.start() > start or m.group().lower() not in _PLAIN_OPENERS
    ]
    return not names or pronoun.start() < names[0].start()


def quote_marks_balanced(text: str) -> bool:
    if text.count('"') % 2:
        return False
    return text.count("“") == text.count("”")


def speakerless_quotation(text: str) -> bool:
    """A quotation with no speaker named in the sentence (or only "he said")."""
    if text.lstrip().startswith(("'", "‘")):  # a quotation in single marks ("'Being…' she told")
        return bool(_PRONOUN_SPEAKER.search(text)) or not _REPORTING.search(text)
    if not _QUOTED.search(text):
        return False
    outside = _QUOTED.sub(" ", text)
    if not _REPORTING.search(outside):
        return True
    return bool(_PRONOUN_SPEAKER.search(outside))


# Links, handles and embedded posts are page furniture, not sentences.
_FURNITURE = re.compile(r"https?://|pic\.twitter\.com|www\.|(?:^|\s)@\w")
# "Some forged signatures…": a quantifier standing for people named before.
_BARE_QUANTIFIER = re.compile(
    r"^(?:some|many|few|several|most|others)\s+(?:\w+ed|were|are|have|had|said|say|will|would)\b"
)


def is_fragment(text: str) -> bool:
    """A piece of a sentence: no end mark, a lower-case start, a stray quote mark, or
    page furniture (a link, a handle)."""
    body = text.strip()
    if not body or not _ENDS_WELL.search(body) or _FURNITURE.search(body):
        return True
    first = body.lstrip("\"'“‘(")[:1]
    if first.islower():
        return True
    return not quote_marks_balanced(body)


def stands_alone(text: str, inside_quotation: bool = False, first_name: int | None = None) -> bool:
    """Whether a reader understands the sentence without the one before it
    (``first_name``: see :func:`pronoun_before_name`)."""
    return not (
        inside_quotation
        or leans_on_context(text)
        or is_fragment(text)
        or text.rstrip("\"”’' ").endswith("?")  # a question asks, it does not report
        or bool(_PRONOUN_CREDIT.search(text))
        or pronoun_before_name(text, first_name)
        or speakerless_quotation(text)
    )


def without_dateline(text: str) -> str:
    """The sentence without a leading dateline ("LONDON (Reuters) - ")."""
    return _DATELINE.sub("", text, count=1)


def inside_quotations(texts: Sequence[str]) -> list[bool]:
    """For an article's sentences in order: whether each starts inside a quotation
    an earlier sentence opened (its speaker is named there, not here)."""
    inside, out = False, []
    for text in texts:
        out.append(inside)
        for mark in re.findall('["“”]', text):
            inside = not inside if mark == '"' else mark == "“"
    return out


def with_named_subject(text: str, person: str) -> str | None:
    """An opening "He"/"She" ("His"/"Her") replaced by the person's name in brackets,
    the way an editor marks a word that is not the source's."""
    match = _OPENING_PRONOUN.match(text)
    if match is None:
        return None
    possessive = match.group(1) in ("His", "Her")
    name = f"[{person}'s]" if possessive else f"[{person}]"
    return name + text[match.end() :]
