"""Tests that a source's tags written as one string with commas, as the sources view's tags
dialog and OPML's `category` take them, are read as several tags rather than one tag with a
comma in it (which no filter, `T` pick or export could give back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.schema import parse_config

PATH = Path("/home/u/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ('"world, tech"', ("world", "tech")),
        ('"world,tech,"', ("world", "tech")),
        ('["world, tech", "science"]', ("world", "tech", "science")),
        ('["world", "World ", "world"]', ("world", "World")),
        ('"world"', ("world",)),
    ],
)
def test_tags_split_at_commas(tags: str, expected: tuple[str, ...]) -> None:
    text = f'[[sources]]\nurl = "http://127.0.0.1:9/feed"\ntags = {tags}\n'
    (source,) = parse_config(text, PATH).sources
    assert source.tags == expected
