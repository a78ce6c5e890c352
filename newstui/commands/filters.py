"""Provides the headline filters that `headlines` and `mark-read` share: the options and the
one function that turns them into the store's filter."""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import replace

from newstui.commands.common import CommandError, whole_number
from newstui.feeds.stories import StoryPlacer
from newstui.models import HeadlineQuery
from newstui.storage.store import Store, StoreError, fts_query

EVERY = 1 << 40
"""A limit above any number of stored headlines, for "no limit" (the store takes a count)."""


def add_filter_options(parser: argparse.ArgumentParser, *, views: bool) -> None:
    """--source, --tag, --search, --story and --starred, and with `views` --unread (for
    `mark-read` a filter on unread headlines would change nothing, so its --unread means "mark
    unread")."""
    group = parser.add_argument_group("filters (they combine)")
    group.add_argument(
        "--source", metavar="NAME", help="only this source (its name, feed title or URL)"
    )
    group.add_argument("--tag", metavar="TAG", help="only sources with this tag")
    group.add_argument(
        "--search",
        metavar="TEXT",
        help="only headlines whose title or summary has every word of TEXT (as word prefixes)",
    )
    group.add_argument(
        "--story",
        type=whole_number(1),
        metavar="ID",
        help="only the headlines of one story (the `story` of `headlines --json`)",
    )
    if views:
        group.add_argument(
            "--unread", dest="unread_only", action="store_true", help="only unread headlines"
        )
    group.add_argument(
        "--starred", dest="starred_only", action="store_true", help="only starred headlines"
    )


def filtered(args: argparse.Namespace) -> bool:
    """Whether any filter option was given."""
    given = _given(args)
    return any(
        [given.source, given.tag, given.search, given.story, given.unread_only, given.starred_only]
    )


def _given(args: argparse.Namespace) -> HeadlineQuery:
    return HeadlineQuery(
        source=args.source,
        tag=args.tag,
        search=args.search,
        unread_only=getattr(args, "unread_only", False),
        starred_only=args.starred_only,
        story=getattr(args, "story", None),
    )


def headline_filter(args: argparse.Namespace, store: Store) -> HeadlineQuery:
    """The headlines the options select, for `Store.headlines` and `Store.mark_all_read`. A
    source or tag that the database does not know is a usage error (exit 2, as argparse's
    invalid choice and every other mistake in the options) naming the closest known ones, so a
    typo is not mistaken for "no headlines"."""
    given = _given(args)
    if args.search is not None and fts_query(args.search) is None:
        # The store matches nothing for it (as filtering as you type does): an empty list
        # that reads as "no such headlines", while "" was taken as no filter at all.
        raise CommandError(
            f"--search {args.search!r} has no word to search for; expected words, such as "
            "--search 'harbour strike'",
            code=2,
        )
    sources = store.sources(active_only=False) if args.source or args.tag else []
    if args.source is not None:
        names = {n.lower() for s in sources for n in (s.name, s.feed_title) if n}
        if args.source.lower() not in names and args.source not in {s.url for s in sources}:
            known = sorted({s.display_name for s in sources})
            hint = _hint(args.source, known)
            raise CommandError(f"no source named {args.source!r}{hint}", code=2)
    if args.tag is not None:
        tags = sorted({tag for s in sources for tag in s.tags})
        if args.tag not in tags:
            hint = _hint(args.tag, tags)
            raise CommandError(f"no source has the tag {args.tag!r}{hint}", code=2)
    if given.story is not None:
        place_stories(store)
        given = replace(given, story=_story(store, given.story))
    return given


def place_stories(store: Store) -> None:
    """Places the headlines not placed yet (those a `fetch` left, newstui.feeds.stories), so
    that stories are whole. A database this process may not write to keeps what is stored:
    such a headline shows as a story of its own, which is said once on stderr."""
    try:
        StoryPlacer().place_all(store)
    except StoreError as exc:
        print(f"newstui: stories may be incomplete: {exc}", file=sys.stderr)


def _story(store: Store, story: int) -> int:
    """The story `story` goes by now: itself, or, once merged into another, that one (a story's
    id is its first headline's key, and that headline moved with it)."""
    if store.headlines(HeadlineQuery(story=story), limit=1):
        return story
    first = store.headlines(HeadlineQuery(ids=frozenset({story})), limit=1)
    if first:
        return first[0].story_id
    raise CommandError(f"no story with id {story} (the `story` of `newstui headlines --json`)")


def _hint(word: str, known: list[str]) -> str:
    """ "; did you mean ...?" naming up to 3 known names: those that hold `word`, ignoring case,
    those it begins or begins a word of first ("ars" for "Ars Technica", "guard" for "The
    Guardian", "jira" for "Feedjira Atom": a part is too short for difflib's ratio); only when
    none holds it, difflib's close matches of the lowercased names (a typo: "BBC Nwes"), which
    beside a name that holds the word are noise ("Liferea" for "feedjira")."""
    lowered = word.casefold().strip()
    by_lower = {name.casefold(): name for name in known}
    holding = [name for name in known if lowered and lowered in name.casefold()]
    holding.sort(
        key=lambda name: (
            not any(w.startswith(lowered) for w in (name.casefold(), *name.casefold().split()))
        )
    )
    close = difflib.get_close_matches(lowered, list(by_lower), n=3, cutoff=0.5)
    named = holding or [by_lower[c] for c in close]
    if named:
        return "; did you mean " + " or ".join(repr(c) for c in named[:3]) + "?"
    return " (see `newstui sources`)"
