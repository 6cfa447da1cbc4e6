"""Time expressions: recognition, exact spans and TIMEX3 values on fixed anchors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.dates import calendar_day, find_dates
from storyline.extract.timex_rules import RULES
from storyline.extract.timex_scan import RuleScanner
from storyline.models import Article, DateRef, TimexType

from ..conftest import SEEDS, seed

MONDAY = date(2025, 6, 2)  # the seeds' publication day, a Monday
THIRD_ROUND = date(2025, 7, 23)  # seed 003 reports the third round of talks


def refs(text: str, anchor: date | None = MONDAY) -> list[DateRef]:
    return list(find_dates(Article(id="a", title="", text=text, path="a.txt"), anchor))


def only(text: str, anchor: date | None = MONDAY) -> DateRef:
    found = refs(text, anchor)
    assert len(found) == 1, [(r.text, r.value) for r in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Delegations met in Turkiye on Monday for talks.", "Monday", "2025-06-02"),
        ("Ukraine said on Sunday it launched an attack.", "Sunday", "2025-06-01"),
        ("The two sides will meet again next Monday.", "next Monday", "2025-06-09"),
        ("A decision is due this Friday.", "this Friday", "2025-06-06"),
        ("The leaders will meet on Friday in Ankara.", "Friday", "2025-06-06"),
        ("The first round of talks, held on May 16, ended quickly.", "May 16", "2025-05-16"),
        ("Putin set out his terms last June.", "last June", "2024-06"),
        ("A week ago, he expressed impatience.", "A week ago", "2025-W22"),
        ("Last week, he conveyed frustration.", "Last week", "2025-W22"),
        (
            "Troops crossed the border on February 24, 2022, at dawn.",
            "February 24, 2022",
            "2022-02-24",
        ),
        ("The war has raged since 2022.", "2022", "2022"),
        ("More talks are planned before the end of June.", "the end of June", "2025-06"),
        ("It took over seven weeks to agree.", "over seven weeks", "P7W"),
        ("It was the fastest rate in six months.", "six months", "P6M"),
        ("It took a year and a half of preparation.", "a year and a half", "P1.5Y"),
        ("Officials said yesterday that talks failed.", "yesterday", "2025-06-01"),
        ("The talks end today.", "today", "2025-06-02"),
        ("The president speaks tonight.", "tonight", "2025-06-02TNI"),
        ("Exports fell this year.", "this year", "2025"),
        ("The most drones in the past three years.", "the past three years", "P3Y"),
        ("Attacks came over the weekend.", "the weekend", "2025-W22-WE"),
        ("The army pressed its summer offensive.", "summer", "2025-SU"),
        ("The talks started at 9:25 a.m. sharp.", "9:25 a.m.", "2025-06-02T09:25"),
        ("Prices doubled in the 1990s.", "the 1990s", "199"),
        (
            "Sales rose in the third quarter of fiscal 2024.",
            "the third quarter of fiscal 2024",
            "2024-Q3",
        ),
        ("Russia currently controls a fifth of Ukraine.", "currently", "PRESENT_REF"),
        ("Russia now controls a fifth of Ukraine.", "now", "PRESENT_REF"),
        ("Trump recently issued a warning.", "recently", "PAST_REF"),
        ("The drone hit the bombers a day earlier.", "a day earlier", "2025-06-01"),
        ("The delegation arrived the previous evening.", "the previous evening", "2025-06-01TEV"),
        ("On Sunday evening the channel aired it.", "Sunday evening", "2025-06-01TEV"),
        ("The conflict is in its three-year stretch.", "three-year", "P3Y"),
    ],
)
def test_seed_phrases_on_the_seeds_publication_day(
    sentence: str, expression: str, value: str
) -> None:
    ref = only(sentence)
    assert ref.text == expression
    assert sentence[ref.span.start : ref.span.end] == expression
    assert ref.value == value


def test_two_dates_joined_by_and_are_two_expressions() -> None:
    found = refs("Previous negotiations, held on May 16 and June 2, failed.", THIRD_ROUND)
    assert [(r.text, r.value, r.day) for r in found] == [
        ("May 16", "2025-05-16", date(2025, 5, 16)),
        ("June 2", "2025-06-02", date(2025, 6, 2)),
    ]


def test_last_month_name_counts_back_from_the_anchor_month() -> None:
    assert only("He said so last June.", THIRD_ROUND).value == "2025-06"
    assert only("He said so last June.", MONDAY).value == "2024-06"
    assert only("He said so last July.", THIRD_ROUND).value == "2024-07"


def test_types_days_and_anchors() -> None:
    monday = only("They met on Monday.")
    assert (monday.type, monday.day, monday.anchor) == (TimexType.DATE, MONDAY, "published")
    span = only("It lasted over seven weeks.")
    assert (span.type, span.day, span.anchor) == (TimexType.DURATION, None, "none")
    fixed = only("It began on February 24, 2022.")
    assert (fixed.day, fixed.anchor) == (date(2022, 2, 24), "none")
    morning = only("They met on Tuesday morning.")
    assert (morning.type, morning.value, morning.day) == (
        TimexType.TIME,
        "2025-05-27TMO",
        date(2025, 5, 27),
    )


def test_published_date_is_the_default_anchor_and_anchor_kind_is_kept() -> None:
    article = Article(id="x", title="", text="They met on Sunday.", path="x", published=MONDAY)
    assert find_dates(article)[0].value == "2025-06-01"
    assert find_dates(article)[0].anchor == "published"
    inferred = find_dates(article, date(2025, 7, 23), anchor_kind="inferred")[0]
    assert (inferred.value, inferred.anchor) == ("2025-07-20", "inferred")


def test_without_an_anchor_relative_values_stay_underspecified() -> None:
    assert [(r.value, r.day, r.anchor) for r in refs("Held on May 16 and on Monday.", None)] == [
        ("XXXX-05-16", None, "none"),
        ("XXXX-WXX-1", None, "none"),
    ]
    assert only("It happened last week.", None).value == "XXXX-WXX"
    assert only("It happened on June 3, 2024.", None).value == "2024-06-03"


def test_words_that_only_look_like_dates_are_left_alone() -> None:
    assert refs("Theresa May met a second round of critics; prices may fall.") == []
    assert refs("The army sent 2000 troops and a quarter of its tanks.") == []
    assert [r.text for r in refs("The EU prepared its 18th package of sanctions.")] == []


def test_far_past_and_far_future_years_do_not_break_anything() -> None:
    assert only("The Normans landed on October 14, 1066.").value == "1066-10-14"
    assert only("A capsule opens on May 16, 9999.").value == "9999-05-16"
    # Resolving "next year" or "yesterday" would leave the calendar: no value, no crash.
    assert refs("We meet next year.", date(9999, 12, 31)) == []
    assert refs("We met yesterday.", date(1, 1, 1)) == []
    assert only("We met on Monday.", date(1, 1, 1)).value == "0001-01-01"


def test_calendar_day_reads_days_and_times_only() -> None:
    assert calendar_day("2025-06-02") == date(2025, 6, 2)
    assert calendar_day("2025-06-01TEV") == date(2025, 6, 1)
    assert calendar_day("2025-W22") is None and calendar_day("XXXX-05-16") is None
    assert calendar_day("2025-02-30") is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
def test_real_seed_article_reads_right() -> None:
    from storyline.ingest import read_inputs
    from storyline.settings import Settings

    article = next(a for a in read_inputs([seed("004")], Settings()) if isinstance(a, Article))
    assert article.published == MONDAY
    found = {(r.text, r.value) for r in find_dates(article)}
    assert {
        ("Sunday evening", "2025-06-01TEV"),
        ("May 16", "2025-05-16"),
        ("Last week", "2025-W22"),
        ("over a year and a half", "P1.5Y"),
        ("2022", "2022"),
        ("Monday", "2025-06-02"),
    } <= found


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            [
                *"0123456789 ,.-:'/aAmMpPy\n",
                "May ",
                "June ",
                "Monday ",
                "last ",
                "next ",
                "year",
                "week",
                "ago ",
                "the ",
                "a.m. ",
                "quarter ",
                "and a half ",
                "1990s ",
                "third ",
                "fiscal ",
                "Christmas ",
            ]
        ),
        max_size=40,
    ).map("".join),
    anchor=st.none() | st.dates(),
)
def test_any_text_and_any_anchor_never_crash_and_spans_slice(
    text: str, anchor: date | None
) -> None:
    article = Article(id="h", title="", text=text, path="h")
    previous_end = 0
    for ref in find_dates(article, anchor):
        assert text[ref.span.start : ref.span.end] == ref.text
        assert ref.span.start >= previous_end  # in order, never overlapping
        previous_end = ref.span.end
        assert ref.value
        if ref.day is not None:
            assert ref.value.startswith(ref.day.isoformat())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for ref in find_dates(Article(id="u", title="", text=text, path="u"), MONDAY):
        assert text[ref.span.start : ref.span.end] == ref.text


def test_path_is_unused_so_any_article_works(tmp_path: Path) -> None:
    article = Article(id="p", title="t", text="On Monday.", path=str(tmp_path / "p.txt"))
    assert find_dates(article) and find_dates(article)[0].value == "XXXX-WXX-1"


# -- the scanner tries each rule only where it can begin ----------------------
def rule_by_rule(text: str) -> list[tuple[int, int, int]]:
    """What scanning the whole text once per rule finds: (start, rule, end)."""
    return sorted(
        (m.start(), index, m.end())
        for index, rule in enumerate(RULES)
        for m in rule.pattern.finditer(text)
    )


def scanned(text: str) -> list[tuple[int, int, int]]:
    return sorted((m.start(), index, m.end()) for index, m in RuleScanner(RULES).matches(text))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
def test_scanner_finds_what_every_rule_finds_on_the_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert scanned(text) == rule_by_rule(text), path.name


# Every word any rule may begin with, capitalised or not, and what may follow it.
_START_WORDS = sorted({word for rule in RULES for word in rule.starts})
_PIECES = [
    *(f"{w} " for w in _START_WORDS),
    *(f"{w.capitalize()} " for w in _START_WORDS),
    *"0123456789 ,.-:'/\n",
    "years ",
    "weeks ",
    "ago ",
    "old ",
    "of ",
    "ended ",
    "June ",
    "Monday ",
    "quarter ",
    "ſ",
    "K",
    "İ",
    "mid",
    "June",
    "2024 ",
    "a.m. ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_scanner_matches_rule_by_rule_scanning_on_any_text(text: str) -> None:
    assert scanned(text) == rule_by_rule(text)


# -- conventions of TimeML and of news English --------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Reupke, 52 years old, will succeed him.",
        "A 61-year-old man was arrested.",
        "Sixteen-year-old Jane won.",
        "Employees 55 years old or older may retire.",
    ],
)
def test_ages_are_not_time_expressions(sentence: str) -> None:
    assert refs(sentence) == []


def test_the_age_of_an_event_is_still_a_duration() -> None:
    ref = only("Extremists opposed the 8-month-old truce.")
    assert (ref.text, ref.value) == ("8-month-old", "P8M")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("But in June last year, the leadership split.", "June last year", "2024-06"),
        ("In January this year, police arrived.", "January this year", "2025-01"),
        ("Talks resume in March next year.", "March next year", "2026-03"),
        ("Revenue was $76 million for the year ended March 31.", "the year", "P1Y"),
        ("It expects a loss for the fiscal year ending June 30.", "the fiscal year", "P1Y"),
        ("It forecast an increase for the full year.", "the full year", "2025"),
        ("In nineteen ninety-one Keating was convicted.", "nineteen ninety-one", "1991"),
        (
            "January nineteen ninety-seven. Atlanta again.",
            "January nineteen ninety-seven",
            "1997-01",
        ),
        (
            "A promise to halve unemployment by the year two thousand.",
            "the year two thousand",
            "2000",
        ),
    ],
)
def test_news_conventions(sentence: str, expression: str, value: str) -> None:
    ref = refs(sentence)[0]  # "the year ended March 31" also holds "March 31"
    assert (ref.text, ref.value) == (expression, value)


def test_counts_that_read_like_years_are_left_alone() -> None:
    assert refs("Two thousand troops and nineteen tanks crossed.") == []
    assert refs("He is player of the year.") == []
