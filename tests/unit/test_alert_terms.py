"""Tests watchlist terms: case, whole words in many scripts, phrases across punctuation, `*`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstui.alerts.terms import fold, parse_term


def found(term: str, text: str) -> bool:
    return parse_term(term).found_in(fold(text))


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("earthquake", "Earthquake hits Chile"),
        ("EARTHQUAKE", "7.1 earthquake off the coast"),
        ("earthquake", "Chile: earthquake."),
        ("earthquake", "“Earthquake” fears"),
        ("earthquake", "#earthquake trends"),
        ("Xi", "Xi’s visit to Paris"),
        ("G7", "G7-Gipfel in Elmau"),
        ("Sao Paulo", "Floods in São Paulo"),  # accents fold, as in headlines --search
        ("São Paulo", "SAO PAULO floods"),
        ("straße", "STRASSE gesperrt"),  # casefold, not lower
        ("ＡＩ", "AI rules agreed"),  # full-width folds to ASCII (NFKC)
        ("Zürich", "ZÜRICH Airport"),
        ("Москва", "МОСКВА: новости"),  # Cyrillic case
        ("Αθήνα", "ΑΘΗΝΑ σήμερα"),  # Greek case and tonos
        ("इसरो", "इसरो ने लॉन्च किया"),  # Devanagari, spaced
    ],
)
def test_a_whole_word_matches_in_any_case(term: str, text: str) -> None:
    assert found(term, text)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Ukraine", "Ukrainian troops advance"),
        ("ai", "The maid said"),
        ("G7", "G75 meeting"),
        ("bank", "Riverbank collapses"),
        ("Москва", "Москвакино"),
        ("इसरो", "इसरोके"),  # a letter more is another word
        ("war", "warning issued"),
    ],
)
def test_a_term_inside_a_longer_word_does_not_match(term: str, text: str) -> None:
    assert not found(term, text)


def test_marks_of_other_scripts_are_kept_thai_news_is_not_white() -> None:
    # ข่าว "news" and ขาว "white" differ by a tone mark only.
    assert not found("ข่าว", "ขาวดำ")
    assert not found("ขาว", "ข่าววันนี้")
    assert found("ข่าว", "ข่าววันนี้")


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("地震", "東京で地震が発生"),  # Japanese: no spaces between words
        ("地震", "四川发生地震"),  # Chinese
        ("メルケル", "メルケル首相が"),  # Katakana name before Kanji
        ("แผ่นดินไหว", "เกิดแผ่นดินไหวที่เชียงราย"),  # Thai: earthquake inside a sentence
        ("AI", "AI搭載のスマホ"),  # a Latin word beside Han is whole
        ("中央 银行", "中央银行宣布降息"),  # words of a spaceless phrase may touch
    ],
)
def test_scripts_without_spaces_match_inside_a_run(term: str, text: str) -> None:
    assert found(term, text)


def test_korean_particles_join_the_word_before_them() -> None:
    assert found("지진", "지진이 발생했다")
    assert found("AI", "삼성 AI가 공개됐다")
    assert not found("지진", "대지진")  # the start is still a word's start


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("central bank", "The Central-Bank raised rates", True),
        ("central bank", "central\nbank", True),  # a wrapped line
        ("central bank", "central\n\nbank", False),  # a paragraph ends between
        ("central bank", "central  —  bank", True),
        ("central bank", "the 'central' bank", True),
        ("central bank", "the central. Bank of Japan", False),  # a sentence ends between
        ("central bank", "central bank", True),
        ("central bank", "centralbank", False),
        ("central bank", "central banking", False),
        ("U.S. Fed", "U.S. Fed holds rates", True),  # the phrase itself spans a full stop
        ("u s", "U.S. sanctions", True),
        ("covid-19", "COVID 19 cases", True),
        ("covid-19", "covid19 cases", False),
        ("New York", "New\u00a0York", True),  # a no-break space
    ],
)
def test_phrases_match_across_spaces_and_punctuation_not_sentences(
    term: str, text: str, expected: bool
) -> None:
    assert found(term, text) is expected


def test_a_star_lets_the_word_go_on() -> None:
    assert found("bank*", "banking crisis")
    assert not found("bank*", "riverbank")
    assert found("*bank", "riverbank floods")
    assert found("*زلزال", "والزلزال")  # Arabic joins "and the" to the word
    assert not found("زلزال", "والزلزال")
    assert found("bank*", "bank")


@pytest.mark.parametrize(
    ("term", "why"),
    [
        ("*", "no word"),
        ("  ", "no word"),
        ("!!!", "no word"),
        ("ba*nk", "start or end"),
        ("a*", "two letters"),
    ],
)
def test_unusable_terms_are_refused_with_a_reason(term: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_term(term)


@given(st.text(min_size=1, max_size=30), st.text(max_size=80))
def test_any_text_is_matched_without_error(term: str, text: str) -> None:
    try:
        parsed = parse_term(term)
    except ValueError:
        return
    parsed.found_in(fold(text))


@given(st.from_regex(r"[A-Za-z]{2,12}", fullmatch=True), st.text(max_size=40))
def test_a_word_is_found_where_it_stands_alone(word: str, noise: str) -> None:
    assert found(word, f"{noise} {word.upper()} {noise}")
