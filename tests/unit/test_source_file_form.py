"""Tests that a source edit keeps the way the user's config file is written: a file with
Windows line ends (CRLF) keeps them on every line, old and new, with or without a byte order
mark (which is dropped, see test_config_edges); a plain file stays plain."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newstui.config.editing import SourceFile
from newstui.config.schema import load_config
from newstui.models import SourceConfig

LINES = ["# my news", 'refresh = "5m"', "", "[[sources]]", 'url = "https://a.example/feed"']


@pytest.mark.parametrize(
    ("newline", "bom"), [("\r\n", b""), ("\r\n", codecs.BOM_UTF8), ("\n", codecs.BOM_UTF8)]
)
def test_an_edit_keeps_line_ends_and_byte_order_mark(
    tmp_path: Path, newline: str, bom: bytes
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(bom + (newline.join(LINES) + newline).encode())
    editor = SourceFile(load_config(path), path)
    editor.add([SourceConfig(url="https://b.example/feed", name="B", tags=("tech",))])
    editor.rename("https://a.example/feed", "A")
    raw = path.read_bytes()
    assert not raw.startswith(codecs.BOM_UTF8)
    body = raw.decode()
    lines = body.split(newline)
    assert all("\n" not in line and "\r" not in line for line in lines), body
    assert lines[0] == "# my news" and 'name = "B"' in lines and 'name = "A"' in lines
    assert [s.url for s in load_config(path).sources] == [
        "https://a.example/feed",
        "https://b.example/feed",
    ]


def test_a_plain_file_stays_plain(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("\n".join(LINES) + "\n")
    SourceFile(load_config(path), path).rename("https://a.example/feed", "A")
    raw = path.read_bytes()
    assert b"\r" not in raw and not raw.startswith(codecs.BOM_UTF8)
    assert b'name = "A"\n' in raw


def test_an_added_source_is_set_apart_by_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("\n".join([*LINES, "", "[[sources]]", 'url = "https://b.example/feed"']) + "\n")
    editor = SourceFile(load_config(path), path)
    editor.add([SourceConfig(url="https://c.example/feed")])
    editor.add([SourceConfig(url="https://d.example/feed", name="D")])
    # It read '...b.example/feed"\n[[sources]]\nurl = "https://c...', each new entry cramped.
    assert path.read_text().endswith(
        'url = "https://b.example/feed"\n\n'
        '[[sources]]\nurl = "https://c.example/feed"\n\n'
        '[[sources]]\nurl = "https://d.example/feed"\nname = "D"\n'
    )
    between = tmp_path / "between.toml"  # a table after the sources keeps its blank line
    between.write_text("\n".join([*LINES, "", "[keymap]", 'toggle_star = "x"']) + "\n")
    SourceFile(load_config(between), between).add([SourceConfig(url="https://c.example/feed")])
    assert between.read_text().endswith(
        'url = "https://a.example/feed"\n\n'
        '[[sources]]\nurl = "https://c.example/feed"\n\n'
        '[keymap]\ntoggle_star = "x"\n'
    )
    assert [s.url for s in load_config(between).sources][-1] == "https://c.example/feed"


def test_another_spelling_of_a_configured_address_is_known(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("\n".join(LINES) + "\n")
    report = SourceFile(load_config(path), path).add(
        [
            SourceConfig(url="HTTPS://A.example:443/feed/"),  # the configured feed's
            SourceConfig(url="https://a.example/Feed"),  # a path's case is the server's
            SourceConfig(url="https://a.example/Feed/"),  # ...and is that one again
        ]
    )
    assert [s.url for s in report.known] == [
        "HTTPS://A.example:443/feed/",
        "https://a.example/Feed/",
    ]
    assert [s.url for s in load_config(path).sources] == [
        "https://a.example/feed",
        "https://a.example/Feed",
    ]
