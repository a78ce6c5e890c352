"""Provides the reduction of untrusted feed and page text to safe plain text."""

# Everything here returns *plain text*. Square brackets such as "[bold red]" or "[@click=app.quit]"
# are left as they are: they are only dangerous if something parses them as Rich/Textual markup,
# so the interface must always wrap feed text in rich.text.Text or textual.content.Content and
# never hand a plain str to a widget that parses markup. Escaping here would show backslashes.

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from newstui.text.characters import UNWANTED_CLASS, drop_unwanted
from newstui.text.html_render import (
    KELVIN,
    collapse,
    flowing_layout,
    layout,
    marked_layout,
    render,
    render_flowing,
)

ELLIPSIS = "…"

# Terminal escape sequences, removed whole so their parameters never show as stray text.
# String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST (ESC \ or U+009C); an unterminated
# one is cut at the end of its line rather than eating the rest of the document.
_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"  # 7-bit and 8-bit introducers
    r"[^\x07\x1b\x9c\n]*"
    r"(?:\x07|\x1b\\|\x9c)?"
)
_CSI_SEQ = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Any other escape: ESC, intermediate bytes, one final byte (ESC c, ESC ( B, ESC 7 ...).
_OTHER_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"


@cache
def _needs_work() -> re.Pattern[str]:
    """Every character any of the three substitutions acts on (ESC and C1 are in the policy's
    class). Compiled at the first text the printable test leaves to it (as the substitutions'
    patterns): re's compiler takes ~5 M instructions for a class with the surrogates' range,
    which the ticker's start spent before its first frame for no text (its rows are clean)."""
    return re.compile(f"[{UNWANTED_CLASS}\r\u2028\u2029]")


@cache
def _substitutions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Line breaks, then escape sequences (see _strip_unsafe)."""
    return (
        re.compile("\r\n?|[\u2028\u2029\x85]"),
        re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_OTHER_ESC}"),
    )


# Long inputs are cut before the regexes run: the work is then bounded by the cap, not by
# what a hostile server sends. The margin leaves room for removed sequences.
_PRECUT_FACTOR = 4
_PRECUT_MARGIN = 4096


def _truncate(text: str, max_len: int) -> str:
    """Cut to at most max_len characters, the last being the ellipsis when cut."""
    if len(text) <= max_len:
        return text
    if max_len <= 0:
        return ""
    # The ellipsis counts in the cap so a cut result is a fixed point of clean_text.
    return text[: max_len - 1].rstrip() + ELLIPSIS


def _precut(text: str, max_len: int) -> str:
    limit = max(max_len, 0) * _PRECUT_FACTOR + _PRECUT_MARGIN
    return text[:limit] if len(text) > limit else text


def clean_text(text: str, max_len: int = 100_000) -> str:
    """Return text without control or escape sequences, bidi controls or invisible characters
    (the policy of newstui.text.characters: joiners and variation selectors are kept).

    Keeps "\\n" and "\\t"; turns "\\r\\n", "\\r" and Unicode line separators into "\\n"; cuts to
    max_len characters (the last one "…") when longer. Markup-like text is kept literally.
    """
    if not text:
        return ""
    return _truncate(_strip_unsafe(_precut(text, max_len)), max_len)


def _nothing_unsafe(text: str) -> bool:
    """True only when _needs_work() finds nothing in text (False may still mean nothing).

    Every character _needs_work() matches is one str.isprintable() refuses (Unicode categories
    Cc, Cf, Cs, Zl, Zp; tests/unit/test_sanitize_speed.py checks the whole class), and
    isprintable scans about three times faster than the class: ~5 against ~15 us for 1.4 KB
    of a summary. Newlines, tabs and no-break spaces are printable for this purpose (the
    text of most summaries has them); anything else isprintable refuses (a joiner, a mark)
    leaves the decision to the regex."""
    if text.isprintable():
        return True
    return text.replace("\n", " ").replace("\t", " ").replace("\xa0", " ").isprintable()


def _strip_unsafe(text: str) -> str:
    if _nothing_unsafe(text) or not _needs_work().search(text):
        return text  # the common case: one scan instead of three substitutions
    # Line breaks first, so an escape sequence cannot hide a "\r"; then whole sequences before
    # single characters, so the parameters of a sequence go with its ESC.
    line_breaks, escapes = _substitutions()
    text = line_breaks.sub("\n", text)
    text = escapes.sub("", text)
    return drop_unwanted(text)


# --- HTML -------------------------------------------------------------------------------------

# "<" opens a tag only before a known HTML element (or a namespaced one, as MS Word's <o:p>),
# a comment or a doctype: "Why <Paper> matters" or "x <y" are text, as feedparser also judges.
_HTML_ELEMENT_NAMES = (
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset",
    "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input",
    "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee", "menu",
    "meta", "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "plaintext", "pre", "progress",
    "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select", "slot",
    "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg",
    "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title",
    "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "xmp", "math",
)  # fmt: skip


def _trie(words: tuple[str, ...]) -> str:
    """An alternation matching exactly `words`, shared prefixes factored out ("a(?:bbr|...)?"):
    re tries an alternation's branches one by one, so a flat list of 150 names cost ~1 us at
    every "<" of a summary, more than parsing it."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        alternatives = [re.escape(c) + branch(rest) for c, rest in sorted(node.items()) if c]
        if not alternatives:
            return ""
        joined = "|".join(alternatives)
        body = joined if len(alternatives) == 1 else f"(?:{joined})"
        return f"(?:{body})?" if "" in node else body

    return branch(tree)


# The two patterns built from the names, and html's entity tables, are made at their first use:
# ~32 M instructions (~8 ms) that the ticker's start spent before its first frame for nothing
# (its rows are clean when stored; benchmarks/first_frame.py).


@cache
def _html_elements() -> str:
    """The alternation of every known element's name (_trie of _HTML_ELEMENT_NAMES)."""
    return _trie(_HTML_ELEMENT_NAMES)


@cache
def _literal_lt() -> re.Pattern[str]:
    """A "<" that opens no tag (see _HTML_ELEMENT_NAMES)."""
    return re.compile(
        rf"<(?!/?(?:{_html_elements()})(?=[\s/>]|$)|/?[A-Za-z][\w.-]*:[A-Za-z]|!|\?)",
        re.IGNORECASE,
    )


def _first_unescape(text: str) -> str:
    global _unescape
    from html import unescape

    _unescape = unescape
    return unescape(text)


_unescape: Callable[[str], str] = _first_unescape
"""html.unescape, imported at its first call."""

_html_parser: Any = None


def _parser() -> Any:
    global _html_parser
    if _html_parser is None:
        from lxml import etree

        _html_parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            recover=True,
            default_doctype=False,
        )
    return _html_parser


