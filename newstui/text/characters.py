"""Provides the one policy on which characters of feed text are kept, which are dropped, and how
rows of the list and of tables show the rest (width-ambiguous sequences, right-to-left text)."""

# Kept, because writing needs them: U+200C ZERO WIDTH NON-JOINER (Persian "half-space", Indic
# scripts), U+200D ZERO WIDTH JOINER (emoji sequences such as woman + ZWJ + laptop, Indic letter
# forms), variation selectors (U+FE00-FE0F, U+E0100-E01EF), LRM/RLM/ALM marks (they steer only
# neutral characters next to them, and right-to-left text is isolated where shown in a row),
# emoji tag sequences (the flags of Scotland, Wales, England).
# Dropped, because they can hurt: C0 and C1 controls but tab and newline (terminal escapes go
# whole, in sanitize.py), bidi embeddings, overrides and isolates U+202A-202E, U+2066-2069 (they
# reorder what follows, and an unclosed one the rest of the row), invisible characters that hide
# or smuggle text (U+200B ZERO WIDTH SPACE, U+2060-2064, U+FEFF, soft hyphen, U+180E, U+FFF9-FFFB,
# tag characters outside an emoji tag sequence), lone surrogates.

from __future__ import annotations

import re
import unicodedata
from functools import cache

UNWANTED_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 but \t \n \r (\r is normalised separately)
    "\x7f-\x9f"  # DEL and C1
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator (formerly a space, now invisible)
    "\u200b"  # zero-width space
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner and invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # BOM / zero-width no-break space
    "\ufff9-\ufffb"  # interlinear annotations
    "\ud800-\udfff"  # lone surrogates
    "\U000e0000-\U000e007f"  # tag characters (but see _TAG_SEQUENCE)
)
"""The characters dropped from every text newstui keeps, as the body of a regex class."""

# The patterns of the class are compiled at their first use: re's compiler takes ~3-5 M
# instructions for each (the surrogates' range is walked character by character), which the
# ticker's start spent before its first frame for nothing (benchmarks/first_frame.py).


@cache
def unsafe() -> re.Pattern[str]:
    """Matches what no kept text may contain: a dropped character, or a carriage return (kept
    line breaks are "\\n")."""
    return re.compile(f"[{UNWANTED_CLASS}\r]")


# UTS #51 emoji tag sequence: a black flag, tag characters, CANCEL TAG.
_TAG_SEQUENCE = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"


@cache
def _unwanted() -> re.Pattern[str]:
    return re.compile(f"({_TAG_SEQUENCE})|[{UNWANTED_CLASS}]+")


def drop_unwanted(text: str) -> str:
    """Text without the dropped characters (emoji tag sequences are kept whole)."""
    return _unwanted().sub(lambda m: m.group(1) or "", text)


# --- rows ---------------------------------------------------------------------------------------
#
# Terminals disagree on the width of some sequences, and a row whose text is wider or narrower
# than counted pushes or pulls the columns after it (a stray border in the list, a ragged table).
# Measured in tmux 3.3a against Rich 15's cell_len: U+FE0F after a text-style character
# ("☀️", "✈️", "❤️") is 1 cell in tmux, 2 in Rich; a skin-tone modifier ("👍🏽") 4 in tmux,
# 2 in Rich; ZWJ joins "a" + ZWJ + "b" into 1 cell in Rich, 2 in tmux; other tmux builds and
# terminals draw woman + ZWJ + laptop in 4 cells where Rich counts 2. Without the presentation
# selectors, the modifiers and the joiners, every one of these is the same width in Rich and in
# tmux (the parts side by side). So a row shows that reduced text; the data and the reading
# pane keep the text whole.
_WIDTH_AMBIGUOUS = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]+")
_RTL = frozenset({"R", "AL"})
FSI = "\u2068"
"""FIRST STRONG ISOLATE: opens an isolate whose direction is its text's own (UAX #9)."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: closes it."""


def row_text(text: str) -> str:
    """Text for a cramped column of a row: without the sequences terminals draw at different
    widths (see above), so the cells Rich counts are the cells terminals draw, but for spacing
    marks (see cells)."""
    if text.isascii():
        return text
    return _WIDTH_AMBIGUOUS.sub("", text)


def cells(text: str) -> int:
    """Terminal cells of row text printed as it is (the plain tables of the commands).

    Rich's count, plus one for each spacing combining mark (Unicode category Mc: the vowel
    signs of Devanagari, Bengali, Malayalam, Sinhala... "दि" is DA + VOWEL SIGN I), which Rich 15
    counts as no cell while wcwidth terminals (glibc's wcwidth: tmux 3.3a, xterm, VTE,
    Konsole) draw each in a cell of its own: measured in tmux 3.3a, "दि" moves the cursor 2
    cells. Removing the marks would misspell every such word, so rows keep them and count them.
    """
    from rich.cells import cell_len

    count = cell_len(text)
    if text.isascii():
        return count
    category = unicodedata.category
    return count + sum(1 for c in text if category(c) == "Mc" and cell_len(c) == 0)


def has_rtl(text: str) -> bool:
    """True when text holds a right-to-left letter (bidi class R or AL: Hebrew, Arabic...)."""
    if text.isascii():
        return False
    bidirectional = unicodedata.bidirectional
    return any(bidirectional(c) in _RTL for c in text)


def isolate(text: str) -> str:
    """Right-to-left text wrapped in FSI ... PDI (both zero cells wide), so a terminal that
    reorders bidi text reorders it within its own column and never the row around it; other
    text as it is. The text must hold no isolates of its own (drop_unwanted removes them)."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def cut(text: str, width: int) -> str:
    """Row text (row_text) of at most `width` terminal cells (cells), ending with "…" when cut;
    a wide character that would straddle the edge is left out."""
    text = row_text(text)
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    kept: list[str] = []
    used = 0
    for char in text:
        used += cells(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def pad(text: str, width: int) -> str:
    """Row text isolated where right-to-left and padded with spaces to `width` terminal cells
    (cells; never cut: see cut)."""
    text = row_text(text)
    return isolate(text) + " " * max(0, width - cells(text))
