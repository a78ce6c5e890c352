"""Tests article lengths as readers count them: words of spaced scripts, characters of Chinese and
Japanese, both for mixed text, and the reading pane's line from them."""

from __future__ import annotations

import pytest

from newstui.articles.cache import status_line
from newstui.articles.extract import extract_article
from newstui.articles.length import Length, count_words, measure
from newstui.models import Article

JAPANESE = "東京の空は今日も晴れていて、多くの人々が公園で散歩を楽しんでいました。"  # 35 characters
CHINESE = "北京今天天气晴朗，许多人在公园里散步。"  # 17 characters (and 2 punctuation marks)


def _page(paragraphs: list[str], charset: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<html><head><meta charset="{charset}"><title>記事</title></head>'
        f"<body><article><h1>記事</h1>{body}</article></body></html>"
    )
    return html.encode(charset)


def test_a_shift_jis_page_is_counted_in_characters_not_paragraphs() -> None:
    article = extract_article(_page([JAPANESE] * 20, "shift_jis"))
    assert article is not None
    line = status_line(article)
    # 20 paragraphs of 33 kana and Han each (the 2 punctuation marks are no character read).
    assert "660 characters" in line
    assert "words" not in line
    assert line.endswith("· 2 min read")  # 660 / 357 characters a minute


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("The quick brown fox — jumps!", Length(5)),
        ("Быстрая лиса прыгает", Length(3)),
        ("빠른 갈색 여우가 점프한다", Length(4)),  # Hangul is spaced: words
        (JAPANESE, Length(0, 33, japanese=True)),
        (CHINESE, Length(0, 17)),
        (f"Apple の新しい iPhone 16 は{JAPANESE}", Length(3, 38, japanese=True)),
        ("iPhone発売", Length(1, 2)),
    ],
)
def test_measure_counts_each_script_as_its_readers_do(text: str, length: Length) -> None:
    assert measure(text) == length


def test_latin_text_counts_as_before() -> None:
    text = "It's 9:30 — the U.S. team (of 11) won; ... * - and so on."
    assert count_words(text) == sum(1 for t in text.split() if any(c.isalnum() for c in t))


@pytest.mark.parametrize(
    ("length", "minutes"),
    [
        (Length(230), 1),
        (Length(0, 2550), 10),  # Chinese: 255 characters a minute
        (Length(0, 3570, japanese=True), 10),  # Japanese: 357
        (Length(1150, 1785, japanese=True), 10),  # both, summed
    ],
)
def test_reading_minutes_sum_words_and_characters(length: Length, minutes: int) -> None:
    assert length.minutes() == minutes


def test_the_line_names_both_in_mixed_text_and_recounts_old_cached_rows() -> None:
    # A row cached before counted each run of Japanese between spaces as one word.
    cached = Article("題", f"# 題\n\nTokyo news {JAPANESE}\n\n{JAPANESE}", words=4)
    assert status_line(cached) == "Full text · 2 words + 67 characters · 1 min read"
    latin = Article("T", "# T\n\n" + "word " * 460, words=460)
    assert status_line(latin) == "Full text · 460 words · 2 min read"
