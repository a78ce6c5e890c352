"""Provides the warnings about near-duplicate `[[sources]]`: one feed listed under two spellings
of its address, or two sources given one name."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from newstui.config.checks import Locator
from newstui.models import SourceConfig

_DEFAULT_PORT = re.compile(r":(?:80|443)(?=/|$)")


def rough_key(url: str) -> str:
    """A key that two spellings of one address share (and some different addresses too), but
    for a host written both in Unicode and as its xn-- form: it only picks the few addresses
    the library compares, so that 5,000 sources cost a few ms rather than ~80 ms of httpx.URL
    at each start."""
    return _DEFAULT_PORT.sub("", url.lower().rstrip("/"), count=1)


def _same_feed(url: str) -> tuple[str, str, int | None, str, bytes] | None:
    """The address as httpx sends it (scheme and host lowercased, IDNA, the scheme's default
    port dropped, percent-escapes normalised), its path without a trailing "/": a server
    answers `/feed` and `/feed/` alike, or redirects one to the other. None for an address
    httpx refuses (said at its first poll)."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return None
    # httpx drops the default port only after a lowercase scheme ("HTTPS://h:443" keeps it).
    port = None if (parsed.scheme, parsed.port) in (("http", 80), ("https", 443)) else parsed.port
    return (parsed.scheme, parsed.host, port, parsed.path.rstrip("/"), parsed.query)


def one_feed(url: str, *others: str | None) -> bool:
    """Whether `url` is one of `others` or another spelling of one's address (duplicate_pairs'
    rule): an add or an import of `HTTP://Example.org/feed/` is the configured feed's."""
    rough = rough_key(url)
    return any(
        other is not None
        and (other == url or (rough_key(other) == rough and _same_feed(other) == _same_feed(url)))
        for other in others
    )


def duplicate_pairs(sources: Sequence[SourceConfig]) -> list[tuple[int, int, str]]:
    """(first index, later index, "url" or "name") of each source that repeats an earlier one's
    feed under another spelling of its address, or its name (casefolded); each later source is
    paired with the first of its kind only."""
    pairs: list[tuple[int, int, str]] = []
    rough: defaultdict[str, list[int]] = defaultdict(list)
    names: dict[str, int] = {}
    for index, source in enumerate(sources):
        rough[rough_key(source.url)].append(index)
        if source.name:
            name = source.name.strip().casefold()
            if name in names:
                pairs.append((names[name], index, "name"))
            else:
                names[name] = index
    for indices in rough.values():
        if len(indices) < 2:
            continue
        first: dict[tuple[str, str, int | None, str, bytes], int] = {}
        for index in indices:
            key = _same_feed(sources[index].url)
            if key is None:
                continue
            if key in first:
                pairs.append((first[key], index, "url"))
            else:
                first[key] = index
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def near_duplicates(sources: Sequence[SourceConfig], path: Path | None) -> list[str]:
    """One line per near-duplicate of the config at `path` (its file, both lines, what to do);
    none for the built-in list. The file is read again only when there is something to say."""
    pairs = duplicate_pairs(sources)
    if not pairs or path is None:
        return []
    try:
        locate = Locator(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeError):
        locate = Locator("")
    lines = []
    for first, later, kind in pairs:
        at = [locate.line_of(kind, index) for index in (first, later)]
        where = f"{path}:{at[0]} and line {at[1]}" if None not in at else str(path)
        a, b = sources[first], sources[later]
        if kind == "url":
            lines.append(
                f"{where}: sources[{first}] and sources[{later}] are one feed ({a.url} and "
                f"{b.url}): it is polled twice; keep one"
            )
        else:
            lines.append(
                f"{where}: sources[{first}] and sources[{later}] are both named {b.name!r} "
                f"({a.url} and {b.url}); give them names apart"
            )
    return lines
