"""Tests `[keymap]` key names: a misspelt key or modifier stops at load with its line and the
closest names (Textual would bind it silently, and the action would have no key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, parse_config

PATH = Path("/home/u/.config/newstui/config.toml")


@pytest.mark.parametrize(
    ("keys", "problem", "closest"),
    [
        ("esc", "unknown key 'esc'", '"escape" (closest)'),
        ("o,ctrl+pgdn", "unknown key 'pgdn'", '"pagedown" (closest)'),
        ("Return", "unknown key 'Return'", '"return" (closest)'),
        ("F5", "unknown key 'F5'", '"f5" (closest)'),
        ("questionmark", "unknown key 'questionmark'", '"question_mark" (closest)'),
        ("ctlr+o", "unknown modifier 'ctlr'", '"ctrl" (closest)'),
        ("control+o", "unknown modifier 'control'", '"ctrl" (closest)'),
        ("cmd+o", "unknown modifier 'cmd'", "ctrl, shift, alt, meta, super, hyper"),
        ("notakey", "unknown key 'notakey'", "such as escape, enter"),
        ("ctrl++", "is not a key", '"ctrl+plus"'),
    ],
)
def test_a_misspelt_key_names_its_line_and_the_closest(
    keys: str, problem: str, closest: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'theme = "nord"\n\n[keymap]\nquit = "q"\nopen_link = "{keys}"\n', PATH)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:5: keymap.open_link: "), message
    assert problem in message and closest in message, message


@pytest.mark.parametrize(
    "keys",
    [
        "o,ctrl+o",
        "escape,enter,tab,space,backspace,delete,insert",
        "pageup,pagedown,home,end,up,down,left,right",
        "f1,f12,shift+f5,ctrl+alt+delete,super+k,hyper+k,meta+k",
        "question_mark,?,slash,/,plus,minus,at,full_stop,less_than_sign",
        "G,ä,€,£,section_sign",
    ],
)
def test_keys_textual_reports_load(keys: str) -> None:
    # A dialog's key: on the main screen most of these keys are other bindings' (a clash).
    config = parse_config(f'[keymap]\npick.cancel = "{keys}"\n', PATH)
    assert config.keymap == {"pick.cancel": keys}


@pytest.mark.parametrize("name", ["open_link", "refresh", "headlines.down"])
def test_a_toml_list_of_keys_is_several_keys(name: str) -> None:
    config = parse_config(f'[keymap]\n{name} = ["w", "ctrl+w"]\n', PATH)
    assert config.keymap == {name: "w,ctrl+w"}


@pytest.mark.parametrize("keys", ["[]", '["o", 5]', '["o", ""]', '["esc"]'])
def test_a_bad_list_of_keys_names_its_line(keys: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[keymap]\nquit = "q"\nopen_link = {keys}\n', PATH)
    assert str(caught.value).startswith(f"{PATH}:3: keymap.open_link: ")
