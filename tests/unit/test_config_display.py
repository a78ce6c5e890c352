"""Tests the checks of the display settings: a misspelt theme, binding id or time format stops
with the file, line, key and the valid choices (closest first), and good ones are accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, parse_config

PATH = Path("/home/reader/.config/newstui/config.toml")


def error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text, PATH)
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "key", "first_choice"),
    [
        ('refresh = "5m"\n[keymap]\nopen = "x"\n', 3, "keymap.open", '"open_link"'),
        ('[keymap]\nquit = "q"\ntogle_star = "x"\n', 3, "keymap.togle_star", '"toggle_star"'),
        ('[keymap]\nheadlines.dwn = "s"\n', 2, "keymap.headlines.dwn", '"headlines.down"'),
        ('[keymap]\n"sources.ad" = "+"\n', 2, "keymap.sources.ad", '"sources.add"'),
        ('keymap = { hlep = "h" }\n', 1, "keymap.hlep", '"help"'),
        ('jitter = 0.1\ntheme = "dracla"\n', 2, "theme", '"dracula"'),
        ('theme = "Nord"\n', 1, "theme", '"nord"'),
        ('theme = "solarised-light"\n', 1, "theme", '"solarized-light"'),
    ],
)
def test_misspelt_names_give_the_line_and_the_closest_choice_first(
    text: str, line: int, key: str, first_choice: str
) -> None:
    message = error(text)
    assert message.startswith(f"{PATH}:{line}: {key}: "), message
    expected = message.split("; expected ", 1)[1]
    assert first_choice in expected
    assert expected.index(first_choice) == min(expected.index('"'), expected.index(first_choice))
    assert "{" not in message  # a Python dict is no message


def test_every_choice_is_named() -> None:
    message = error('[keymap]\nzzz = "x"\n')
    for binding_id in ("quit", "headlines.open", "sources.remove", "filter.clear", "confirm.yes"):
        assert binding_id in message
    assert "tokyo-night" in error('theme = "zzz"\n')


@pytest.mark.parametrize("setting", ["full_text = false", "refresh = 60", 'theme = "nord"'])
def test_a_setting_written_below_keymap_says_to_move_it(setting: str) -> None:
    message = error(f'[keymap]\nopen_link = "o"\n{setting}\n')
    name = setting.split()[0]
    assert message.startswith(f"{PATH}:3: keymap.{name}: "), message
    assert "top-level setting" in message and "above the first [table]" in message


def test_a_setting_written_below_a_source_says_to_move_it() -> None:
    message = error('[[sources]]\nurl = "https://a.example/feed"\nkeep_days = 3\n')
    assert message.startswith(f"{PATH}:3: sources[1].keep_days: ")
    assert "top-level setting" in message


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        ("%Q %", "unknown conversion %Q"),
        ("%H:%M %Q", "unknown conversion %Q"),
        ("%H:%M %", "lone %"),
        ("%Ek", "unknown conversion %Ek"),
        ("now", "shows no part of the time"),
        ("%%H", "shows no part of the time"),
        ("", "shows no part of the time"),
    ],
)
def test_time_formats_that_show_nothing_or_guess_are_refused(fmt: str, problem: str) -> None:
    message = error(f'time_format = "{fmt}"\n')
    assert message.startswith(f"{PATH}:1: time_format: "), message
    assert problem in message and "%H hour" in message


@pytest.mark.parametrize(
    "fmt",
    ["%H:%M", "%Y-%m-%dT%H:%M:%S%z", "%a %d %b %H:%M", "%-d.%-m. %k:%M", "%I:%M %p", "%c", "%s"],
)
def test_real_time_formats_are_accepted(fmt: str) -> None:
    assert parse_config(f'time_format = "{fmt}"\n', PATH).time_format == fmt


def test_keymaps_both_spellings_and_spaced_key_lists() -> None:
    config = parse_config(
        '[keymap]\nheadlines.down = "j, ctrl+n"\n"headlines.up" = "k"\ntoggle_star = "x"\n', PATH
    )
    assert config.keymap == {"headlines.down": "j,ctrl+n", "headlines.up": "k", "toggle_star": "x"}


@pytest.mark.parametrize("keys", ['""', '"a,,b"', "1", '"ctrl + x"'])
def test_bad_key_lists(keys: str) -> None:
    message = error(f"[keymap]\nquit = {keys}\n")
    assert message.startswith(f"{PATH}:2: keymap.quit: "), message
