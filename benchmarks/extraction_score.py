"""Provides the scoring of the article-extraction benchmark: halves, shingle F1, intervals."""

from __future__ import annotations

import hashlib
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence

HALVES = ("dev", "check")
RESAMPLES = 2000

_TOKEN = re.compile(r"\w+")

Scores = tuple[float, float, float]
"""One page's TP, FP and FN shares."""


def half(page_id: str) -> str:
    """The page's half, fixed for good: the first byte of the SHA-256 of its id, even or odd."""
    return HALVES[hashlib.sha256(page_id.encode()).digest()[0] % 2]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    # A text shorter than n tokens still counts as one (short) shingle, as in evaluate.py.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(true: str, pred: str) -> Scores:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pages: Sequence[Scores]) -> Scores:
    precisions = [_precision(*s) for s in pages if s[0] + s[1] > 0]
    recalls = [_recall(*s) for s in pages if s[0] + s[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bootstrap(
    ours: Sequence[Scores], theirs: Sequence[Scores] | None, seed: int = 16
) -> tuple[float, float]:
    """95 % percentile interval of F1(ours) - F1(theirs) (of F1(ours) alone when theirs is
    None), resampling pages with replacement, both sides with the same pages."""
    rng = random.Random(seed)
    n, values = len(ours), []
    for _ in range(RESAMPLES):
        picks = [rng.randrange(n) for _ in range(n)]
        value = score([ours[i] for i in picks])[2]
        if theirs is not None:
            value -= score([theirs[i] for i in picks])[2]
        values.append(value)
    values.sort()
    return values[int(0.025 * RESAMPLES)], values[int(0.975 * RESAMPLES) - 1]


def visible_text(markdown: str) -> str:
    """Markdown as a reader sees it: the text markdown-it-py's "gfm-like" parser (the one
    Textual's Markdown widget uses) finds in it, blocks apart, link targets and markers gone."""
    from markdown_it import MarkdownIt

    parts: list[str] = []
    for token in MarkdownIt("gfm-like").parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        elif token.nesting == -1 and token.block:
            parts.append("\n\n")
    return "".join(parts)


def without_title(document: str) -> str:
    """A printed article without its leading "# title" line (the ground truth has no title)."""
    return document.partition("\n")[2] if document.startswith("# ") else document
