"""Provides the walk of a parsed HTML tree to its text with break marks, and their layout."""

# html_to_text (sanitize.py) parses; this turns the tree into text. Block elements leave marks
# (NUL and a letter: sanitize.py has removed every NUL from the input beforehand, and lxml
# makes none), which the layout turns into line breaks, at most one blank line between
# paragraphs, with no spaces around them.

from __future__ import annotations

import re
from typing import Any

_DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
_PARAGRAPH = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl",
        "table", "figure", "hr", "address", "fieldset", "form",
    }
)  # fmt: skip
_LINE = frozenset(
    {
        "br", "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside",
        "nav", "main", "figcaption", "caption", "details", "summary", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
PARA_MARK = "\x00P"  # cleaned away beforehand, so cannot come from the input
LINE_MARK = "\x00L"
# Runs of ASCII whitespace, but for a lone space (replacing it by itself would be wasted work).
_RUNS = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
_MARKS = re.compile("(?:[ \t]*\x00[PL][ \t]*)+")
_BLANKS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def collapse(text: str) -> str:
    """Every run of ASCII whitespace as one space."""
    # Most text has single spaces only: six substring scans cost a fraction of the regex, and
    # the regex only touches runs that change (a lone space is left as it is).
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text:
        return _RUNS.sub(" ", text)
    return text


# The marks each element's start and end add (a line break ends at its start only).
_STARTS = {**dict.fromkeys(_LINE, LINE_MARK), **dict.fromkeys(_PARAGRAPH, PARA_MARK)}
_ENDS = {tag: mark for tag, mark in _STARTS.items() if tag != "br"}
# The one character whose lower case is an ASCII letter that libxml2 does not lower itself:
# KELVIN SIGN ("<bloc\u212aquote>" is a "blockquote" to str.lower). "\u0130" lowers to "i"
# and a combining dot, which names no element of the sets above.
KELVIN = "\u212a"


def render(root: Any, has_pre: bool) -> str:
    """The tree's text with break marks. Walks it iteratively (deep nesting must not hit the
    recursion limit)."""
    from lxml import etree

    # Without <pre>, all whitespace collapses: once over the result, not per text node.
    squeeze = collapse if has_pre else str
    out: list[str] = []
    pre_depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    # Each lxml attribute read builds a new Python object: read tag, text and tail once each.
    for event, el in walker:
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            if tag in _DROPPED:
                walker.skip_subtree()  # its end event still comes, and brings the tail
                continue
            if tag in _PARAGRAPH:
                out.append(PARA_MARK)
            elif tag in _LINE:
                out.append(LINE_MARK)
            if tag == "pre":
                pre_depth += 1
            text = el.text
            if text:
                out.append(text if pre_depth else squeeze(text))
        else:
            if tag == "pre":
                pre_depth -= 1
            if tag in _PARAGRAPH:
                out.append(PARA_MARK)
            elif tag in _LINE and tag != "br":
                out.append(LINE_MARK)
            tail = el.tail
            if tail:
                out.append(tail if pre_depth else squeeze(tail))
    return "".join(out) if has_pre else collapse("".join(out))


def render_flowing(root: Any) -> str:
    """render of a document without <pre> or KELVIN: libxml2 has lowered every tag name's
    ASCII letters, so the names are matched as they are, and marks are found in one look-up
    (a third less than render's loop). marked_layout gives the same text cheaper where it can;
    this walk is its fallback and its reference."""
    from lxml import etree

    out: list[str] = []
    append = out.append
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in _DROPPED:
                walker.skip_subtree()  # its end event still comes, and brings the tail
                continue
            mark = _STARTS.get(tag)
            if mark:
                append(mark)
            text = el.text
            if text:
                append(text)
        else:
            mark = _ENDS.get(tag)
            if mark:
                append(mark)
            tail = el.tail
            if tail:
                append(tail)
    return collapse("".join(out))


# lxml refuses NUL in a tree's text, so marked_layout's marks start with a noncharacter
# (Unicode keeps those for a program's internal use: no text means one) instead.
_TREE_MARK = "\ufdd0"
_TREE_STARTS = {tag: _TREE_MARK + mark[1] for tag, mark in _STARTS.items()}
_TREE_ENDS = {tag: _TREE_MARK + mark[1] for tag, mark in _ENDS.items()}
_SKIPPED = tuple(_DROPPED)


def marked_layout(root: Any) -> str | None:
    """flowing_layout(render_flowing(root)), with the tree changed on the way: the content of
    elements whose text is dropped goes (their tails stay), each block element's marks are
    written into its text (start) and tail (end), libxml2 serialises the whole text at once,
    and the marks are laid out by one split (flowing_layout's regex called back a function
    for each run): html_to_text of a six-paragraph summary takes 5 % fewer instructions, of
    one with an image and breaks 9 %; a farm feed's parse 2.7 % (benchmarks/RESULTS.md).
    None when the text held the mark character itself ("&#xFDD0;", say) or a control
    character lxml will not write back ("&#27;"): the caller then takes render_flowing, over
    a tree parsed anew."""
    from lxml import etree

    for el in list(root.iter(*_SKIPPED)):  # (listed first: the loop cuts subtrees)
        el.text = None
        del el[:]  # each child with its tail
    try:
        written = _mark(root)
    except ValueError:  # lxml writes no control character back ("&#27;" made one)
        return None
    pieces = collapse(etree.tostring(root, method="text", encoding="unicode")).split(_TREE_MARK)
    if len(pieces) != written + 1:
        return None
    return _lay_out(pieces).strip()


def _mark(root: Any) -> int:
    """Writes each block element's marks into its text and tail; returns how many. Raises
    ValueError when lxml refuses the text a mark joins."""
    written = 0
    starts, ends = _TREE_STARTS, _TREE_ENDS
    for el in root.iter():  # one look-up an element: cheaper than lxml's filter by 38 names
        mark = starts.get(el.tag)
        if mark is None:
            continue
        text = el.text
        el.text = mark + text if text else mark
        written += 1
        end = ends.get(el.tag)
        if end is not None:
            tail = el.tail
            el.tail = end + tail if tail else end
            written += 1
    return written


def _lay_out(pieces: list[str]) -> str:
    """The layout of text split at its marks (each piece after the first starts with its
    mark's letter): a run of marks, with the spaces and tabs around it, becomes one paragraph
    break if it holds a paragraph mark, else one line break. One loop for both callers:
    marked_layout's collapsed text (one space at most around a mark, no tabs) and _marks'
    text as it is."""
    out = [pieces[0]]
    paragraph: bool | None = None  # None: not inside a run of marks
    for piece in pieces[1:]:
        if paragraph is None:
            out[-1] = out[-1].rstrip(" \t")
            paragraph = False
        paragraph = paragraph or piece[0] == "P"
        rest = piece[1:].lstrip(" \t")
        if rest:  # text other than spaces and tabs ends the run
            out.append("\n\n" if paragraph else "\n")
            out.append(rest)
            paragraph = None
    if paragraph is not None:
        out.append("\n\n" if paragraph else "\n")
    return "".join(out)


def _marks(text: str) -> str:
    """_MARKS.sub over text whose every NUL starts a mark, by splitting: the regex tries its
    leading [ \\t]* at every position of the text, which cost more than the whole HTML parse."""
    return _lay_out(text.split("\x00"))


def layout(text: str) -> str:
    """Turn break marks into newlines: one blank line at most, no spaces around breaks."""

    def mark(m: re.Match[str]) -> str:
        return "\n\n" if "P" in m.group(0) else "\n"

    if "\x00" in text:
        if text.count("\x00") == text.count(PARA_MARK) + text.count(LINE_MARK):
            text = _marks(text)
        else:
            text = _MARKS.sub(mark, text)
    if "\n" in text:
        if " \n" in text or "\t\n" in text:
            text = _TRAILING_SPACE.sub("\n", text)
        if "\n\n\n" in text:
            text = _BLANKS.sub("\n\n", text)
    return text.strip()


# A run of marks in collapsed text, once the spaces before marks are gone, with the one space
# after it that collapsed text may have.
_FLOWING_RUN = re.compile("\x00[PL](?:\x00[PL])* ?")


def _break(run: re.Match[str]) -> str:
    return "\n\n" if "P" in run.group(0) else "\n"


def flowing_layout(text: str) -> str:
    """layout of render_flowing's text, whose whitespace runs are single spaces: a space
    before a mark goes by one replace and a run of marks by a regex that starts with its NUL
    (half of layout's time). Its only newlines are then the breaks, between text that is
    not spaces: no spaces before a newline and no three newlines in a row to remove."""
    if "\x00" not in text:
        return text.strip()
    if text.count("\x00") != text.count(PARA_MARK) + text.count(LINE_MARK):
        return layout(text)
    return _FLOWING_RUN.sub(_break, text.replace(" \x00", "\x00")).strip()
