"""Provides the choice of a page's article: trafilatura's passes, each result checked, links
restored from a second pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newstui.articles.blocks import drop_link_boxes, link_share, restore_links, text_length
from newstui.articles.trafilatura_compat import extract_body

MIN_ARTICLE_CHARS = 250
"""A result with less text is checked against the next pass: trafilatura's own threshold for
"too short" (MIN_EXTRACTED_SIZE in its settings.cfg), below which it tries its rescues."""
LINK_BOX_SHARE = 0.9
"""A block with at least this share of link text is a box of links (the rest: bullets, pipes)."""
LONGER_BY = 1.5
"""How much longer a later pass's result must be to replace an earlier one that also looks
wrong: trafilatura's own bar for accepting a retry (ESCALATION_ACCEPT_RATIO in its core.py)."""
MAX_LINK_SHARE = 0.5
"""A result whose text is more than this share link text is a box of links (a teaser, a guide,
a list of related stories), not an article: the next pass is tried."""


@dataclass(frozen=True)
class Method:
    """Which steps of the extraction run: all by default. The benchmark turns each off in turn
    to measure what it does (benchmarks/extraction.py, extraction_results.md)."""

    precision: bool = True
    """trafilatura's favor_precision for the first passes: stricter about link-dense blocks,
    teasers and trailing boxes, which the benchmark pages lose precision to."""
    links_off: bool = True
    """Choose the text with links off, then restore links block by block from a pass with links
    on; off: one pass with links on (links change which box the extractor settles on)."""
    link_boxes: bool = True
    """Drop blocks made only of links (related stories, teasers, promos) from the chosen text."""
    validate: bool = True
    """Check each result (length, link share) and try the next pass when it looks wrong."""
    headline: bool = True
    """Title from the page's agreeing sources, taken out of the body when the body opens with it;
    off: a leading level-1 heading, else the meta title."""
    spacing: bool = True
    """Separate words the extractor glued to a link or emphasis, where the page has them apart."""
    escapes: bool = True
    """Drop needless Markdown escapes (underscores inside words, brackets in link text)."""


@dataclass(frozen=True)
class Pass:
    """One trafilatura run: fast skips the comparison with readability and jusText."""

    name: str
    fast: bool
    precision: bool


@dataclass
class Choice:
    """An extraction result and what the checks found about it."""

    body: Any
    """trafilatura's article tree (see trafilatura_compat.extract_body)."""
    step: Pass
    length: int
    """Characters of text, whitespace collapsed."""
    links_done: bool = False
    link_share: float = 0.0

    @property
    def looks_right(self) -> bool:
        return self.length >= MIN_ARTICLE_CHARS and self.link_share <= MAX_LINK_SHARE

    def beats(self, earlier: Choice) -> bool:
        """Whether this later pass's result should replace an earlier one when neither looks
        right: text beats a link box; otherwise it must be clearly longer (LONGER_BY), since a
        later pass that finds a little more mostly found menus or a footer."""
        mine, theirs = self.link_share <= MAX_LINK_SHARE, earlier.link_share <= MAX_LINK_SHARE
        if mine != theirs:
            return mine
        return self.length > LONGER_BY * earlier.length


def passes(method: Method) -> Iterator[Pass]:
    """The passes tried in turn: fast first (about half the time of a full pass); then the full
    pass, whose comparison with readability and jusText rescues short results; then, after
    precision passes, a balanced one, which adds trafilatura's baseline and recall rescues."""
    mode = "precision" if method.precision else "balanced"
    yield Pass(f"fast {mode}", fast=True, precision=method.precision)
    if not method.validate:
        return
    yield Pass(f"full {mode}", fast=False, precision=method.precision)
    if method.precision:
        yield Pass("full balanced", fast=False, precision=False)


def choose_body(tree: Any, method: Method) -> Choice | None:
    """The article of a parsed page, as trafilatura's tree with links, or None when no pass
    found any text. The first result that looks right wins; when none does, the best of them
    (Choice.beats). trafilatura works on copies: `tree` is left as it is."""
    best: Choice | None = None
    for step in passes(method):
        links = not method.links_off
        body = extract_body(tree, links=links, precision=step.precision, fast=step.fast)
        if body is None:
            continue
        choice = Choice(body, step, text_length(body), links_done=not method.links_off)
        if choice.length >= MIN_ARTICLE_CHARS or not method.validate:
            # The link share is only worth its second pass on a result long enough to keep.
            _add_links(tree, choice)
        if not method.validate or choice.looks_right:
            return choice
        if best is None or choice.beats(best):
            best = choice
    if best is not None:
        _add_links(tree, best)
    return best


def drop_boxes(choice: Choice, method: Method) -> None:
    """Take blocks made only of links out of a chosen article (Method.link_boxes)."""
    if method.link_boxes and drop_link_boxes(choice.body, LINK_BOX_SHARE):
        choice.length = text_length(choice.body)


def _add_links(tree: Any, choice: Choice) -> None:
    if not choice.links_done:
        step = choice.step
        linked = extract_body(tree, links=True, precision=step.precision, fast=step.fast)
        if linked is not None:
            restore_links(choice.body, linked)
        choice.links_done = True
    choice.link_share = link_share(choice.body)