def html_to_text(html: str, max_len: int = 100_000) -> str:
    """Return the readable text of an HTML fragment or page, as safe plain text.

    Drops tags (and the content of script, style and the like), decodes entities once, turns
    block elements into line breaks with at most one blank line between paragraphs.
    """
    if not html:
        return ""
    # The text of a long document is cut by the cap anyway; markup may be 20 times its text.
    limit = max(max_len, 0) * 20 + 65_536
    # Clean first: lxml refuses NUL and lone surrogates, and escape sequences must go whole.
    text = _strip_unsafe(html[:limit] if len(html) > limit else html)
    if "<" not in text:
        # No tags: decoding entities is all an HTML parser would do (ESC from "&#27;" and the
        # like goes in clean_text below).
        if "&" in text:
            text = _unescape(text)
        return clean_text(layout(collapse(text)), max_len)
    text = _literal_lt().sub("&lt;", text)
    from lxml import etree

    encoded = text.encode("utf-8", "replace")
    try:
        root = etree.fromstring(encoded, _parser())
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        # Nothing parseable (only a comment, say): no text to show.
        return ""
    has_pre = next(root.iter("pre"), None) is not None
    if has_pre or KELVIN in text:
        return clean_text(layout(render(root, has_pre)), max_len)
    laid_out = marked_layout(root)
    if laid_out is None:  # a mark or control character in the text itself (rare)
        root = etree.fromstring(encoded, _parser())
        laid_out = flowing_layout(render_flowing(root))
    return clean_text(laid_out, max_len)


def single_line(text_or_html: str, max_len: int = 1_000) -> str:
    """Return HTML as one line of plain text (HTML-typed titles, source names)."""
    text = html_to_text(text_or_html, max_len=max(max_len, 0) * 2 + 64)
    # Every kind of whitespace, no-break spaces and line separators too, becomes one space.
    return _truncate(" ".join(text.split()), max_len)


def plain_line(text: str, max_len: int = 1_000) -> str:
    """Return plain text as one line: nothing in it is read as markup ("<b>" and "&amp;" stay
    as they are), unsafe characters go, whitespace runs become one space."""
    cleaned = clean_text(text, max(max_len, 0) * 2 + 64)
    return _truncate(" ".join(cleaned.split()), max_len)


# feedparser's rule for text whose format gives no type (RSS titles): HTML only with a closing
# tag or a character reference, every tag a known HTML element, every entity a defined one.
_CLOSING_TAG = re.compile(r"</\w+\s*>")
_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);")
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:-]*)")
_ENTITY_NAME = re.compile(r"&(\w+);")


def looks_like_html(text: str) -> bool:
    """Whether untyped text (an RSS or JSON Feed title) is HTML rather than plain text.

    The rule of feedparser, which most readers built on it share: it must have a closing tag
    ("</sup>") or a character reference ("&amp;", "&#36;"); every tag must name an HTML element
    and every named reference an HTML entity. "Why <head> matters" or "M&A;" are text.
    """
    if "<" not in text and "&" not in text:
        return False
    if not (_CLOSING_TAG.search(text) or _REFERENCE.search(text)):
        return False
    known = _known_element()
    if any(not known.match(name) for name in _TAG_NAME.findall(text)):
        return False
    from html.entities import html5

    return all(f"{name};" in html5 for name in _ENTITY_NAME.findall(text))


@cache
def _known_element() -> re.Pattern[str]:
    return re.compile(f"(?:{_html_elements()})\\Z", re.IGNORECASE)


# --- links ------------------------------------------------------------------------------------

_MAX_URL = 8_192
_URL_INVISIBLE = re.compile(r"[\t\n\r]")
_WHITESPACE = re.compile(r"\s")


def safe_link(url: str | None) -> str | None:
    """Return the URL cleaned when it is an http(s) URL with a host, else None."""
    if not url or not isinstance(url, str):
        return None
    cleaned = clean_text(url, _MAX_URL + 1)
    if len(cleaned) > _MAX_URL:
        return None
    # Browsers drop tabs and newlines inside URLs; spaces inside are percent-encoded.
    cleaned = _URL_INVISIBLE.sub("", cleaned.strip()).replace(" ", "%20")
    if not cleaned or _WHITESPACE.search(cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return cleaned
