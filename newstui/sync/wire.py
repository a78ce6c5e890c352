"""Provides the Google Reader API's JSON answers as typed values, untrusted text made safe."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newstui.models import FeedEntry
from newstui.sync.errors import BadAnswer
from newstui.sync.ids import READ, STARRED, label_name, long_item_id, parse_item_id
from newstui.text.sanitize import clean_text, html_to_text, safe_link, single_line

# The same caps as polled feed items (newstui.feeds.entries), so synced text is bounded alike.
MAX_TITLE = 1_000
MAX_SUMMARY = 20_000
MAX_CONTENT_HTML = 1_000_000
MAX_AUTHOR = 200
MAX_NAME = 200
"""Characters of a subscription title or a folder name."""
UNTITLED = "(untitled)"
_WORDS = re.compile(r"\S+")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed the user subscribed to on the server."""

    stream_id: str
    """The server's name for it: `feed/<url>`, or `feed/<number>` on FreshRSS."""
    title: str
    """Safe single line; "" when the server gave none."""
    url: str | None
    """The feed's address (http/https only), None when missing or unsafe."""
    site_url: str | None
    folders: tuple[str, ...]
    """The names of its folders (categories), safe single lines: newstui's tags."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A folder, a label or a state the server knows (`tag/list`)."""

    stream_id: str
    name: str | None
    """Folder or label name; None for states such as starred."""
    kind: str
    """"folder", "tag" (a label on items), or "" when the server does not say (most do not)."""


@dataclass(frozen=True, slots=True)
class SyncedItem:
    """One item of a stream: its server identity, its state, and the entry newstui stores."""

    item_id: int
    """Unsigned 64 bits; `entry.guid` is its long form."""
    stream_id: str
    """The subscription it belongs to (`origin.streamId`); "" when the server did not say."""
    crawled_us: int
    """When the server stored it, microseconds since the epoch: what `ot` filters on."""
    entry: FeedEntry
    read: bool
    starred: bool
    labels: tuple[str, ...] = ()
    """Its folder and label names."""


@dataclass(frozen=True, slots=True)
class StreamPage:
    """One answer of `stream/contents`."""

    items: list[SyncedItem]
    continuation: str | None
    """Pass back as `c=` for the next page; None on the last one."""
    skipped: int = 0
    """Items left out because they had no usable id (counted for the status, never fatal)."""


@dataclass(frozen=True, slots=True)
class IdSet:
    """The item ids in a stream (`stream/items/ids`), all pages."""

    ids: frozenset[int]
    complete: bool
    """False when paging stopped at the cap: ids outside the set are then of unknown state."""


def load_json(body: bytes, what: str) -> Any:
    """The parsed body; BadAnswer when it is not JSON. The message quotes none of the body (it
    may echo what was sent), only whether it looks like a web page (a proxy's or a login's)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        page = " (a web page: is sync.url the API address?)" if body.lstrip()[:1] == b"<" else ""
        raise BadAnswer(f"the server's {what} is not JSON{page}") from None


def _object(doc: Any, key: str, what: str, empty_ok: bool = False) -> list[Any]:
    """doc[key] as a list; with `empty_ok`, a missing or null key is an empty page (servers
    differ on how they write "nothing")."""
    if not isinstance(doc, dict):
        raise BadAnswer(f"the server's {what} is not a JSON object")
    value = doc.get(key)
    if value is None and empty_ok:
        return []
    if not isinstance(value, list):
        raise BadAnswer(f"the server's {what} has no {key} list")
    return value


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _name(value: Any) -> str:
    return single_line(_str(value), MAX_NAME)


def read_subscriptions(doc: Any) -> list[Subscription]:
    """`subscription/list?output=json` → subscriptions; entries without an id are skipped."""
    subs: list[Subscription] = []
    seen: set[str] = set()
    for raw in _object(doc, "subscriptions", "subscription list"):
        if not isinstance(raw, dict):
            continue
        stream_id = clean_text(_str(raw.get("id")), 8_192).strip()
        if not stream_id or stream_id in seen:
            continue
        seen.add(stream_id)
        folders: list[str] = []
        for cat in _list(raw.get("categories")):
            if isinstance(cat, dict):
                name = _name(cat.get("label")) or _name(label_name(_str(cat.get("id"))) or "")
                if name and name not in folders:
                    folders.append(name)
        url = _str(raw.get("url")) or (stream_id[5:] if stream_id.startswith("feed/") else "")
        subs.append(
            Subscription(
                stream_id=stream_id,
                title=_name(raw.get("title")),
                url=safe_link(url),
                site_url=safe_link(_str(raw.get("htmlUrl"))),
                folders=tuple(folders),
            )
        )
    return subs


def read_tags(doc: Any) -> list[Tag]:
    """`tag/list?output=json` → folders, labels and states."""
    tags: list[Tag] = []
    for raw in _object(doc, "tags", "tag list"):
        if not isinstance(raw, dict) or not _str(raw.get("id")):
            continue
        stream_id = clean_text(raw["id"], 8_192)
        name = label_name(stream_id)
        kind = _str(raw.get("type"))
        tags.append(
            Tag(stream_id, _name(name) if name else None, kind if kind in ("folder", "tag") else "")
        )
    return tags


def read_ids(doc: Any) -> tuple[list[int], str | None]:
    """`stream/items/ids` → the page's ids and its continuation; unreadable ids are skipped."""
    ids: list[int] = []
    for ref in _object(doc, "itemRefs", "id list", empty_ok=True):
        if isinstance(ref, dict):
            try:
                ids.append(parse_item_id(_str(ref.get("id"))))
            except ValueError:
                continue
    return ids, _continuation(doc)


