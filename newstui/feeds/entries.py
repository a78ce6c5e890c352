"""Provides the one reduction of a feed item's raw fields to a safe FeedEntry, for every parser."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from newstui.models import FeedEntry
from newstui.text.sanitize import (
    clean_text,
    html_to_text,
    looks_like_html,
    plain_line,
    safe_link,
    single_line,
)

MAX_ENTRIES = 2_000
"""Entries kept per feed document; a feed with more is cut (the first ones are the newest)."""
MAX_TITLE = 1_000
MAX_SUMMARY = 20_000
MAX_CONTENT_HTML = 1_000_000
MAX_AUTHOR = 200
MAX_GUID = 1_024
UNTITLED = "(untitled)"
_TITLE_FROM_SUMMARY_WORDS = 12

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# RSS <author> is "email (Name)": show the name.
_EMAIL_NAME = re.compile(r"\A\s*[^\s@()]+@[^\s()]+\s*\((.+)\)\s*\Z")
_WORDS = re.compile(r"\S+")


@dataclass(slots=True)
class RawEntry:
    """An item's fields as a parser found them: untrusted, HTML or text, unresolved links."""

    guid: str | None = None
    title: str | None = None
    """Text or HTML, as title_type says."""
    title_type: str = "auto"
    """"text" (Atom type="text": shown literally), "html" (Atom html/xhtml) or "auto" (a format
    that gives no type, RSS and JSON Feed: HTML only when it looks like HTML)."""
    link: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary_html: str | None = None
    content_html: str | None = None
    author: str | None = None
    summary_is_text: bool = False
    """True when summary_html is plain text (JSON Feed summary and content_text, Atom
    type="text"), not HTML."""


def usable_date(value: datetime | None) -> datetime | None:
    """Return value as aware UTC without microseconds, or None if absent or before 1970."""
    if value is None:
        return None
    try:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        return None
    return value if value >= _EPOCH else None


# An absolute http(s) URL in plain ASCII that urljoin and urlsplit hand back unchanged, as
# nearly every item's link is: a lowercase scheme, a host without user or brackets, a path
# without ";" (urlparse splits parameters there), a query and a fragment not empty ("x?" and
# "x#" lose their mark in urlunparse), no whitespace or controls. urljoin returns such a URL
# as it is (another scheme than the base's) or urlunparse(urlparse(url)), the same string;
# safe_link accepts it as it is. Resolving and checking it the long way was ~14 % of parsing
# a feed of 50 items (tests/unit/test_link_fast_path.py compares the two).
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?"
    r"(?:/[A-Za-z0-9._~%!$&'()*+,=:@/-]*)?"
    r"(?:\?[A-Za-z0-9._~%!$&'()*+,=:@/?;-]+)?"
    r"(?:#[A-Za-z0-9._~%!$&'()*+,=:@/?;#-]+)?"
)
_MAX_PLAIN_URL = 8_192
"""safe_link's limit on a URL's length."""


def _joinable(base: str) -> bool:
    """Whether urljoin can read base (an invalid one, "http://[x/" say, makes it raise)."""
    try:
        urlsplit(base)  # cached by urllib: the same base for every item of a feed
    except ValueError:
        return False
    return True


def resolve_link(link: str | None, base: str) -> str | None:
    """Return an absolute, safe http(s) link, resolving a relative one against base."""
    if not link or not isinstance(link, str):
        return None
    link = link.strip()
    if len(link) <= _MAX_PLAIN_URL and _PLAIN_URL.fullmatch(link) and _joinable(base):
        return link
    if base:
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    return safe_link(link)


def _plain_text(text: str, max_len: int) -> str:
    """Lay out plain text like html_to_text does, without reading it as HTML."""
    paragraphs = re.split(r"\n\s*\n", clean_text(text, max_len * 2 + 64))
    lines = ("\n".join(" ".join(ln.split()) for ln in p.strip().split("\n")) for p in paragraphs)
    return clean_text("\n\n".join(p for p in lines if p), max_len)


