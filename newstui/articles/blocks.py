"""Provides the work done on trafilatura's article tree after extraction: links restored, quotes
marked, the headline taken out, words glued to a link or emphasis separated again."""

# The tree is trafilatura's output (see trafilatura_compat.extract_body): a <body> whose
# children are blocks (p, head, list, quote, table, code) holding inline hi (emphasis), ref
# (links, with a target attribute) and lb (line breaks). Nothing here changes what the extractor
# saw: every step runs on its result.

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from newstui.articles.markdown import QUOTE_MARK

_INLINE = ("hi", "ref", "del")
_WORD_END = re.compile(r"(\w+)$")
_WORD_START = re.compile(r"^(\w+)")


def block_text(element: Any) -> str:
    """An element's text with whitespace collapsed: what a reader sees of it."""
    return " ".join("".join(element.itertext()).split())


def restore_links(chosen: Any, linked: Any) -> int:
    """Put links back into `chosen` (extracted with links off) from `linked` (the same page
    extracted with links on): each block of `chosen` is replaced by the block of `linked` with
    exactly the same text, taken in order. Blocks without such a twin stay as they are, so the
    words are always those of `chosen`. Returns how many blocks were replaced."""
    twins: dict[str, list[Any]] = {}
    for block in linked:
        twins.setdefault(block_text(block), []).append(block)
    replaced = 0
    for block in list(chosen):
        text = block_text(block)
        candidates = twins.get(text) if text else None
        if not candidates:
            continue
        twin = candidates.pop(0)
        if twin.find(".//ref") is None:
            continue  # nothing to gain, and the chosen block's own markup stays
        twin.tail = block.tail
        chosen.replace(block, twin)
        replaced += 1
    return replaced


def link_share(body: Any) -> float:
    """The share of the article's characters (whitespace aside) that are link text, 0.0-1.0."""
    total = linked = 0
    for block in body:
        total += _chars(block_text(block))
        linked += sum(_chars(block_text(ref)) for ref in block.iter("ref"))
    return linked / total if total else 0.0


def _chars(text: str) -> int:
    return len("".join(text.split()))


def drop_link_boxes(body: Any, min_share: float) -> int:
    """Remove blocks whose text is at least `min_share` link text (0.0-1.0): a paragraph, list
    or heading made only of links is a box pointing elsewhere (related stories, teasers, a
    "Comments" link), not the article's text. Returns how many blocks went."""
    boxes, texts = [], 0
    for block in body:
        total = _chars(block_text(block))
        texts += bool(total)
        linked = sum(_chars(block_text(ref)) for ref in block.iter("ref"))
        if total and linked >= min_share * total:
            boxes.append(block)
    if len(boxes) == texts:
        return 0  # all links: the checks chose it as the best there is, so it stays whole
    for block in boxes:
        body.remove(block)
    return len(boxes)


def text_length(body: Any) -> int:
    """Characters of text in the article, whitespace collapsed."""
    return sum(len(block_text(block)) for block in body)


def drop_headlines(
    body: Any, opening: set[str], anywhere: set[str], key: Callable[[str], str]
) -> int:
    """Remove paragraphs and headings that only repeat the headline, so that it is not printed
    twice: the first block when `key` of its text is in `opening` (the title, the page's <h1>s),
    and any block whose key is in `anywhere` (the title: layouts repeat it inside the article).
    Returns how many blocks went."""
    dropped = 0
    for index, block in enumerate(list(body)):
        if block.tag not in ("head", "p"):
            continue
        block_key = key(block_text(block))
        if block_key and (block_key in anywhere or (index == 0 and block_key in opening)):
            body.remove(block)
            dropped += 1
    return dropped


def leading_heading(body: Any) -> str | None:
    """The text of a level-1 heading that opens the article, if it has one."""
    if len(body) and body[0].tag == "head" and body[0].get("rend") == "h1":
        return block_text(body[0]) or None
    return None


def mark_quotes(body: Any) -> None:
    """Put QUOTE_MARK before each paragraph of each quote (its own text, or its p children):
    trafilatura's Markdown writer keeps a quote's text but writes no "> " for it. Marking the
    finished tree leaves the extractor's choice alone (marking the page changed it)."""
    for quote in body.iter("quote"):
        paragraphs = [p for p in quote if p.tag == "p"]
        if (quote.text or "").strip() or not paragraphs:
            quote.text = f"{QUOTE_MARK} {(quote.text or '').lstrip()}"
        for paragraph in paragraphs:
            paragraph.text = f"{QUOTE_MARK} {(paragraph.text or '').lstrip()}"


def _glued(body: Any) -> Iterator[tuple[Any, str, str]]:
    """(element, its last word, the word its tail starts with) where an inline element's text
    runs straight into the following word: "**will**appreciate"."""
    for element in body.iter(*_INLINE):
        tail = element.tail
        if not tail or tail[0].isspace():
            continue
        start = _WORD_START.match(tail)
        end = _WORD_END.search(block_text(element)) if start else None
        if start and end:
            yield element, end.group(1), start.group(1)


def repair_glued_words(body: Any, page_text: Callable[[], str]) -> int:
    """Put back the space the extractor lost after a link or emphasis ("**will**appreciate"),
    where the page's own text (`page_text`, whitespace collapsed) has the two words apart and
    never together: "iPhone" + "s" in "[iPhone](...)s" stays as the page wrote it. Returns how
    many spaces were put back."""
    repaired = 0
    text: str | None = None
    for element, before, after in list(_glued(body)):
        if text is None:
            text = page_text()
        if f"{before} {after}" in text and f"{before}{after}" not in text:
            element.tail = " " + element.tail
            repaired += 1
    return repaired


# Emphasis with no Markdown form, which trafilatura's writer would put out as inline HTML
# (<u>, <sup>, <sub>): the pane would show the tags, so only their text stays.
_HTML_ONLY_RENDS = frozenset({"#u", "#sup", "#sub"})


def unwrap_html_only(body: Any) -> None:
    """Replace underline, superscript and subscript elements by their text."""
    from lxml.etree import strip_tags

    found = False
    for element in body.iter("hi"):
        if element.get("rend") in _HTML_ONLY_RENDS:
            element.tag = "unwrapped"
            found = True
    if found:
        strip_tags(body, "unwrapped")
