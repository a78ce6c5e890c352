"""Tests that a `[keymap]` giving a binding a key another binding of the same screen keeps is a
config error naming the file, the line, both bindings and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.checks import ConfigError
from newstui.config.keymap_clash import keymap_clash
from newstui.config.schema import parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("keymap", "line", "binding", "other", "key"),
    [
        ('toggle_star = "u"', 3, "toggle_star", "toggle_read", "'u'"),
        ('open_link = "x"\nfilter = "?"', 4, "filter", "help", "'?'"),  # ? is question_mark
        ('headlines.down = "j,down,n"', 3, "headlines.down", "jump_new", "'n'"),
        ('"sources.add" = "a,e"', 3, "sources.add", "sources.rename", "'e'"),
        ('toggle_star = "x"\ntoggle_read = "x"', 3, "toggle_star", "toggle_read", "'x'"),
        ('confirm.yes = "n"', 3, "confirm.yes", "confirm.no", "'n'"),
    ],
)
def test_a_key_two_bindings_of_one_screen_share_is_an_error(
    keymap: str, line: int, binding: str, other: str, key: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'theme = "nord"\n[keymap]\n{keymap}\n', PATH)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:{line}: keymap.{binding}: key {key} is {other}'s too")
    assert f"another key for {other} too, such as {other} = " in message, message
    assert "free: " in message


@pytest.mark.parametrize(
    "keymap",
    [
        'next_unread = "n"\nprev_unread = "p"\njump_new = "N"',  # the README's newsboat keys
        'toggle_star = "s,x"\nhelp = "?,f1"',  # a binding's own default again
        'sources.add = "n"\nconfirm.yes = "a"',  # keys used on other screens only
        'toggle_read = "s"\ntoggle_star = "u"',  # two keys swapped
        '"headlines.expand" = "+"\nfilter.clear = "escape,ctrl+g"',
    ],
)
def test_keymaps_that_leave_one_action_a_key_load(keymap: str) -> None:
    config = parse_config(f"[keymap]\n{keymap}\n", PATH)
    assert keymap_clash(config.keymap) is None
