"""Tests that a --source or --tag the database does not know names the close ones: a prefix of
a name or of a word in it (any case), and a typo; nothing close, the sources command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from newstui.commands.common import CommandError
from newstui.commands.filters import headline_filter
from newstui.models import SourceConfig
from newstui.storage.store import Store

NAMES = ["Reuters World", "BBC News", "Ars Technica", "The Guardian", "Harbour Desk"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "n.db")
    sources = [
        SourceConfig(url=f"http://127.0.0.1:9/{n}", name=name, tags=("world", "technology"))
        for n, name in enumerate(NAMES)
    ]
    store.sync_sources(sources, 300)
    return store


def refused(store: Store, *, source: str | None = None, tag: str | None = None) -> str:
    args = argparse.Namespace(source=source, tag=tag, search=None, starred_only=False)
    with pytest.raises(CommandError) as raised:
        headline_filter(args, store)
    return str(raised.value)


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ("Ars", "Ars Technica"),  # a prefix
        ("guard", "The Guardian"),  # a later word's prefix, another case
        ("harbour", "Harbour Desk"),
        ("BBC Nwes", "BBC News"),  # a typo
        ("reuters wrld", "Reuters World"),
    ],
)
def test_a_near_source_name_is_suggested(store: Store, given: str, named: str) -> None:
    said = refused(store, source=given)
    assert f"no source named {given!r}; did you mean" in said and repr(named) in said


def test_a_tag_prefix_is_suggested_and_nothing_close_points_to_the_sources(store: Store) -> None:
    assert "did you mean 'technology'?" in refused(store, tag="tech")
    assert refused(store, source="zzz").endswith("(see `newstui sources`)")


def test_a_name_holding_the_word_is_named_alone(tmp_path: Path) -> None:
    """A name that holds the word (anywhere, any case) is the answer: difflib's ratio would add
    names that merely share letters ("Liferea" beside "Feedjira Atom")."""
    store = Store(tmp_path / "h.db")
    names = ["Feedjira Atom", "Liferea", "Jekyll Blog"]
    store.sync_sources(
        [SourceConfig(url=f"http://127.0.0.1:9/{n}", name=name) for n, name in enumerate(names)],
        300,
    )
    assert refused(store, source="feedjira").endswith("did you mean 'Feedjira Atom'?")
    assert refused(store, source="JIRA").endswith("did you mean 'Feedjira Atom'?")
    store.close()
