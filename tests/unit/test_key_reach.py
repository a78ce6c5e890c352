"""Tests that a `[keymap]` key terminals never send as written (ctrl+i is Tab's byte; ctrl+/ is
named ctrl+slash) is a config error naming the file, the line, the key, why and a free key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.checks import ConfigError
from newstui.config.key_reach import unreachable_key
from newstui.config.schema import parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("keymap", "binding", "key", "sent"),
    [
        ('open_link = "o,ctrl+i"', "open_link", "ctrl+i", "tab"),
        ('help = ["?", "ctrl+m"]', "help", "ctrl+m", "enter"),
        ('back = "ctrl+["', "back", "ctrl+[", "escape"),
        ('back = "ctrl+left_square_bracket"', "back", "ctrl+left_square_bracket", "escape"),
        ('"sources.add" = "ctrl+H"', "sources.add", "ctrl+H", "backspace"),
        ('headlines.down = "j,ctrl+space"', "headlines.down", "ctrl+space", "ctrl+@"),
    ],
)
def test_a_ctrl_key_terminals_send_as_another_is_an_error(
    keymap: str, binding: str, key: str, sent: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'theme = "nord"\n[keymap]\n{keymap}\n', PATH)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:3: keymap.{binding}: key {key!r} never arrives"), message
    assert f"terminals send it as {sent}" in message
    assert f'"{sent}" if you mean it' in message
    assert "a key free in the " in message  # the scope's free keys: x, y, z


def test_punctuation_after_a_modifier_must_be_written_by_its_name() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[keymap]\nfilter = "slash,ctrl+/"\n', PATH)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:2: keymap.filter: key 'ctrl+/' never arrives as written")
    assert '"ctrl+slash"' in message


def test_the_filter_bars_keys_are_not_answered_with_letters() -> None:
    """A letter would be typed into the filter, not clear it."""
    with pytest.raises(ConfigError) as caught:
        parse_config('[keymap]\nfilter.clear = "escape,ctrl+["\n', PATH)
    assert str(caught.value).endswith('expected "escape" if you mean it, or another key')


@pytest.mark.parametrize(
    "keys",
    ["tab", "ctrl+j", "ctrl+@", "ctrl+slash", "ctrl+o", "shift+tab", "alt+i", "+", "ctrl+f5"],
)
def test_keys_that_arrive_as_written_load(keys: str) -> None:
    config = parse_config(f'[keymap]\nrefresh = "{keys}"\nswitch_pane = "f2"\n', PATH)
    assert unreachable_key(config.keymap) is None
