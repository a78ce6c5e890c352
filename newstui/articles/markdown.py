"""Provides the small text jobs around extracted Markdown: plain text, word counts and size caps."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

# One pass over the Markdown that trafilatura writes, alternatives tried left to right:
# a backslash escape (keeps the escaped character), a link (keeps its text, drops the target),
# emphasis/code/strikethrough runs and the few inline HTML tags it emits (dropped).
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?<!\\)\[(?P<link>(?:\\.|[^\\\[\]]|\[(?:\\.|[^\\\[\]])*\])*)\]"
    r"\((?:<(?:\\.|[^\\>\n])*>|[^\s()]*)\)"
    r"|(?P<marker>[*_~`]+)"
    r"|</?(?:u|sup|sub)>",
)
# Block markers only mean something at the start of a line: headings, quotes, list items,
# table rule rows. An escaped marker ("1990\\." or "\\#") does not match.
_BLOCK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-+*][ \t]+|\d{1,9}[.)][ \t]+)", re.M)
_TABLE_RULE = re.compile(r"^\|(?:-{3,}\|)+[ \t]*$", re.M)
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}).*$", re.M)
_BLANK_RUNS = re.compile(r"\n{3,}")


def _inline(match: re.Match[str]) -> str:
    if match.group("escaped") is not None:
        return match.group("escaped")
    link = match.group("link")
    if link is not None:
        return _INLINE.sub(_inline, link)
    return ""


def markdown_to_text(markdown: str) -> str:
    """Return the plain text of Markdown as trafilatura writes it (for scoring and counting)."""
    text = _FENCE.sub("", markdown)
    text = _TABLE_RULE.sub("", text)
    text = _BLOCK.sub("", text)
    text = _INLINE.sub(_inline, text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def cap_markdown(markdown: str, max_chars: int) -> str:
    """Cut long Markdown at a paragraph boundary, so no link or emphasis is left open."""
    if len(markdown) <= max_chars:
        return markdown
    cut = markdown.rfind("\n\n", 0, max_chars)
    if cut < max_chars // 2:
        # No paragraph break in the second half: a line break, else a space, will do.
        cut = max(markdown.rfind("\n", 0, max_chars), markdown.rfind(" ", 0, max_chars))
    if cut <= 0:
        cut = max_chars
    return markdown[:cut].rstrip() + "\n\n…"


def escape_inline(text: str) -> str:
    """Escape text so that Markdown shows it literally (a title placed in a heading)."""
    return tidy_escapes(re.sub(r"([\\`*_\[\]<>#~|])", r"\\\1", text))


# An escaped underscore between two letters or digits: CommonMark never reads an underscore
# inside a word as emphasis, so the backslash only shows ("TP\_615" for "TP_615").
_INTRAWORD_UNDERSCORE = re.compile(r"(?<=[^\W_])\\_(?=[^\W_])")


def tidy_escapes(markdown: str) -> str:
    """Drop escapes that change nothing for a Markdown reader: underscores inside words."""
    return _INTRAWORD_UNDERSCORE.sub("_", markdown)


_ESCAPE_PAIR = re.compile(r"\\(.)")


def _unescape_brackets(text: str) -> str:
    # Left to right by escape pairs, so "\\\[" (a backslash, then a bracket) stays right.
    return _ESCAPE_PAIR.sub(lambda m: m.group(1) if m.group(1) in "[]" else m.group(0), text)


def _one_level_of_brackets(text: str) -> bool:
    depth, escaped = 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            if depth > 1:
                return False
        elif char == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def tidy_link_text(markdown: str) -> str:
    """Unescape brackets in the text of links ("[\\[Video\\]](...)" -> "[[Video]](...)"): CommonMark
    allows balanced brackets there. Only for links with a target, one level deep, and never where
    the text would then hold a link of its own. Run it after keep_links, which turns unwanted
    links into their text: unescaped, that text could become a link with what follows it."""

    def link(match: re.Match[str]) -> str:
        text, target = match.group("text"), match.group("target")
        if "\\[" not in text and "\\]" not in text:
            return match.group(0)
        plain = _unescape_brackets(text)
        if "](" in plain or not _one_level_of_brackets(plain):
            return match.group(0)
        return f"[{plain}]{target}"

    return _TARGETED_LINK.sub(link, markdown)


# A link as trafilatura writes it: [text](target), [text](<target with spaces>), or [text]
# alone when the anchor had no href. Brackets in ordinary text come escaped ("\["); after
# tidy_link_text, a kept link's text may hold one level of balanced brackets ("[[1]](...)").
_LINK = re.compile(
    r"(?<!\\)\[(?P<text>(?:\\.|[^\\\[\]]|\[(?:\\.|[^\\\[\]])*\])*)\]"
    r"(?:\((?:<(?P<angled>(?:\\.|[^\\>\n])*)>|(?P<bare>[^\s()]*))\))?"
)
_BACKSLASH_ESCAPE = re.compile(r"\\(.)")
_TARGETED_LINK = re.compile(
    r"(?<!\\)\[(?P<text>(?:\\.|[^\\\[\]]|\[(?:\\.|[^\\\[\]])*\])*)\]"
    r"(?P<target>\((?:<(?:\\.|[^\\>\n])*>|[^\s()]*)\))"
)


def link_destination(url: str) -> str:
    """A URL as a Markdown link destination: in <...> when it has spaces or brackets."""
    if not any(c in url for c in " <>()\\"):
        return url
    return "<" + url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E") + ">"


def keep_links(markdown: str, allow: Callable[[str], str | None]) -> str:
    """Keep the links whose target `allow` accepts (returning it cleaned); others become text."""

    def link(match: re.Match[str]) -> str:
        text = match.group("text")
        angled, bare = match.group("angled"), match.group("bare")
        target = _BACKSLASH_ESCAPE.sub(r"\1", angled) if angled is not None else bare
        if not target or not text.strip():
            return text
        cleaned = allow(target)
        if cleaned is None:
            return text
        if cleaned == target and angled is None:
            return match.group(0)
        return f"[{text}]({link_destination(cleaned)})"

    return _LINK.sub(link, markdown)


QUOTE_MARK = "qmrk7f3anewstui"
"""A word put before each paragraph of a quote in the extracted tree (blocks.mark_quotes):
trafilatura keeps a quote's text but writes no "> " for it; an ordinary word survives its
Markdown writer unescaped."""
_QUOTE_LINE = re.compile(rf"^((?:{QUOTE_MARK} ?)+)", re.M)
_QUOTE_LEFTOVER = re.compile(rf"{QUOTE_MARK} ?")


def quote_marks_to_markdown(markdown: str) -> str:
    """Turn quote marks at line starts into "> " (nested quotes: "> > "), drop any others."""
    markdown = _QUOTE_LINE.sub(lambda m: "> " * m.group(1).count(QUOTE_MARK), markdown)
    return _QUOTE_LEFTOVER.sub("", markdown)


URL_TEXT_CHARS = 32
"""Characters at most of a link's text that is itself a long address, as the reading pane shows
it: the pane beside the list at 100 columns has 34 cells for text, and an address is one word
to its wrapping, so a longer one was folded mid-word."""
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)


def shorten_url_texts(markdown: str, chars: int = URL_TEXT_CHARS) -> str:
    """Links whose text is a long web address ("[https://example.org/a/b/c](...)") get a short
    text (`short_url`: "example.org/…/c"); the target is kept whole, so the link opens as
    before. Other links and text are left as they are."""

    def link(match: re.Match[str]) -> str:
        plain = _BACKSLASH_ESCAPE.sub(r"\1", match.group("text")).strip()
        if len(plain) <= chars or not _URL_TEXT.match(plain):
            return match.group(0)
        return f"[{escape_inline(short_url(plain, chars))}]{match.group('target')}"

    return _TARGETED_LINK.sub(link, markdown)


def short_url(url: str, chars: int = URL_TEXT_CHARS) -> str:
    """An address in at most `chars` characters (at least 2) for reading, not for use: its host
    (without "www.") and its path's last part, "…" for what is left out between them and at
    the end of a part cut short, e.g. "example.org/…/storm-batters-the-coast"."""
    chars = max(2, chars)
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port:
        host += f":{parts.port}"
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        short = host
    elif len(segments) == 1:
        short = f"{host}/{segments[0]}"
    else:
        short = f"{host}/…/{segments[-1]}"
    if parts.query or parts.fragment:
        short += "…"
    return short if len(short) <= chars else short[: chars - 1] + "…"
