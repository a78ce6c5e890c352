"""Provides the reduction of a headline to the terms that story matching compares."""

from __future__ import annotations

import re
import unicodedata

from newstui.stories.stopwords import STOPWORDS

# A word, with inner apostrophes and dots kept so that "Gox's", "U.S." and "7.1" stay one token.
_WORD = re.compile(r"\w+(?:['.]\w+)*")
# Scripts written without spaces between words: a run of them is split into overlapping
# character pairs, the usual unit for matching Chinese and Japanese text without a dictionary.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_TERMS = 32
"""At most this many terms a headline: a title is ~10; a pathological one costs no more."""


# French and Italian elided articles and prepositions: "l'économie" is "économie".
_ELIDED = frozenset(["c", "d", "j", "l", "m", "n", "qu", "s", "t", "all", "dall", "dell", "nell"])


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def _plural(word: str) -> str:
    """Plural folding, English and Romance: "recalls"/"recall", "elephants"/"elephant". Not
    "-ss" ("Ross") and not short words, where an "s" is rarely a plural ("gas", "bus")."""
    if len(word) > 4 and word[-1] == "s" and word[-2] != "s":
        return word[:-1]
    return word


def _fold(word: str) -> str:
    """One spelling for the forms of a word with apostrophes, dots or digits: possessive,
    elision, dotted abbreviation, then plural -s (`_plural`)."""
    if word.endswith("'s"):
        word = word[:-2]
    head, apostrophe, rest = word.partition("'")
    if apostrophe and head in _ELIDED:
        word = rest
    if _DIGIT.search(word) is None:
        # "U.S." -> "us" would meet the pronoun; "mt.gox" -> "mtgox" meets "MtGox".
        word = word.replace("'", "").replace(".", "")
    return _plural(word) if word.isalpha() else word


def terms(text: str) -> list[str]:
    """The content terms of `text`, in order, with repeats: casefolded, NFKC-normalised, folded
    (see `_fold`), without function words (`stopwords.STOPWORDS`) and one-letter words; runs of
    Chinese or Japanese characters become overlapping character pairs; terms without a letter
    are marked with NUMBER. At most `MAX_TERMS`. ~30 us a headline."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    unspaced = _UNSPACED.search(text) is not None
    out: list[str] = []
    for word in _WORD.findall(text):
        if word.isalpha() and not unspaced:  # the common case, kept short
            if word not in STOPWORDS:
                word = _plural(word)
                if len(word) > 1 and word not in STOPWORDS:
                    out.append(word)
        elif unspaced and _UNSPACED.search(word):
            out.extend(_pairs(word))
        else:
            word = _fold(word)
            if len(word) > 1 and word not in STOPWORDS:
                out.append(word if _LETTER.search(word) else NUMBER + word)
        if len(out) >= MAX_TERMS:
            break
    return out[:MAX_TERMS]


def _pairs(word: str) -> list[str]:
    """Overlapping character pairs of the unspaced runs of `word`, its other parts as words."""
    out: list[str] = []
    last = 0
    for run in _UNSPACED.finditer(word):
        rest = word[last : run.start()]
        if len(rest) > 1:
            out.append(rest if _LETTER.search(rest) else NUMBER + rest)
        chars = run.group()
        out.extend(chars[i : i + 2] for i in range(max(1, len(chars) - 1)))
        last = run.end()
    rest = word[last:]
    if len(rest) > 1:
        out.append(rest if _LETTER.search(rest) else NUMBER + rest)
    return out


NUMBER = "#"
"""The mark `terms` puts before a term without a letter ("#2014", "#7.1")."""


def is_word(term: str) -> bool:
    """Whether `term` has a letter (is not marked NUMBER): numbers ("2014", "10") are too often
    dates to be evidence on their own, though they add to the similarity when words agree."""
    return not term.startswith(NUMBER)
