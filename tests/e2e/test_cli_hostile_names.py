"""Tests that `newstui sources` and `newstui fetch` (tables and --json) never print the control
characters of a source name written by hand in config.toml: an escape sequence, a C1 CSI, a
bidi override. Real feed server, real DB, the real command in a subprocess."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.test_cli import newstui
from tests.feeds import Item, rss
from tests.server import FeedServer

HOSTILE = "Red\x1b[31m Desk\x1b]0;owned\x07 \x9b2J\u202eCSI\x85end"
"""An SGR and an OSC (title) sequence, a C1 CSI (U+009B) clearing the screen, a right-to-left
override and a C1 NEL, as TOML's \\u escapes put them in a name."""
UNSAFE = ("\x1b", "\x9b", "\x07", "\u202e", "\x85")


def toml_escaped(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def test_names_with_controls_are_printed_as_text(tmp_path: Path, feed_server: FeedServer) -> None:
    item = Item("A story", "http://127.0.0.1/a", published=datetime.now(UTC))
    url = feed_server.route("/red.xml", rss([item], title="Red"))
    config = tmp_path / "config.toml"
    config.write_text(f'[[sources]]\nurl = "{url}"\nname = "{toml_escaped(HOSTILE)}"\n')
    base = ("--config", str(config), "--db", str(tmp_path / "news.db"))
    fetched = newstui(*base, "fetch")
    listed = newstui(*base, "sources")
    as_json = newstui(*base, "sources", "--json")
    for done in (fetched, listed, as_json):
        assert done.returncode == 0, done.stderr
        assert not any(c in done.stdout + done.stderr for c in UNSAFE), repr(done.stdout)
    assert "Red Desk" in fetched.stdout and "Red Desk" in listed.stdout
    assert "Red Desk CSI" in listed.stdout  # sequences go whole, with their parameters
    assert json.loads(as_json.stdout)["name"] == HOSTILE  # the data whole, escaped