def text_line(value: str | None, kind: str, max_len: int = MAX_TITLE) -> str:
    """A title-like field as one line: plain text shown literally, HTML reduced to its text.

    `kind` is "text", "html" or "auto" (see RawEntry.title_type). Plain-text fields (an Atom
    title without type, RFC 4287 section 3.1.1.1) never lose words that look like tags."""
    if not value:
        return ""
    if kind == "html" or (kind == "auto" and looks_like_html(value)):
        return single_line(value, max_len)
    return plain_line(value, max_len)


def atom_text_type(value: str | None) -> str:
    """An Atom Text construct's type attribute as "text" or "html" (RFC 4287 section 3.1.1:
    absent means text; xhtml is HTML once serialised; MIME types as feedparser reads them)."""
    kind = (value or "text").strip().lower()
    return "text" if kind in ("text", "text/plain") else "html"


def _guid(raw: str | None) -> str:
    if not raw or not isinstance(raw, str):
        return ""
    guid = clean_text(raw, MAX_GUID * 4).strip()
    if len(guid) > MAX_GUID:
        # Too long to store as is but still stable: hash it.
        return "sha1:" + hashlib.sha1(guid.encode("utf-8"), usedforsecurity=False).hexdigest()
    return guid


def _title_from_summary(summary: str) -> str:
    words = _WORDS.findall(summary[:2_000])
    if not words:
        return ""
    title = " ".join(words[:_TITLE_FROM_SUMMARY_WORDS])
    if len(words) > _TITLE_FROM_SUMMARY_WORDS:
        title += "…"
    return single_line(title, MAX_TITLE)


def _author(raw: str | None) -> str:
    author = single_line(raw or "", MAX_AUTHOR)
    match = _EMAIL_NAME.match(author)
    return match.group(1).strip() if match else author


def build_entry(raw: RawEntry, base: str) -> FeedEntry:
    """Reduce raw fields to a FeedEntry: safe text, absolute link, UTC date, stable guid."""
    title = text_line(raw.title, raw.title_type)
    body = raw.summary_html or raw.content_html or ""
    if raw.summary_is_text and raw.summary_html:
        summary = _plain_text(body, MAX_SUMMARY)
    else:
        summary = html_to_text(body, MAX_SUMMARY)
    if not title:
        title = _title_from_summary(summary) or UNTITLED
    link = resolve_link(raw.link, base)
    published = usable_date(raw.published) or usable_date(raw.updated)
    guid = _guid(raw.guid) or _guid(raw.link)
    if not guid:
        # Stable across polls as long as the item itself does not change.
        stamp = published.isoformat() if published else ""
        seed = f"{title}\x00{stamp}" if (title != UNTITLED or stamp) else f"\x00{summary}"
        guid = "sha1:" + hashlib.sha1(seed.encode("utf-8"), usedforsecurity=False).hexdigest()
    # The richest HTML body the item has: its full content, else its HTML description.
    content = raw.content_html or ("" if raw.summary_is_text else raw.summary_html) or ""
    if len(content) > MAX_CONTENT_HTML:
        content = content[:MAX_CONTENT_HTML]
    return FeedEntry(
        guid=guid,
        title=title,
        link=link,
        published=published,
        summary=summary,
        content_html=content,
        author=_author(raw.author),
    )


def _empty(raw: RawEntry) -> bool:
    """No guid, title, link or text: nothing to show or tell apart (a body cut off inside an
    item, recovered as an item of nothing, was stored as an "(untitled)" headline)."""
    fields = (raw.guid, raw.title, raw.link, raw.summary_html, raw.content_html)
    return not any(field and field.strip() for field in fields)


def cap_entries(raws: list[RawEntry]) -> tuple[list[RawEntry], str | None]:
    """Keep the first MAX_ENTRIES raw entries that are not empty; say so when some were cut."""
    raws = [raw for raw in raws if not _empty(raw)]
    if len(raws) <= MAX_ENTRIES:
        return raws, None
    return raws[:MAX_ENTRIES], f"{len(raws)} entries, kept the first {MAX_ENTRIES}"


def parse_ttl(value: object) -> float | None:
    """RSS <ttl> minutes as seconds; None when absent or nonsense (not 1 minute to 1 week)."""
    if value is None:
        return None
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return None
    return float(minutes * 60) if 1 <= minutes <= 10_080 else None