def _continuation(doc: dict[str, Any]) -> str | None:
    value = doc.get("continuation")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 1_024:
        return None
    return value.strip()


def read_stream(doc: Any) -> StreamPage:
    """`stream/contents` → a page of items; items without a usable id are skipped and counted."""
    items: list[SyncedItem] = []
    skipped = 0
    for raw in _object(doc, "items", "stream", empty_ok=True):
        item = _item(raw) if isinstance(raw, dict) else None
        if item is None:
            skipped += 1
        else:
            items.append(item)
    return StreamPage(items, _continuation(doc), skipped)


def parse_stream(body: bytes, what: str) -> StreamPage:
    """`read_stream` of a JSON body: one picklable call, for a worker process."""
    return read_stream(load_json(body, what))


def _first_href(value: Any) -> str | None:
    if isinstance(value, list):
        for link in value:
            if isinstance(link, dict) and (href := safe_link(_str(link.get("href")))):
                return href
    return None


def _number(value: Any) -> int | None:
    """An int from a JSON number or a numeric string (servers write both)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) < 1e19:
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()[:20])
    return None


def _date(seconds: int | None) -> datetime | None:
    if seconds is None:
        return None
    try:
        when = datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return when if when >= _EPOCH else None


def _body(raw: dict[str, Any]) -> str:
    """The item's HTML: `content` (full) before `summary` (FreshRSS puts it in `summary`)."""
    for key in ("content", "summary"):
        part = raw.get(key)
        if isinstance(part, dict) and _str(part.get("content")):
            return str(part["content"])
    return ""


def _item(raw: dict[str, Any]) -> SyncedItem | None:
    try:
        item_id = parse_item_id(_str(raw.get("id")))
    except ValueError:
        return None
    html = _body(raw)
    summary = html_to_text(html, MAX_SUMMARY)
    title = single_line(_str(raw.get("title")), MAX_TITLE)
    if not title:
        words = _WORDS.findall(summary[:2_000])
        title = single_line(" ".join(words[:12]) + ("…" if len(words) > 12 else ""), MAX_TITLE)
    usec = _number(raw.get("timestampUsec"))
    if usec is None:
        msec = _number(raw.get("crawlTimeMsec"))
        usec = msec * 1000 if msec is not None else 0
    states = [c for c in _list(raw.get("categories")) if isinstance(c, str)]
    origin = raw.get("origin")
    stream_id = _str(origin.get("streamId")) if isinstance(origin, dict) else ""
    entry = FeedEntry(
        guid=long_item_id(item_id),
        title=title or UNTITLED,
        link=_first_href(raw.get("canonical")) or _first_href(raw.get("alternate")),
        published=_date(_number(raw.get("published")))
        or _date(_number(raw.get("updated")))
        or _date(usec // 1_000_000 if usec else None),
        summary=summary,
        content_html=html[:MAX_CONTENT_HTML],
        author=single_line(_str(raw.get("author")), MAX_AUTHOR),
    )
    return SyncedItem(
        item_id=item_id,
        stream_id=clean_text(stream_id, 8_192).strip(),
        crawled_us=usec,
        entry=entry,
        read=_has_state(states, READ),
        starred=_has_state(states, STARRED),
        labels=tuple(dict.fromkeys(n for c in states if (n := _name(label_name(c) or "")))),
    )


def _has_state(categories: Iterable[str], state: str) -> bool:
    """Whether `user/-/state/com.google/X` is among the categories; Inoreader and The Old Reader
    write the user's number where FreshRSS writes "-"."""
    suffix = state[len("user/-") :]
    return any(c == state or (c.startswith("user/") and c.endswith(suffix)) for c in categories)
