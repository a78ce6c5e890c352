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
