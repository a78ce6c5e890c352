"""Provides hostile feed documents: small ones as files beside this module, big ones built here."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

_HEAD = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
    b"<link>http://127.0.0.1/</link><description>d</description>\n"
)


def read(name: str) -> bytes:
    """One of the hostile files written by hand (see the folder)."""
    return (HERE / name).read_bytes()


def _rss(title: bytes, items: bytes) -> bytes:
    return _HEAD.replace(b"{title}", title) + items + b"</channel></rss>\n"


def _item(n: int, title: bytes, extra: bytes = b"") -> bytes:
    return (
        b"<item><title>" + title + b"</title><link>http://127.0.0.1/i/%d</link>"
        b"<guid>i-%d</guid>" % (n, n) + extra + b"</item>\n"
    )


def quadratic_blowup(entity_kib: int = 50, uses: int = 20_000) -> bytes:
    """One big internal entity referenced many times: no nesting, so some parsers' billion-laughs
    guards miss it; expanded it is entity_kib x uses (1 GB by default)."""
    entity = b"A" * (entity_kib * 1024)
    refs = b"&a;" * uses
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + entity + b'">]>\n'
        b'<rss version="2.0"><channel><title>Quadratic</title><link>http://127.0.0.1/</link>'
        b"<description>d</description>\n"
        + _item(0, b"blow " + refs, b"<description>" + refs + b"</description>")
        + b"</channel></rss>\n"
    )


def deep_nesting(depth: int = 100_000) -> bytes:
    """An item whose description nests `depth` elements (recursive parsers overflow)."""
    deep = b"<x>" * depth + b"deep" + b"</x>" * depth
    return _rss(b"Deep", _item(0, b"nested", b"<description>" + deep + b"</description>"))


def huge_title(size: int = 2 * 1024 * 1024) -> bytes:
    """A feed whose first item's title is `size` bytes (2 MB by default)."""
    return _rss(b"Huge", _item(0, b"W" * size) + _item(1, b"a normal title after it"))


def many_items(count: int = 30_000) -> bytes:
    """A feed of `count` small items."""
    return _rss(b"Many", b"".join(_item(n, b"item %d" % n) for n in range(count)))
