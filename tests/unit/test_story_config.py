"""Tests the config's `stories` setting: true or false, absent meaning the key's last choice,
anything else an error naming file, line, key and fix; and its keymap ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.choices import BINDING_IDS
from newstui.config.schema import ConfigError, parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("text", "stories"), [("", None), ("stories = false\n", False), ("stories = true\n", True)]
)
def test_stories_is_true_false_or_left_to_the_key(text: str, stories: bool | None) -> None:
    assert parse_config(text, PATH).stories is stories


@pytest.mark.parametrize("value", ['"no"', "0", '"off"', "[]"])
def test_anything_else_names_file_line_key_and_fix(value: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(f'refresh = "5m"\nstories = {value}\n', PATH)
    message = str(info.value)
    assert message.startswith(f"{PATH}:2: stories: "), message
    assert "true or false" in message


def test_the_story_keys_have_keymap_ids() -> None:
    assert "toggle_stories" in BINDING_IDS["main"]
    assert {"headlines.expand", "headlines.collapse"} <= set(BINDING_IDS["headline list"])
    config = parse_config('[keymap]\ntoggle_stories = "ctrl+y"\n"headlines.expand" = "+"\n', PATH)
    assert config.keymap == {"toggle_stories": "ctrl+y", "headlines.expand": "+"}
