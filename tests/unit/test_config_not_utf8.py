"""Tests that a config file that is not UTF-8 is an error naming the file, the line and the
column of its first bad byte and the fix (save it as UTF-8), wherever in the file the byte is,
and that `newstui` stops on it with exit 2 as on other config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.not_utf8 import not_utf8_message
from newstui.config.schema import ConfigError, load_config
from tests.e2e.test_cli import newstui

GOOD = 'refresh = "5m"\n\n[[sources]]\nurl = "http://127.0.0.1:9/feed.xml"\n'


def error_of(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_a_latin1_name_is_found_on_its_line_and_column(tmp_path: Path) -> None:
    data = GOOD.encode() + 'name = "Le Monde à la une"\n'.encode("latin-1")
    message = error_of(tmp_path, data)
    assert message.startswith(
        f"{tmp_path / 'config.toml'}:5: not UTF-8 text: byte 0xE0 at column 18"
    )
    assert "save the file as UTF-8" in message


def test_the_column_counts_characters_and_not_a_byte_order_mark(tmp_path: Path) -> None:
    # Line 1 after a BOM (which the reader drops), with two-byte characters before the byte.
    data = b"\xef\xbb\xbf" + "# Zürich é ".encode() + b"\xff\n" + GOOD.encode()
    message = error_of(tmp_path, data)
    assert ":1: not UTF-8 text: byte 0xFF at column 12 " in message


def test_a_bad_byte_far_into_a_long_file_is_placed_in_the_file(tmp_path: Path) -> None:
    # Past the text reader's first chunk (8 KiB), whose own error position is chunk-relative.
    body = "".join(f'[[sources]]\nurl = "http://127.0.0.1:9/{n}"\n' for n in range(600))
    lines = body.count("\n")
    data = body.encode() + b'[[sources]]\r\nurl = "http://127.0.0.1:9/caf\xe9"\r\n'
    assert len(data) > 3 * 8192
    message = error_of(tmp_path, data)
    assert f":{lines + 2}: not UTF-8 text: byte 0xE9 at column 30 " in message


def test_a_character_cut_at_the_end_of_the_file(tmp_path: Path) -> None:
    data = GOOD.encode() + "# ü".encode()[:-1]  # the last character's second byte is missing
    message = error_of(tmp_path, data)
    assert ":5: not UTF-8 text: byte 0xC3 at column 3 (unexpected end of data)" in message


def test_utf8_gives_no_message(tmp_path: Path) -> None:
    assert not_utf8_message(tmp_path / "c.toml", "é\n".encode()) is None
    assert load_config(_written(tmp_path, GOOD.encode())).sources[0].url.endswith("feed.xml")


def _written(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "ok.toml"
    path.write_bytes(data)
    return path


def test_newstui_stops_with_exit_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(GOOD.encode() + b'name = "Z\xfcrich"\n')
    run = newstui("--config", str(path), "--db", str(tmp_path / "news.db"), "sources")
    assert run.returncode == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert f"{path}:5: not UTF-8 text: byte 0xFC at column 10" in line
    assert "save the file as UTF-8" in line and not run.stdout
