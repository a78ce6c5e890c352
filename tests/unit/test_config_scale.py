"""The config at scale: a source's URL checked without urlsplit where its verdict is plain (the
same verdict as urlsplit's, over kinds of URLs), and the ticker's parse of its config file kept
for the sources view, which parses the file again only when it changed."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from urllib.parse import urlsplit

from newstui.config.editing import SourceFile
from newstui.config.schema import load_config, source_url

SCHEMES = ("http", "HTTPS", "hTtp", "ftp", "file", "https")
HOSTS = (
    "example.com", "a", "127.0.0.1", "ex-ample.co.uk", "-dash", ".dot", "x..y", "EXAMPLE.COM",
    "[::1]", "[::1", "user@host", "user:pw@host", "bücher.de", "xn--bcher-kva.de", "", "a_b",
    "1.2.3.4.5", "host%2e",
)  # fmt: skip
PORTS = ("", ":0", ":1", ":80", ":65535", ":65536", ":99999", ":00080", ":", ":x", ":123456")
PATHS = ("", "/", "/feed?x=1", "?q", "#frag", "path", "\\back", "/ü")


def urlsplit_verdict(text: str) -> bool:
    """The check before the plain path: urlsplit for every URL."""
    try:
        parts = urlsplit(text)  # ValueError: "[::1" (an IPv6 address not closed)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            return False
        return parts.port != 0  # ValueError: past 65535, or not a number
    except ValueError:
        return False


def test_a_url_gets_urlsplits_verdict_whether_or_not_it_is_plain() -> None:
    checked = 0
    for scheme, host, port, path in itertools.product(SCHEMES, HOSTS, PORTS, PATHS):
        for text in (f"{scheme}://{host}{port}{path}", f"{scheme}:{host}{port}{path}"):
            try:
                verdict = bool(source_url(text))
            except ValueError:
                verdict = False
            assert verdict == urlsplit_verdict(text), text
            checked += 1
    assert checked > 10_000


def test_the_tickers_parse_serves_the_sources_view_until_the_file_changes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("".join(f'[[sources]]\nurl = "http://127.0.0.1/{n}"\n' for n in range(3)))
    config = load_config(path)
    editor = SourceFile(config)
    assert editor.problem() is None
    assert editor._read_config() is config  # not parsed again

    path.write_text(path.read_text() + '[[sources]]\nurl = "http://127.0.0.1/new"\n')
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # whatever the clock's grain
    assert "not those of" in (editor.problem() or "")  # parsed again: a fourth source
    assert len(editor._read_config().sources) == 4
