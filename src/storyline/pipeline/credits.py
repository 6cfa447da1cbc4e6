"""Credits: where an article says it took its report from another outlet.

Three forms are recognised, each only for a news organisation (a known
agency or broadcaster, or an outlet that is in the corpus), so that "Ukraine
said" or "state media reported" is not mistaken for a copy credit:

* attribution in the text: "Reuters reported", "as reported by Reuters",
  "according to AFP", "told the Associated Press", "satellite images
  analysed by Reuters";
* a dateline credit: "ISTANBUL (Reuters) -", "KYIV, June 2 (AP) —";
* a sign-off line: "Agencies - Xinhua", "(Reuters)", "Source: AFP",
  "Reporting by ...; Editing by ..." (Reuters' own sign-off).

A phrase in which an outlet is only a witness ("a copy of which was seen by
Reuters") is not a credit: that is how an agency speaks of itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Article, Credit, Span

# Canonical name -> spellings seen in bylines and attributions.
NEWS_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Associated Press": ("Associated Press", "AP"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Bloomberg": ("Bloomberg",),
    "Xinhua": ("Xinhua",),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "TASS": ("TASS",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Ukrinform": ("Ukrinform",),
    "UNIAN": ("UNIAN",),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo",),
    "Yonhap": ("Yonhap",),
    "PTI": ("PTI", "Press Trust of India"),
    "BBC": ("BBC",),
    "CNN": ("CNN",),
    "Al Jazeera": ("Al Jazeera",),
}

_CREDIT_BEFORE = (
    r"(?:according to|as reported by|reported by|told|quoting|cited by|"
    r"analy[sz]ed by|confirmed by|via|citing|reporting by)"
)
_CREDIT_AFTER = r"(?:reported|reports|said|says|wrote|cited|added|quoted)"
# Sign-offs are a few words ("Agencies - Xinhua", "(Reuters)", "Source: AFP").
_SIGN_OFF_MAX_WORDS = 6
_WORD = re.compile(r"\w+")


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


class CreditFinder:
    """Finds credits to the known organisations plus the corpus's own outlets."""

    def __init__(self, extra_outlets: Iterable[str] = ()) -> None:
        self._canonical: dict[str, str] = {}
        for canonical, spellings in NEWS_ORGANISATIONS.items():
            for spelling in spellings:
                self._canonical[spelling.casefold()] = canonical
        for outlet in extra_outlets:
            self._canonical.setdefault(outlet.casefold(), outlet)
        names = _alternation(
            [s for spellings in NEWS_ORGANISATIONS.values() for s in spellings]
            + list(extra_outlets)
        )

        def org(group: str) -> str:
            return rf"(?:the\s+)?(?P<{group}>{names})\b"

        self._attribution = re.compile(
            rf"\b{_CREDIT_BEFORE}\s+{org('before')}|\b{org('after')}\s+{_CREDIT_AFTER}\b",
            re.IGNORECASE,
        )
        self._dateline = re.compile(
            rf"^[A-Z][A-Z .,'-]*(?:,[^()]{{0,30}})?\(\s*{org('org')}\s*\)\s*[-—–]"
        )
        # Lines naming no organisation (most of them) skip the regexes entirely.
        self._first_words = {
            _WORD.findall(name.casefold())[0] for name in self._canonical if _WORD.findall(name)
        }
        self._sign_off = re.compile(rf"(?:^|[\s(\-—–:;])(?P<org>{names})(?:$|[\s)\-—–.;,])")

    def _name(self, raw: str) -> str | None:
        canonical = self._canonical.get(raw.casefold())
        if canonical is None:
            return None
        # Short names (AP, AA, RIA) count only in capitals: "ap" or "Aa" in prose is no agency.
        if len(raw) <= 3 and raw != raw.upper():
            return None
        return canonical

    def find(self, article: Article) -> list[Credit]:
        credits: list[Credit] = []
        offset = 0
        lines = article.text.split("\n")
        for number, line in enumerate(lines):
            credits.extend(self._in_line(article.id, line, offset, number, len(lines)))
            offset += len(line) + 1
        return credits

    def _in_line(
        self, article_id: str, line: str, offset: int, number: int, total: int
    ) -> list[Credit]:
        found: list[Credit] = []
        if self._first_words.isdisjoint(_WORD.findall(line.casefold())):
            return found
        for match in self._attribution.finditer(line):
            if name := self._name(match.group("before") or match.group("after")):
                span = Span(article_id, offset + match.start(), offset + match.end())
                found.append(Credit(article_id, name, span, "attribution"))
        dateline = self._dateline.match(line) if number < 3 else None
        if dateline and (name := self._name(dateline.group("org"))):
            span = Span(article_id, offset + dateline.start(), offset + dateline.end())
            found.append(Credit(article_id, name, span, "dateline"))
        is_short_last_line = number >= total - 3 and len(line.split()) <= _SIGN_OFF_MAX_WORDS
        if is_short_last_line and not line.rstrip().endswith(("?", "!")) and not found:
            for match in self._sign_off.finditer(line):
                if name := self._name(match.group("org")):
                    span = Span(article_id, offset + match.start("org"), offset + match.end("org"))
                    found.append(Credit(article_id, name, span, "sign-off"))
        return found
