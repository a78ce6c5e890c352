"""Provides watchlist terms: a word or phrase found in text case-insensitively, as whole words,
in any script.

The rules, each for a kind of text headlines carry:
- Case and width are folded (NFKC, then casefold: "ＡＩ" and "ai", "STRASSE" and "straße"), and
  so are accents of Latin, Greek and Cyrillic letters ("Sao Paulo" finds "São Paulo"), as
  `headlines --search` does. Marks of other scripts are kept: in Thai or Devanagari a mark makes
  another word (ข่าว "news" is not ขาว "white").
- Whole words: a term does not match inside a longer word ("Ukraine" is not in "Ukrainian").
  Word characters are letters, marks and digits of any script (Unicode categories L, M, N).
- Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer,
  Myanmar, Tibetan) have no word edges to look for: a term in them matches anywhere, and a Latin
  term next to them is a whole word ("AI" in "AI搭載"). Korean is written with spaces but its
  particles join the word before them: a term matches with Hangul attached after it (지진 in
  지진이, AI in AI가).
- A phrase's words may be apart by any run of spaces and punctuation ("central bank" finds
  "Central-Bank" and "central\nbank"), except across a sentence's end ("... central. Bank ...")
  unless the phrase itself spans one ("U.S. Fed"); words of spaceless scripts may also touch.
- A `*` at a term's start or end lets the word go on there: "bank*" finds "banking", and
  "*زلزال" finds "والزلزال" (Arabic and Hebrew join articles and prepositions to the word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

WILDCARD = "*"


@cache
def _latin_marks() -> re.Pattern[str]:
    """Combining marks after a Latin, Greek or Cyrillic letter (their accents), once decomposed.
    Compiled at the first text folded that is not ASCII: ~3 M instructions of re's compiler
    that the ticker's start spent before its first frame (the watchlist loads with the app)."""
    return re.compile(
        r"(?<=[\u0000-\u052f\u1e00-\u1fff])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+"
    )


_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA9E0, 0xA9FF),  # Myanmar extended B
    (0xAA60, 0xAA7F),  # Myanmar extended A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and on
)
"""Code point ranges of scripts written without spaces between words (Unicode's blocks)."""

_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))

_SENTENCE_ENDS = frozenset(".!?;:…。！？；：｡؟۔।॥።፧჻")
"""Punctuation that ends a sentence or clause: a phrase does not match across one followed by
a space (or across one of the ideographic ones, which take no space)."""
_IDEOGRAPHIC_ENDS = frozenset("。！？；：｡")


def fold(text: str) -> str:
    """`text` as terms are matched against it: width, case and Latin/Greek/Cyrillic accents
    folded (see the module's rules). ASCII text is only lowercased (the common case, fast)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", _latin_marks().sub("", text))


@lru_cache(maxsize=4096)
def is_word(char: str) -> bool:
    """A letter, mark or digit of any script."""
    return unicodedata.category(char)[0] in "LMN"


def _in(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


@lru_cache(maxsize=4096)
def unspaced(char: str) -> bool:
    """A character of a script written without spaces between words."""
    return _in(char, _UNSPACED)


def _hangul(char: str) -> bool:
    return _in(char, _HANGUL)


def _joined(before: str, after: str) -> bool:
    """Whether two neighbouring characters belong to one word (so no word edge lies between)."""
    return is_word(before) and is_word(after) and not (unspaced(before) or unspaced(after))


_PARAGRAPH = re.compile(r"\n\s*\n")


def _breaks(gap: str) -> bool:
    """Whether a run of non-word characters ends a sentence or a paragraph (a blank line:
    summaries are paragraphs; a single line break is a wrapped line)."""
    if _PARAGRAPH.search(gap) or any(c in _IDEOGRAPHIC_ENDS for c in gap):
        return True
    return any(c in _SENTENCE_ENDS and gap[i + 1 : i + 2].isspace() for i, c in enumerate(gap))


@dataclass(frozen=True)
class Term:
    """One word or phrase of a watchlist, ready to be found in folded text (`fold`)."""

    text: str
    """As the user wrote it."""
    words: tuple[str, ...]
    """Folded, in order; never empty."""
    crosses: tuple[bool, ...]
    """For each gap between two words: the term's own gap ends a sentence, so the text's may."""
    open_start: bool = False
    open_end: bool = False

    def found_in(self, folded: str) -> bool:
        """Whether the term occurs in `folded` (text through `fold`) by the module's rules."""
        first = self.words[0]
        start = folded.find(first)
        while start >= 0:
            if self._edge_before(folded, start):
                end = self._rest(folded, start + len(first))
                if end is not None and self._edge_after(folded, end):
                    return True
            start = folded.find(first, start + 1)
        return False

    def _edge_before(self, text: str, at: int) -> bool:
        return at == 0 or self.open_start or not _joined(text[at - 1], text[at])

    def _edge_after(self, text: str, at: int) -> bool:
        if at >= len(text) or self.open_end:
            return True
        # A Korean particle joins whatever word it follows ("AI가", "지진이").
        return not _joined(text[at - 1], text[at]) or _hangul(text[at])

    def _rest(self, text: str, at: int) -> int | None:
        """Where the phrase's other words end when they follow from `at`, else None."""
        for word, crosses in zip(self.words[1:], self.crosses, strict=True):
            gap_end = at
            while gap_end < len(text) and not is_word(text[gap_end]):
                gap_end += 1
            gap = text[at:gap_end]
            if not gap:
                # Words of spaceless scripts may touch ("中央 银行" finds "中央银行").
                if not (at > 0 and unspaced(text[at - 1]) and unspaced(word[0])):
                    return None
            elif _breaks(gap) and not crosses:
                return None
            if not text.startswith(word, gap_end):
                return None
            at = gap_end + len(word)
        return at


def parse_term(text: str) -> Term:
    """A term from the user's text. Raises ValueError (its text says why) for a term without a
    word, or with a `*` anywhere but at its start or end."""
    stripped = text.strip()
    open_start = stripped.startswith(WILDCARD)
    open_end = stripped.endswith(WILDCARD) and len(stripped) > 1
    inner = stripped[1 if open_start else 0 : len(stripped) - 1 if open_end else len(stripped)]
    if WILDCARD in inner:
        raise ValueError("a * goes only at the start or end of a term")
    folded = fold(inner)
    words: list[str] = []
    crosses: list[bool] = []
    gap = ""
    for run_is_word, run in _runs(folded):
        if not run_is_word:
            gap = run
            continue
        if words:
            crosses.append(_breaks(gap))
        words.append(run)
    if not words:
        raise ValueError("it has no word (letters or digits)")
    if (open_start or open_end) and len(words) == 1 and len(words[0]) < 2:
        raise ValueError("a * needs at least two letters beside it")
    return Term(stripped, tuple(words), tuple(crosses), open_start, open_end)


def _runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut into runs of word and non-word characters."""
    runs: list[tuple[bool, str]] = []
    for char in text:
        kind = is_word(char)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    return runs
