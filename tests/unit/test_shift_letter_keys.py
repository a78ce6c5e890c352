"""Tests that a `[keymap]` key written as Shift and a letter ("shift+a") is checked and bound
as the capital letter terminals send (Textual's key "A"): a clash with the letter's binding is
an error naming file, line, both bindings and a free key; an unclashing one binds the letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.checks import ConfigError
from newstui.config.keymap_clash import key_name
from newstui.config.schema import parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("keymap", "binding", "other"),
    [
        ('toggle_star = "shift+a"', "toggle_star", "mark_all_read"),
        ('open_link = "o,shift+j"', "open_link", "next_source"),
        ('toggle_read = "shift+z"\ntoggle_star = "Z"', "toggle_read", "toggle_star"),
    ],
)
def test_shift_and_a_letter_clashes_with_the_capital_letters_binding(
    keymap: str, binding: str, other: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'theme = "nord"\n[keymap]\n{keymap}\n', PATH)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:3: keymap.{binding}: key "), message
    assert f"is {other}'s too" in message, message
    assert "free: " in message, message


@pytest.mark.parametrize(
    ("written", "bound"), [("shift+z", "Z"), ("o,shift+w", "o,W"), ("shift+up", "shift+up")]
)
def test_an_unclashing_shift_letter_binds_the_capital_letter(written: str, bound: str) -> None:
    config = parse_config(f'[keymap]\nopen_link = "{written}"\n', PATH)
    assert config.keymap["open_link"] == bound


def test_key_names_leave_other_shifted_keys_alone() -> None:
    assert key_name("shift+a") == "A"
    assert key_name("shift+tab") == "shift+tab"
    assert key_name("shift+1") == "shift+1"
    assert key_name("ctrl+shift+a") == "ctrl+shift+a"
