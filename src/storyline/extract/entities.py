"""Names of people, organisations and places in one article, with their roles.

spaCy's small English model finds most names but mislabels or cuts many of
them in news copy. This layer keeps the model's spans and corrects them with
the article's own evidence:

* **Which labels.** PERSON -> person; ORG -> organisation; GPE, LOC and FAC
  -> place. NORP ("Ukrainian", "Nordic") is left out: it marks adjectives and
  groups of people, not things a reader follows; the same goes for a GPE
  span that is only a nationality adjective.
* **Cleaner spans.** A leading "the", a trailing possessive and titles inside
  the span ("President Trump") are moved out; spans that are only title words
  ("Defense" in "Defense Minister") are dropped; a name cut before a particle
  ("Ursula von der" + "Leyen") or an organisation cut after "of" ("the Office
  of the President of" + "Ukraine") is joined up.
* **Missed names.** A capitalised name right after a title ("Defence Minister
  Rustem Umerov"), a listed place, or a repeat of a name found elsewhere in
  the article is added when the model skipped it.
* **Types.** A listed place (:mod:`storyline.extract.gazetteer`) or an
  all-capitals dateline ("ISTANBUL —") is a place; a name with a title, an
  apposition ("Phillips O'Brien, a professor ...") or a following "who" is a
  person; a lone word that is the surname of a person named in full in the
  article is that person. Other repeats of one name take the article's
  majority label.
* **Roles.** A title before the name ("Turkish Foreign Minister"), an
  apposition after it ("Hakan Fidan, the Turkish Foreign Minister") or
  before it ("Zelenskiy's chief of staff, Andriy Yermak") becomes
  :attr:`Mention.role`. A bare office naming a country ("the Ukrainian
  president") becomes a *role mention*: its text and role are the same
  words, and :func:`storyline.extract.resolve.resolve_entities` gives it to
  the one person holding that office, or drops it.

A person guessed in a title-case heading line ("Prisoner Exchanges ...") is
kept only when the same name also appears in running text, since the model
reads most capitalised heading words as names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..models import Article, EntityType, Mention, Span
from .gazetteer import (
    COMPANY_LEGAL_FORMS,
    COUNTRY_ALIASES,
    DEMONYMS,
    NAME_PARTICLES,
    NOT_NAMES,
    OCCUPATIONS,
    PLACE_NAME_FIRST_WORDS,
    PLACE_NAME_LAST_WORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    US_STATES,
    fold,
    is_place,
)
from .towns import is_town

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Span_

LABELS: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_APPOSITION_STOP = frozenset(
    {",", ".", ";", ":", "—", "–", "(", ")", '"', "“", "”", "‘", "’", "who", "which", "that"}
)
_CONNECTORS = frozenset({"of", "for", "and", "on", "&"})
# Papers and recordings named after someone: "the Comey memos" are not Comey.
_DOCUMENT_WORDS = frozenset(
    "memo|memos|email|emails|e-mails|server|servers|files|papers|documents|tapes|dossier|"
    "letters|diaries|leaks".split("|")
)
# Words that open a phrase without being part of the role in it: "and his wife".
_ROLE_OPENERS = frozenset({"and", "or", "but", "his", "her", "their", "its", "the", "a", "an"})
# An apposition starting with one of these is a clause, not a role: ", but the ...".
_NOT_ROLE_START = frozenset({"CCONJ", "SCONJ", "ADV", "PRON", "ADP", "PART"})
_DASHES = ("—", "–", "-", "--")
# Nouns that name a kind of place: "the district of Exarchia", "the Exarchia district".
_PLACE_NOUNS = frozenset(
    "district|neighborhood|neighbourhood|village|villages|town|city|suburb|province|region|"
    "island|port|county|borough|municipality|township|hamlet|capital".split("|")
)
_PLACE_PREPOSITIONS = frozenset({"in", "of", "near", "from", "outside", "at"})
_INSIDE_PREPOSITIONS = frozenset({"in", "near", "outside", "around"})
# Titles only a person bears ("Major" and "Singer" also open organisations' names).
_PERSONAL_TITLES = frozenset(
    "spokesman|spokeswoman|spokesperson|senator|minister|governor|mayor|ambassador|"
    "sheriff|detective|inspector|constable|trooper|professor|dr|dr.|mr|mr.|mrs|mrs.|ms|"
    "ms.|sir|judge|rep.|sen.|gov.|congressman|congresswoman|chancellor|pope".split("|")
)
# Offices and words only a company has: "Ryanair CEO", "Apple shareholders".
_COMPANY_OFFICES = frozenset({"ceo", "cfo", "coo", "chairman", "chairwoman", "shareholders"})
# Kinds of organisation an apposition can name: "the low cost airline, Ryanair,".
_ORGANISATION_NOUNS = frozenset(
    "airline|carrier|company|firm|consortium|maker|manufacturer|group|bank|retailer|"
    "insurer|newspaper|broadcaster|network|agency|startup|club|team|brand|supplier|"
    "operator|giant|conglomerate|contractor|publisher|studio|label|charity|union".split("|")
)
_MAX_ROLE_TOKENS = 12
_MAX_NAME_TOKENS = 5


@dataclass(slots=True)
class _Candidate:
    """A name being assembled: token range ``[start, end)`` and evidence about its type."""

    start: int
    end: int
    label: EntityType
    strong: EntityType | None = None  # a type a rule is sure of
    role: str | None = None
    from_model: bool = True


def find_mentions(article: Article, doc: Doc) -> tuple[Mention, ...]:
    """Named mentions (and role mentions) in ``article``, in text order.

    ``doc`` is ``article.text`` parsed by :func:`storyline.nlp.parse.parse_texts`;
    the tagger is used when present (it sharpens where an apposition ends) but
    only the NER component is required.
    """
    if doc.text != article.text:
        raise ValueError(f"the parsed doc is not the text of article {article.id}")
    candidates = _model_candidates(doc)
    candidates = _join_cut_names(doc, candidates)
    candidates = [part for c in candidates for part in _split_lists(doc, c)]
    candidates = [c for c in (_trim(doc, c) for c in candidates) if c is not None]
    for candidate in candidates:
        _drop_stray_first_word(doc, candidate)
    candidates = _drop_overlaps(candidates + _missed_names(doc, candidates))
    candidates = _drop_heading_guesses(doc, candidates)
    companies = _company_names(doc)
    for candidate in candidates:
        _type_evidence(doc, candidate, companies)
    candidates = [c for c in candidates if c.end > c.start]  # adjectives were emptied
    _attach_roles(doc, candidates)
    _vote_types(doc, candidates)
    mentions = [_mention(article.id, doc, c) for c in candidates]
    mentions += _role_mentions(article.id, doc, candidates)
    trimmed = [t for m in mentions if (t := _without_spaces(m)) is not None]
    return tuple(sorted(trimmed, key=lambda m: (m.span.start, m.span.end)))


def _without_spaces(mention: Mention) -> Mention | None:
    """The mention without the line breaks spaCy can keep inside an entity's edge tokens."""
    text = mention.text
    lead = len(text) - len(text.lstrip())
    kept = text.strip()
    if not kept:
        return None
    if kept == text:
        return mention
    start = mention.span.start + lead
    span = Span(mention.span.article_id, start, start + len(kept))
    role = mention.role.strip() if mention.role == text else mention.role
    return replace(mention, span=span, text=kept, role=role)


