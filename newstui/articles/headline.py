"""Provides the choice of an article's title: its own headline where the page's sources agree."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_HEADLINE_CHARS = 300
"""Longer "headings" are paragraphs set large, not headlines."""

# What sites put between a headline and their name in <title> and og:title: "A | Site",
# "A - Site", "Site » A", "A :: Site". A colon counts only when splitting for agreement (below):
# headlines use colons themselves ("Daily Deals: ...").
_AFFIX_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»›~/]|::)\s+|\s*[|»›]\s*")
_PART_SEPARATOR = re.compile(_AFFIX_SEPARATOR.pattern + r"|:\s+")
_WORD = re.compile(r"[^\W_]+")
# Host labels that say nothing about the site's name.
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "com", "org", "net", "co", "uk", "de"})


def key(text: str) -> str:
    """Text reduced to its words, casefolded: what two spellings of one headline share
    ("It’s" and "It's", a trailing full stop, doubled spaces)."""
    return " ".join(_WORD.findall(text.casefold()))


def _squashed(text: str) -> str:
    return key(text).replace(" ", "")


@dataclass(frozen=True)
class TitleSources:
    """Where a page names its article. Texts are whitespace-collapsed; any may be empty."""

    h1s: Sequence[str] = ()
    """The page's <h1> texts, in page order."""
    meta_titles: Sequence[str] = ()
    """og:title, twitter:title, and the title trafilatura's metadata steps chose (JSON-LD's
    headline when there is one)."""
    html_title: str | None = None
    """The <title> element."""
    site_name: str | None = None
    """og:site_name or the publisher's name."""
    host: str | None = None
    """The page's host name."""
    body_heading: str | None = None
    """A level-1 heading that opens the extracted article, if any."""


def _site_keys(sources: TitleSources) -> tuple[set[str], set[str]]:
    """(keys of the site's names, squashed host names) for recognising a site-name affix."""
    names = set()
    if sources.site_name:
        names.add(key(sources.site_name))
        # "The Jerusalem Post | JPost.com": each part is a name of the site
        names.update(key(part) for part in _AFFIX_SEPARATOR.split(sources.site_name))
    hosts = set()
    if sources.host:
        labels = [label for label in sources.host.lower().split(".") if label]
        while labels and labels[0] in _HOST_NOISE:
            labels = labels[1:]
        if labels:
            hosts.add(_squashed(".".join(labels)))  # "expresscouk", "spacenewscom"
            hosts.add(_squashed(labels[0]))  # "express", "spacenews"
    names.discard("")
    hosts.discard("")
    return names, hosts


def _is_site_name(text: str, names: set[str], hosts: set[str]) -> bool:
    text_key = key(text)
    if not text_key:
        return False
    return text_key in names or text_key.replace(" ", "") in hosts


def _agrees(headline: str, title: str) -> bool:
    """Whether `title` is `headline`, maybe with words before or after a separator (a site name,
    a section): "Hong Kong: a city on the brink | Editorial" agrees with its first two parts."""
    wanted = key(headline)
    if not wanted:
        return False
    parts = [key(part) for part in _PART_SEPARATOR.split(title)]
    runs = [parts[:end] for end in range(1, len(parts) + 1)]
    runs += [parts[start:] for start in range(1, len(parts))]
    return any(" ".join(p for p in run if p) == wanted for run in runs)


def strip_site_affixes(title: str, names: set[str], hosts: set[str]) -> str:
    """`title` without leading or trailing parts that name the site: "A - Site" -> "A"."""
    parts = _AFFIX_SEPARATOR.split(title)
    separators = _AFFIX_SEPARATOR.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], names, hosts):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], names, hosts):
        start += 1
    if (start, end) == (0, len(parts)):
        return title.strip()
    # Rebuild from the kept parts with their own separators ("A – B | Site" -> "A – B").
    kept = [parts[start]]
    for index in range(start + 1, end):
        kept += [separators[index - 1], parts[index]]
    return "".join(kept).strip()


def _plausible(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if 0 < len(text) <= MAX_HEADLINE_CHARS else None


def choose_title(sources: TitleSources) -> str | None:
    """The article's title, from the first rule that gives one:

    1. an <h1> that a meta title agrees with (og:title, twitter:title, JSON-LD headline: equal,
       or equal but for parts after or before a separator): the headline as the page shows it;
       with no meta title, an <h1> that <title> agrees with;
    2. a level-1 heading that opens the extracted article;
    3. a meta title, else <title>, with parts naming the site removed (og:site_name, the
       publisher, the host name: "A | Site" -> "A");
    4. the page's only <h1>.
    Headings that only name the site (a blog's banner <h1>) never count. None when nothing fits.
    """
    names, hosts = _site_keys(sources)
    h1s = [h for h in map(_plausible, sources.h1s) if h and not _is_site_name(h, names, hosts)]
    metas = [t for t in map(_plausible, sources.meta_titles) if t]
    html_title = _plausible(sources.html_title)
    # <title> often carries the site's name, which a banner <h1> repeats: it only decides when
    # the page gives no meta title to agree with.
    referees = metas or ([html_title] if html_title else [])
    for h1 in h1s:
        if any(_agrees(h1, referee) for referee in referees):
            return h1
    heading = _plausible(sources.body_heading)
    if heading and not _is_site_name(heading, names, hosts):
        return heading
    for candidate in (*metas, html_title):
        stripped = strip_site_affixes(candidate, names, hosts) if candidate else None
        if stripped and not _is_site_name(stripped, names, hosts):
            return stripped
    return h1s[0] if len(h1s) == 1 else None


def headline_keys(title: str | None, sources: TitleSources) -> set[str]:
    """Keys of the texts that, opening the article's body, would print its headline again: the
    title and the page's <h1>s."""
    keys = {key(text) for text in _texts(title, sources.h1s)}
    keys.discard("")
    return keys


def _texts(title: str | None, h1s: Iterable[str]) -> Iterable[str]:
    if title:
        yield title
    for h1 in h1s:
        if _plausible(h1):
            yield h1
