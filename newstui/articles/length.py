"""Provides an article's length as its readers count it: words of spaced scripts, characters of
Chinese and Japanese, and the minutes a reader needs for both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

WORDS_PER_MINUTE = 230
"""Silent reading of English text by adults: 228 ± 30 words a minute (IReST, Trauzettel-Klosinski
& Dietz, Invest. Ophthalmol. Vis. Sci. 53:5452, 2012); the languages of spaced scripts it measured
lie within about 15 % of it."""
CHINESE_CHARACTERS_PER_MINUTE = 255
"""Silent reading of Chinese: 255 ± 29 characters a minute (IReST, as above)."""
JAPANESE_CHARACTERS_PER_MINUTE = 357
"""Silent reading of Japanese: 357 ± 56 characters a minute (IReST, as above); faster per
character than Chinese, as kana carry less than Han characters."""

_SPACED_WORD = re.compile(r"\w")


@cache
def _unspaced() -> Any:
    """Characters of the scripts written without spaces between words that readers count by the
    character (字, 文字): Han, Hiragana, Katakana. Korean's Hangul is written with spaces and is
    counted in words. Script properties from the `regex` library (the Unicode Character Database),
    not code point ranges of our own."""
    import regex

    return regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


@cache
def _kana() -> Any:
    import regex

    return regex.compile(r"[\p{Hiragana}\p{Katakana}]")


@dataclass(frozen=True)
class Length:
    """`words` of spaced scripts (Latin, Cyrillic, Greek, Hangul, ...) and `characters` of Han
    and kana; `japanese` when the text has kana (its characters are read at Japanese speed)."""

    words: int
    characters: int = 0
    japanese: bool = False

    @property
    def empty(self) -> bool:
        return self.words == 0 and self.characters == 0

    def reading(self) -> float:
        """Minutes a reader needs: the words and the characters each at their rate."""
        rate = JAPANESE_CHARACTERS_PER_MINUTE if self.japanese else CHINESE_CHARACTERS_PER_MINUTE
        return self.words / WORDS_PER_MINUTE + self.characters / rate

    def minutes(self) -> int:
        """Minutes a reader needs, whole, at least one."""
        return max(1, round(self.reading()))

    def describe(self) -> str:
        """ "1,234 words", "4,000 characters", or "120 words + 4,000 characters" for mixed text."""
        parts = []
        if self.words or not self.characters:
            parts.append(f"{self.words:,} words")
        if self.characters:
            parts.append(f"{self.characters:,} characters")
        return " + ".join(parts)


def count_words(text: str) -> int:
    """Whitespace-separated tokens with at least one letter or digit (punctuation is no word),
    once Han and kana are taken out: a run of Japanese between two spaces is no one word."""
    if has_unspaced(text):
        text = _unspaced().sub(" ", text)
    return sum(1 for token in text.split() if _SPACED_WORD.search(token))


def has_unspaced(text: str) -> bool:
    """Whether `text` has any Han or kana character."""
    return _unspaced().search(text) is not None


def measure(text: str) -> Length:
    """The length of plain `text` (markdown.markdown_to_text's): words, and Han and kana
    characters where it has any."""
    if not has_unspaced(text):
        return Length(count_words(text))
    characters = len(_unspaced().findall(text))
    return Length(count_words(text), characters, _kana().search(text) is not None)
