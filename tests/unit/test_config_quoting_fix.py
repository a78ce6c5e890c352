"""Tests the fix a TOML syntax error names where a person left a text value unquoted (`theme =
nord`, `refresh = 5m`, a URL) or typed a word processor's quotes or `True`: the line to write,
not only "expected valid TOML"; other syntax errors keep the general fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, parse_config

PATH = Path("/home/u/.config/newstui/config.toml")


def message(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, PATH)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "fix"),
    [
        ("theme = nord\n", 1, 'expected theme = "nord" (text goes in straight double quotes)'),
        ("jitter = 0.1\nrefresh = 5m\n", 2, 'expected refresh = "5m"'),
        ("refresh = \u201c5m\u201d\n", 1, 'expected refresh = "5m"'),
        (
            "[[sources]]\nurl = http://127.0.0.1:9/feed\n",
            2,
            'expected url = "http://127.0.0.1:9/feed"',
        ),
        ("full_text = True\n", 1, "expected full_text = true"),
        ("time_format = %H:%M\n", 1, 'expected time_format = "%H:%M"'),
    ],
)
def test_unquoted_text_names_the_quoted_line(text: str, line: int, fix: str) -> None:
    said = message(text)
    assert said.startswith(f"{PATH}:{line}: invalid TOML: "), said
    assert fix in said, said


@pytest.mark.parametrize(
    "text",
    ['[[sources]\nurl = "http://127.0.0.1:9/feed"\n', 'refresh = "5m"\nrefresh = "6m"\n'],
)
def test_other_syntax_errors_keep_the_general_fix(text: str) -> None:
    assert message(text).endswith("expected valid TOML (see the README's example)")
