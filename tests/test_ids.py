from hypothesis import given
from hypothesis import strategies as st

from storyline import ids


def test_article_id_ignores_case_and_whitespace_but_not_words() -> None:
    a = ids.article_id("Talks end", "Delegations met\n on  Monday.")
    assert a == ids.article_id("talks END", "Delegations met on Monday.")
    assert a != ids.article_id("Talks end", "Delegations met on Tuesday.")


def test_same_text_from_two_outlets_stays_two_articles() -> None:
    text = "Russia and Ukraine met in Istanbul."
    assert ids.article_id("t", text, "https://a.example/x") != ids.article_id(
        "t", text, "https://b.example/x"
    )


def test_moving_words_between_title_and_body_changes_the_id() -> None:
    assert ids.article_id("ab", "c") != ids.article_id("a", "bc")


@given(st.text(), st.text())
def test_id_depends_only_on_canonical_content(title: str, text: str) -> None:
    assert ids.article_id(title, text) == ids.article_id(f"  {title} ", f"{text}\n")
    assert len(ids.article_id(title, text)) == 17


def test_event_and_story_ids_have_kind_prefixes() -> None:
    event = ids.event_id("a123")
    assert event.startswith("e") and ids.story_id(event).startswith("s")
    assert len(event) == 17