# -- spans from the model -----------------------------------------------------
def _model_candidates(doc: Doc) -> list[_Candidate]:
    found = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is not None:
            found.append(_Candidate(ent.start, ent.end, label))
    return found


def _is_capitalised(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _join_cut_names(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Extend names cut before a particle or after "of", swallowing what they overlap."""
    result: list[_Candidate] = []
    skip_until = -1
    for candidate in candidates:
        if candidate.start < skip_until:
            continue
        end = candidate.end
        last = fold(doc[end - 1].text)
        if candidate.label is EntityType.PERSON:
            # "Ursula von der" + "Leyen", or "Ursula" + "von der Leyen"
            while end < len(doc) and fold(doc[end].text) in NAME_PARTICLES and doc[end].is_lower:
                end += 1
            if end > candidate.end or last in NAME_PARTICLES:
                while end < len(doc) and _is_capitalised(doc[end]):
                    end += 1
            elif _cut_at_apostrophe(doc, end) and _is_capitalised(doc[end]):
                end += 1  # "Michael O'" + "Leary" in text split at apostrophes
        elif candidate.label is EntityType.ORGANIZATION and last in _CONNECTORS:
            while end < len(doc) and _is_capitalised(doc[end]):
                end += 1
        elif (
            candidate.label is EntityType.ORGANIZATION
            and end < len(doc)
            and _lone_product_word(doc, end)
            and not _names_a_thing(doc, candidate.start)
        ):
            # "Lockheed" + "Martin" read as a product: a plain capitalised word the model
            # made a product of, right after the company's name, is the rest of it.
            end += 1
        if end == candidate.end or not _is_capitalised(doc[end - 1]):
            result.append(candidate)
            continue
        candidate.end = end
        skip_until = end
        result.append(candidate)
    return result


def _names_a_thing(doc: Doc, start: int) -> bool:
    """Whether a maker's name opens the name of one thing it made: "a Toyota Camry", "a
    grey 2013 Toyota Camry" (an article or a year before it), not "Lockheed Martin"."""
    if start == 0:
        return False
    before = doc[start - 1]
    return before.lower_ in ("a", "an") or before.like_num


def _lone_product_word(doc: Doc, i: int) -> bool:
    """A one-word product entity written like a name ("Martin"), not a model code."""
    token = doc[i]
    return (
        token.ent_type_ == "PRODUCT"
        and token.ent_iob_ == "B"
        and token.is_alpha
        and token.is_title
        and (i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I")
    )


def _cut_at_apostrophe(doc: Doc, end: int) -> bool:
    """Whether a name ends in "O'" or "D'" with its rest in the next word."""
    if end >= len(doc):
        return False
    last = doc[end - 1].text
    if last in ("'", "’") and end >= 2:
        last = doc[end - 2].text + last
    return last[:-1] in ("O", "D") and last[-1:] in ("'", "’")


def _split_lists(doc: Doc, candidate: _Candidate) -> list[_Candidate]:
    """ "Arctic, Siberia and" is two places: split place spans at commas."""
    if candidate.label is not EntityType.PLACE:
        return [candidate]
    parts = []
    start = candidate.start
    for i in range(candidate.start, candidate.end + 1):
        if i == candidate.end or doc[i].text == ",":
            if i > start:
                parts.append(_Candidate(start, i, candidate.label))
            start = i + 1
    return parts


def _trim(doc: Doc, candidate: _Candidate) -> _Candidate | None:
    """Drop articles, possessives and title words from the edges; None if no name is left."""
    start, end = candidate.start, candidate.end
    while start < end and (doc[start].lower_ in _DETERMINERS or not doc[start].text.strip()):
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE
        or not _has_word(doc[end - 1])
        or doc[end - 1].lower_ in _CONNECTORS
        or doc[end - 1].lower_ == "or"
        # An age after a name ("Lord Melchett 51"): no one's name ends in a number.
        or (candidate.label is EntityType.PERSON and doc[end - 1].is_digit)
    ):
        end -= 1
    if candidate.label is not EntityType.PLACE and fold(doc[end - 1].text) in _DOCUMENT_WORDS:
        return None  # "the Comey memos", "Clinton Emails": papers, not someone
    title_end = start
    while title_end < end and _is_title_word(doc[title_end]):
        title_end += 1
    if title_end == end and not _office_name(doc, candidate, start, end):
        return None  # only title words: "Defense" in "Defense Minister ..."
    if candidate.label is EntityType.ORGANIZATION and _titled_person(doc, start, title_end, end):
        candidate.label = EntityType.PERSON  # "Spokeswoman Sandy Angers"
    if candidate.label is EntityType.PERSON:
        title_end = _past_descriptors(doc, start, title_end, end)
    if candidate.label is EntityType.PERSON and title_end > start:
        candidate.role = doc[start:title_end].text
        candidate.strong = EntityType.PERSON
        start = title_end
    if not any(_is_capitalised(t) or t.is_digit for t in doc[start:end]):
        return None
    candidate.start, candidate.end = start, end
    return candidate


def _titled_person(doc: Doc, start: int, title_end: int, end: int) -> bool:
    """A title and then a two- or three-word name, read by the model as one
    organisation: "Spokeswoman Sandy Angers"."""
    if title_end != start + 1 or fold(doc[start].text) not in _PERSONAL_TITLES:
        return False
    name = doc[title_end:end]
    return 2 <= len(name) <= 3 and all(t.is_alpha and t.is_title for t in name)


def _drop_stray_first_word(doc: Doc, candidate: _Candidate) -> None:
    """A sentence's first word taken into the name after it ("Naturally Scott Boras",
    "Unemployed John Jenkin"): dropped when the article writes the rest alone more
    often than with that word."""
    start, end = candidate.start, candidate.end
    if candidate.label is not EntityType.PERSON or end - start < 3:
        return
    first = doc[start]
    if not first.is_sent_start or fold(first.text) in NAME_PARTICLES:
        return
    rest, whole = doc[start + 1 : end].text, doc[start:end].text
    if doc.text.count(rest) > doc.text.count(whole):
        candidate.start = start + 1


def _past_descriptors(doc: Doc, start: int, title_end: int, end: int) -> int:
    """Where a person's name starts after the words that describe them: a nationality
    ("American Hasim Rahman"), a lower-case word ("unbeaten Russian Alexander Povetkin")
    or a title. At least two words are left, so "Ukrainian" alone is not emptied here."""
    first = title_end
    while end - first > 2:
        token = doc[first]
        key = fold(token.text)
        if not (
            key in DEMONYMS
            or _is_title_word(token)
            or (token.is_lower and token.is_alpha and key not in NAME_PARTICLES)
        ):
            break
        first += 1
    return first


def _office_name(doc: Doc, candidate: _Candidate, start: int, end: int) -> bool:
    """An organisation named by title words alone ("the Air Force", "the White House",
    "the Defense Ministry"), not the front of a title ("Defense" in "Defense Minister
    Lloyd Austin"): no office held by a person among its words, and none after it."""
    if candidate.label is not EntityType.ORGANIZATION:
        return False
    if any(fold(t.text) in TITLE_HEADS for t in doc[start:end]):
        return False
    after = doc[end] if end < len(doc) else None
    return after is None or (fold(after.text) not in TITLE_HEADS and not _is_capitalised(after))


def _has_word(token: Token) -> bool:
    return any(c.isalnum() for c in token.text)


def _is_title_word(token: Token) -> bool:
    key = fold(token.text)
    return _is_title_head(key) or (key in TITLE_MODIFIERS and key not in DEMONYMS)


def _is_title_head(key: str) -> bool:
    """An office or an occupation written as a title: "minister", "comedian"."""
    return key in TITLE_HEADS or key in OCCUPATIONS


# -- names the model missed ---------------------------------------------------
def _missed_names(doc: Doc, found: Sequence[_Candidate]) -> list[_Candidate]:
    covered = _covered(found)
    extra = _after_titles(doc, covered)
    covered |= _covered(extra)
    extra += _repeats(doc, list(found) + extra, covered)
    covered |= _covered(extra)
    extra += _listed_places(doc, covered)
    return extra


def _covered(candidates: Iterable[_Candidate]) -> set[int]:
    return {i for c in candidates for i in range(c.start, c.end)}


def _after_titles(doc: Doc, covered: set[int]) -> list[_Candidate]:
    """ "Defence Minister Rustem Umerov": capitalised words right after a capitalised title."""
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not (fold(token.text) in TITLE_HEADS and token.is_title) or i + 1 >= len(doc):
            i += 1
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i <= _MAX_NAME_TOKENS
            and end not in covered
            and _is_capitalised(doc[end])
            and not _is_title_word(doc[end])
            and doc[end].is_alpha
        ):
            end += 1
        if end - (i + 1) >= 2 and not is_place(doc[i + 1 : end].text):
            found.append(_Candidate(i + 1, end, EntityType.PERSON, EntityType.PERSON, None, False))
        i = end
    return found


def _repeats(doc: Doc, found: Sequence[_Candidate], covered: set[int]) -> list[_Candidate]:
    """Other occurrences of a name found once: one name, one reading per article."""
    names: dict[tuple[str, ...], EntityType] = {}
    for candidate in found:
        words = tuple(t.text for t in doc[candidate.start : candidate.end])
        names.setdefault(words, candidate.label)
        if candidate.label is EntityType.PERSON and len(words) > 1:
            names.setdefault(words[-1:], EntityType.PERSON)  # the surname alone
    if not names:
        return []
    longest = max(len(w) for w in names)
    extra = []
    i = 0
    while i < len(doc):
        if i in covered or not _is_capitalised(doc[i]):
            i += 1
            continue
        for width in range(min(longest, len(doc) - i), 0, -1):
            words = tuple(t.text for t in doc[i : i + width])
            if words in names and not covered.intersection(range(i, i + width)):
                if not _inside_capitalised_run(doc, i, i + width):
                    extra.append(_Candidate(i, i + width, names[words], None, None, False))
                    i += width - 1
                break
        i += 1
    return extra


def _inside_capitalised_run(doc: Doc, start: int, end: int) -> bool:
    """Whether the words continue a longer capitalised name ("Trump Tower")."""
    before = start > 0 and _is_capitalised(doc[start - 1]) and not doc[start - 1].is_sent_start
    after = end < len(doc) and _is_capitalised(doc[end]) and not _is_title_word(doc[end])
    return bool(before or after)


def _listed_places(doc: Doc, covered: set[int]) -> list[_Candidate]:
    found = []
    for i, token in enumerate(doc):
        if i in covered or not _is_capitalised(token):
            continue
        for width in (3, 2, 1):
            span = doc[i : i + width]
            if (
                len(span) == width
                and not covered.intersection(range(i, i + width))
                and is_place(span.text)
                and _is_capitalised(span[-1])
            ):
                found.append(
                    _Candidate(i, i + width, EntityType.PLACE, EntityType.PLACE, None, False)
                )
                covered.update(range(i, i + width))
                break
    return found


def _drop_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longer of overlapping candidates (the model's when equal)."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), not c.from_model, c.start))
    taken: set[int] = set()
    kept = []
    for candidate in ordered:
        tokens = set(range(candidate.start, candidate.end))
        if not tokens & taken:
            kept.append(candidate)
            taken |= tokens
    return sorted(kept, key=lambda c: c.start)


# -- headings -----------------------------------------------------------------
def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _is_heading(line: str) -> bool:
    """A short title-case line with no sentence end: most of its words are capitalised."""
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    if len(words) < 3 or len(words) > 20 or line.rstrip().endswith((".", '"', "”")):
        return False
    # Tables and name lists (results, line-ups) have digits, brackets or many commas.
    if any(c.isdigit() for c in line) or "(" in line or line.count(",") > 1:
        return False
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(1 for w in words if len(w) > 3)
    return long_words > 0 and capitalised >= 0.75 * long_words


def _drop_heading_guesses(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    text = doc.text
    in_heading: dict[int, bool] = {}
    body_names: set[str] = set()
    for candidate in candidates:
        line_start, line_end = _line_bounds(text, doc[candidate.start].idx)
        heading = in_heading.setdefault(line_start, _is_heading(text[line_start:line_end]))
        if not heading:
            body_names.add(fold(doc[candidate.start : candidate.end].text))
    kept = []
    for candidate in candidates:
        name = doc[candidate.start : candidate.end].text
        line_start, _ = _line_bounds(text, doc[candidate.start].idx)
        if (
            in_heading.get(line_start)
            and candidate.label is EntityType.PERSON
            and fold(name) not in body_names
            and not is_place(name)
        ):
            continue
        kept.append(candidate)
    return kept


# -- types --------------------------------------------------------------------
def _type_evidence(doc: Doc, candidate: _Candidate, companies: frozenset[str]) -> None:
    """Record a type that a rule is sure of, overriding the model's label."""
    span = doc[candidate.start : candidate.end]
    if candidate.strong is EntityType.PERSON:
        pass  # a title says so ("Insp Gaskin")
    elif (
        is_place(span.text)
        or _is_dateline(doc, candidate)
        or _place_cue(doc, candidate)
        or _shaped_like_place(span)
    ):
        candidate.strong = EntityType.PLACE
    elif _organisation_cue(doc, candidate, companies):
        candidate.strong = EntityType.ORGANIZATION
    elif candidate.end < len(doc) - 1 and _followed_by_who(doc, candidate.end):
        candidate.strong = EntityType.PERSON
    if fold(span.text) in DEMONYMS or fold(span.text) in NOT_NAMES:
        candidate.strong = None
        candidate.label = EntityType.PLACE
        candidate.start = candidate.end  # marks it for removal: an adjective or a code


def _shaped_like_place(span: Span_) -> bool:
    """A name whose own words say it is a place: "Mount Sefton", "Philip Street"."""
    if len(span) < 2 or not _is_capitalised(span[-1]):
        return False
    return fold(span[0].text) in PLACE_NAME_FIRST_WORDS or fold(span[-1].text) in (
        PLACE_NAME_LAST_WORDS
    )


def _place_cue(doc: Doc, candidate: _Candidate) -> bool:
    """Words that only places take: "the port city of Bandar Abbas", "the Exarchia
    district", "in Woodburn, Ore."."""
    start, end = candidate.start, candidate.end
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_NOUNS:
        return True
    if end < len(doc) and doc[end].lower_ in _PLACE_NOUNS and doc[end].is_lower:
        return end + 1 >= len(doc) or doc[end + 1].lower_ != "of"
    if start < 1 or doc[start - 1].lower_ not in _PLACE_PREPOSITIONS:
        return False
    if end + 2 < len(doc) and doc[end].text == "," and _names_region(doc, end + 1):
        return True
    # A town's name where only a place can stand ("living in Christchurch"); "in
    # Toyota's plans" is the company.
    return (
        doc[start - 1].lower_ in _INSIDE_PREPOSITIONS
        and is_town(doc[start:end].text)
        and not (end < len(doc) and doc[end].text in _POSSESSIVE)
    )


def _names_region(doc: Doc, i: int) -> bool:
    """A state, country or region right at ``i``, followed by punctuation or a verb's
    space: "Ore." in "Woodburn, Ore.,", "New Zealand" in "Christchurch, New Zealand"."""
    for width in (3, 2, 1):
        words = doc[i : i + width]
        if len(words) < width:
            continue
        text = words.text
        after = doc[i + width] if i + width < len(doc) else None
        if after is not None and after.text in _POSSESSIVE:
            return False
        if is_place(text) or fold(text).replace(" ", "") in US_STATES:
            return True
    return False


def _organisation_cue(doc: Doc, candidate: _Candidate, companies: frozenset[str]) -> bool:
    """Words that only organisations take: "Ryanair CEO", "the low cost airline,
    Ryanair,", "AirTanker" where the article also writes "AirTanker Ltd."."""
    start, end = candidate.start, candidate.end
    if end < len(doc) and fold(doc[end].text) in _COMPANY_OFFICES:
        return True
    if end - start > 1 and _is_company_suffix(doc[end - 1]):
        return True
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].lower_ in _ORGANISATION_NOUNS:
        return end >= len(doc) or doc[end].text in (",", ".")
    return end - start == 1 and doc[start].text in companies


def _company_names(doc: Doc) -> frozenset[str]:
    """Words the article writes before "Ltd.", "Inc." and the like: company names."""
    return frozenset(
        doc[i - 1].text
        for i in range(1, len(doc))
        if _is_company_suffix(doc[i]) and _is_capitalised(doc[i - 1])
    )


def _is_company_suffix(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.rstrip(".").casefold() in COMPANY_LEGAL_FORMS


def _followed_by_who(doc: Doc, end: int) -> bool:
    first = doc[end]
    if first.text == "," and end + 1 < len(doc):
        return doc[end + 1].lower_ == "who"
    return first.lower_ == "who"


def _is_dateline(doc: Doc, candidate: _Candidate) -> bool:
    """ "ISTANBUL — Delegations ...": capitals at the start of a line, then a dash or comma."""
    span = doc[candidate.start : candidate.end]
    if not span.text.isupper() or candidate.end >= len(doc):
        return False
    line_start, _ = _line_bounds(doc.text, span.start_char)
    if doc.text[line_start : span.start_char].strip():
        return False
    return doc[candidate.end].text in _DASHES or doc[candidate.end].text == ","


def _vote_types(doc: Doc, candidates: list[_Candidate]) -> None:
    """Fix each candidate's type: sure rules first, then surnames, then the majority."""
    people_surnames: set[str] = set()
    for c in candidates:
        if c.end - c.start > 1 and (c.strong or c.label) is EntityType.PERSON:
            people_surnames.add(fold(doc[c.end - 1].text))
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for c in candidates:
        key = fold(doc[c.start : c.end].text)
        if (
            c.strong is None
            and c.end - c.start == 1
            and key in people_surnames
            and not is_place(key)
        ):
            c.strong = EntityType.PERSON
        votes[key][c.strong or c.label] += 3 if c.strong else 1
    for c in candidates:
        if c.strong is not None:
            c.label = c.strong
        else:
            tally = votes[fold(doc[c.start : c.end].text)]
            c.label = max(tally, key=lambda t: (tally[t], t is c.label))


# -- roles --------------------------------------------------------------------
def _attach_roles(doc: Doc, candidates: list[_Candidate]) -> None:
    for candidate in candidates:
        role = (
            candidate.role
            or _title_before(doc, candidate.start)
            or _apposition_after(doc, candidate.end)
            or _apposition_before(doc, candidate.start, candidate.end)
        )
        if role is None or not _may_be_person(doc, candidate):
            continue
        candidate.role = role
        if (
            (candidate.strong is None and candidate.label is not EntityType.PLACE)
            or candidate.strong is EntityType.PERSON
            or candidate.label is EntityType.PERSON
        ):
            candidate.label = EntityType.PERSON
    for candidate in candidates:
        if candidate.label is not EntityType.PERSON:
            candidate.role = None


def _may_be_person(doc: Doc, candidate: _Candidate) -> bool:
    """Organisation names of many words or with "of" are not people mislabelled."""
    if candidate.label is not EntityType.ORGANIZATION or candidate.strong is not None:
        return candidate.label is not EntityType.PLACE or candidate.strong is None
    words = doc[candidate.start : candidate.end]
    return len(words) <= 3 and not any(t.lower_ in _CONNECTORS for t in words)


def _is_role_part(token: Token) -> bool:
    key = fold(token.text)
    return (
        key in TITLE_HEADS
        or key in TITLE_MODIFIERS
        or key in DEMONYMS
        or key in COUNTRY_ALIASES
        or token.text in _POSSESSIVE
        or (token.ent_type_ in ("ORG", "GPE", "NORP") and _is_capitalised(token))
    )


def _title_before(doc: Doc, start: int) -> str | None:
    """ "Turkish Foreign Minister" in "Turkish Foreign Minister Hakan Fidan"."""
    if start == 0 or not _is_title_head(fold(doc[start - 1].text)):
        return None
    first = start - 1
    while first > 0 and start - first < _MAX_ROLE_TOKENS and _is_role_part(doc[first - 1]):
        if doc[first - 1].lower_ in _DETERMINERS:
            break
        first -= 1
    # "a spokesman for Mr. Moon": the title before "for" is someone else's.
    employer = [i for i in range(first, start - 1) if doc[i].lower_ == "for"]
    if employer:
        first = employer[-1] + 1
    while first < start - 1 and (
        doc[first].lower_ in _CONNECTORS or doc[first].text in _POSSESSIVE
    ):
        first += 1
    if _names_someone(doc, first, start):
        return None
    return doc[first:start].text


def _names_someone(doc: Doc, first: int, last: int) -> bool:
    """Whether ``[first, last)`` holds a person's name ("Vice President Pence"): then the
    phrase is about that person, not a role of the name beside it."""
    return any(
        doc[i].ent_type_ == "PERSON" and _is_capitalised(doc[i]) and not _is_title_word(doc[i])
        for i in range(first, last)
    )


def _apposition_after(doc: Doc, end: int) -> str | None:
    """ "spokesman for the Ukrainian Foreign Ministry" in "Heorhii Tykhyi, spokesman for ..."."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if doc[first].lower_ in _DETERMINERS:
        first += 1
    last = first
    while last < len(doc) and last - first < _MAX_ROLE_TOKENS:
        token = doc[last]
        if (
            token.lower_ in _APPOSITION_STOP
            or token.text in _APPOSITION_STOP
            or token.is_sent_start
        ):
            break
        if token.pos_ in ("VERB", "AUX") or (last == first and token.pos_ in _NOT_ROLE_START):
            break
        last += 1
    return _role_phrase(doc, first, last)


def _apposition_before(doc: Doc, start: int, end: int) -> str | None:
    """ "The head of the Ukrainian security service" in "The head of ..., Vasyl Malyuk, who"."""
    if start < 2 or doc[start - 1].text != ",":
        return None
    if end < len(doc) and doc[end].text not in (",", "."):
        return None
    last = start - 1
    first = last
    while first > 0 and last - first < _MAX_ROLE_TOKENS:
        previous = doc[first - 1]
        if previous.is_punct and previous.text not in _POSSESSIVE:
            break
        if doc[first].is_sent_start:
            break
        first -= 1
    if not (doc[first].is_sent_start or doc[first - 1].is_punct):
        return None
    if doc[first].lower_ in _DETERMINERS:
        first += 1
    if any(t.pos_ in ("VERB", "AUX") for t in doc[first:last]):
        return None
    return _role_phrase(doc, first, last)


def _role_phrase(doc: Doc, first: int, last: int) -> str | None:
    """The phrase ``[first, last)`` if its head words hold a title, else None."""
    if last <= first:
        return None
    while first < last and doc[first].lower_ in _ROLE_OPENERS:
        first += 1  # "and his wife" -> "wife"
    heads = [i for i in range(first, min(last, first + 6)) if _is_title_head(fold(doc[i].text))]
    if not heads or _names_someone(doc, first, last):
        return None
    # The title must come before any name: "aide to Russian President Vladimir Putin"
    # is fine; "Vladimir Putin's aide" too, but "Kyiv, the capital" is not a role.
    return doc[first:last].text


def _role_mentions(article_id: str, doc: Doc, candidates: Sequence[_Candidate]) -> list[Mention]:
    """ "the Ukrainian president": an office that names its country, with no name after it."""
    covered = _covered(candidates)
    found = []
    for i, token in enumerate(doc):
        if token.lower_ != "the" or i + 2 >= len(doc):
            continue
        j = i + 1
        country = False
        while j < len(doc) and j - i <= 4:
            key = fold(doc[j].text)
            if key in DEMONYMS or key in COUNTRY_ALIASES or is_place(doc[j].text):
                country = True
            elif key not in TITLE_MODIFIERS or key in _CONNECTORS or key == "the":
                break
            j += 1
        if not country or j >= len(doc) or j in covered:
            continue
        head = doc[j]
        if fold(head.text) not in TITLE_HEADS or not head.is_lower or head.tag_ == "NNS":
            continue
        after = doc[j + 1] if j + 1 < len(doc) else None
        if after is not None and (_is_capitalised(after) or after.lower_ in ("of", ",")):
            continue
        span = doc[i + 1 : j + 1]
        text = span.text
        found.append(
            Mention(Span(article_id, span.start_char, span.end_char), text, EntityType.PERSON, text)
        )
    return found


def _mention(article_id: str, doc: Doc, candidate: _Candidate) -> Mention:
    span = doc[candidate.start : candidate.end]
    return Mention(
        span=Span(article_id, span.start_char, span.end_char),
        text=span.text,
        type=candidate.label,
        role=candidate.role,
    )
