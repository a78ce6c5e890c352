"""Tests that the import's skip messages say each thing once: an entry named by its title or
its URL (not both the same), no "skipped" inside a line the command prints after "skipped:",
and a duplicate pointing at the first."""

from __future__ import annotations

import re

from newstui.config.opml import read_subscriptions

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
<outline text="Harbour" xmlUrl="http://127.0.0.1:9/a.xml"/>
<outline text="Harbour again" xmlUrl="http://127.0.0.1:9/a.xml"/>
<outline xmlUrl="http://127.0.0.1:9/a.xml"/>
<outline xmlUrl="ftp://127.0.0.1/x.xml"/>
<outline text="Scripted" xmlUrl="javascript:alert(1)"/>
<outline text="Blank" xmlUrl=""/>
<outline xmlUrl=""/>
</body></opml>
"""

URLS = b"""http://127.0.0.1:9/a.xml news
http://127.0.0.1:9/a.xml again
query:Unread:unread = "yes"
exec:~/bin/feed
filter:~/bin/f:http://127.0.0.1:9/f.xml
gopher://127.0.0.1/x
"""


def repeats(line: str) -> list[str]:
    """Words of 4+ characters (URLs whole) said more than once in `line` after its place."""
    said = re.sub(r"^line \d+: ", "", line).replace("(", " ").replace(")", " ")
    words = re.findall(r"\S{4,}", said)
    return sorted({w.rstrip(":") for w in words if words.count(w) > 1})


def test_opml_skips_name_each_entry_once() -> None:
    imported = read_subscriptions(OPML)
    assert [s.url for s in imported.sources] == ["http://127.0.0.1:9/a.xml"]
    assert len(imported.skipped) == 6
    for line in imported.skipped:
        assert "skipped" not in line and not repeats(line), line
    assert "ftp://127.0.0.1/x.xml: not an http(s) feed URL newstui can fetch" in imported.skipped
    assert "Blank: an empty feed URL" in imported.skipped
    assert imported.skipped.count("http://127.0.0.1:9/a.xml: a repeat (the first is kept)") == 2


def test_newsboat_skips_say_why_once_and_where_the_first_is() -> None:
    imported = read_subscriptions(URLS)
    for line in imported.skipped:
        assert "skipped" not in line and not repeats(line), line
    assert "line 2: http://127.0.0.1:9/a.xml: a repeat of line 1" in imported.skipped
    assert "line 3: query:Unread:unread (a newsboat query feed)" in imported.skipped
    assert "line 4: exec:~/bin/feed (an exec: command, not run)" in imported.skipped
