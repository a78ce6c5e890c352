"""Tests config values at the edges a new user reaches by mistake: numbers TOML allows but a
schedule or SQLite cannot hold, keys written as tables, and URLs that would only fail at the
first poll. Each must stop at load with file, line and key, or be taken to mean what it says."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, parse_config
from newstui.feeds.poller import Poller
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

PATH = Path("/home/u/.config/newstui/config.toml")
SOURCE = '[[sources]]\nurl = "http://127.0.0.1:9/feed"\n'
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def problem(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, PATH)
    message = str(caught.value)
    assert "\n" not in message and "{" not in message, message
    return message


# Durations: TOML floats include nan and inf, and numbers have no upper bound; a schedule
# needs a finite interval whose next poll still fits a date.


@pytest.mark.parametrize(
    "value",
    [
        "nan",
        "inf",
        "+inf",
        "1e300",
        pytest.param("1" + "0" * 400, id="int-past-float"),
        '"99999999999999999999999d"',
        '"366d"',
    ],
)
@pytest.mark.parametrize("where", ["top", "source"])
def test_an_interval_that_no_schedule_holds_is_refused(value: str, where: str) -> None:
    if where == "top":
        text, line, key = f"refresh = {value}\n{SOURCE}", 1, "refresh"
    else:
        text, line, key = f"{SOURCE}refresh = {value}\n", 3, "sources[1].refresh"
    message = problem(text)
    assert message.startswith(f"{PATH}:{line}: {key}: "), message
    assert "up to 365 days" in message


@pytest.mark.parametrize("value", ['"365d"', '"8760h"', "31536000"])
def test_a_year_is_the_longest_interval(value: str) -> None:
    assert parse_config(f"refresh = {value}\n", PATH).refresh == 365 * 86400


async def test_the_longest_interval_schedules_a_poll(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A source polled at the longest interval gets its next poll a year ahead (beyond the
    bound, the poller's timedelta overflowed and `fetch` ended in a traceback)."""
    url = feed_server.route("/f", rss([Item("a", "http://127.0.0.1/a", guid="a")]))
    config = parse_config(f'refresh = "365d"\n[[sources]]\nurl = "{url}"\n', PATH)
    store = Store(tmp_path / "n.db")
    (source,) = store.sync_sources(config.sources, config.refresh)
    async with Fetcher() as fetcher:
        outcome = await Poller(store, fetcher, jitter=0.1, clock=lambda: NOW).poll_source(source)
    store.close()
    assert outcome.source.last_status == "ok"
    assert outcome.source.next_poll is not None
    days = (outcome.source.next_poll - NOW).total_seconds() / 86400
    assert 365 * 0.9 <= days <= 365 * 1.1


@pytest.mark.parametrize(
    "value", ["nan", "inf", "-inf", pytest.param("1" + "0" * 400, id="int-past-float")]
)
def test_keep_days_must_be_a_finite_number(value: str) -> None:
    message = problem(f"keep_days = {value}\n")
    assert message.startswith(f"{PATH}:1: keep_days: "), message
    assert "positive number of days" in message


def test_a_huge_keep_per_source_keeps_everything(tmp_path: Path) -> None:
    """More headlines than SQLite can count means all of them: pruning runs, keeps them."""
    config = parse_config(f"keep_per_source = {10**20}\n{SOURCE}", PATH)
    store = Store(tmp_path / "n.db")
    store.sync_sources(config.sources, config.refresh)
    assert store.prune(config.keep_days, config.keep_per_source) == 0
    store.close()


# A top-level key written as a table header is found on its line.


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ('refresh = "5m"\n\n[theme]\nname = "nord"\n', 3, "theme: a [theme] table, not a value"),
        ('refresh = "5m"\n[sources]\nurl = "http://127.0.0.1:9/x"\n', 2, "sources: "),
        (f'{SOURCE}\n[[source]]\nurl = "http://127.0.0.1:9/y"\n', 4, "source: unknown key"),
        ('[ "keymap" ]\nopen_link = 5\n', 2, "keymap.open_link: "),
    ],
)
def test_a_key_written_as_a_table_names_its_line(text: str, line: int, start: str) -> None:
    message = problem(text)
    assert message.startswith(f"{PATH}:{line}: {start}"), message


# Source URLs that parse but could never be fetched are refused at load, on their line.


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/feed",
        "http://127.0.0.1:0/feed",
        "http://127.0.0.1:port/feed",
        "http://exa mple.org/feed",
        "http://example.org/a feed",
        "http://example.org/feed\\u0000",
        "http://example.org/\\u001b[2Jfeed",
        "http://example.org/feed\\tx",
    ],
)
def test_a_url_the_fetcher_cannot_send_is_refused(url: str) -> None:
    message = problem(f'[[sources]]\nurl = "http://127.0.0.1:9/ok"\n\n[[sources]]\nurl = "{url}"\n')
    assert message.startswith(f"{PATH}:5: sources[2].url: "), message
    assert "http:// or https:// URL" in message


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:65535/feed", "https://example.org/feed?q=a%20b", "http://[::1]:8080/f"],
)
def test_urls_the_fetcher_can_send_load(url: str) -> None:
    assert parse_config(f'[[sources]]\nurl = "{url}"\n', PATH).sources[0].url == url


# Files as editors save them, and formats that would break every row


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    """Notepad starts UTF-8 files with one; TOML read it as a stray character on line 1."""
    from newstui.config.editing import SourceFile
    from newstui.config.schema import load_config
    from newstui.models import SourceConfig

    path = tmp_path / "config.toml"
    path.write_bytes(
        b'\xef\xbb\xbf# mine\ntheme = "nord"\n\n[[sources]]\nurl = "http://a.example/f"\n'
    )
    config = load_config(path)
    assert (config.theme, [s.url for s in config.sources]) == ("nord", ["http://a.example/f"])
    editor = SourceFile(config)
    assert editor.lists_sources()
    editor.add([SourceConfig("http://b.example/f")])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n") and text.count("[[sources]]") == 2


@pytest.mark.parametrize("fmt", ["%H:%M\\n%d.%m", "\\u001b[31m%H:%M", "%H:%M\\t", "%H\\r%M"])
def test_a_time_format_with_a_control_character_is_refused(fmt: str) -> None:
    message = problem(f'refresh = "5m"\ntime_format = "{fmt}"\n')
    assert message.startswith(f"{PATH}:2: time_format: "), message
    assert "has a control character" in message


def test_a_dotted_unknown_key_names_its_line() -> None:
    message = problem('refresh = "5m"\nrefrsh.x = 1\n')
    assert message.startswith(f"{PATH}:2: refrsh: unknown key"), message


# Where edits are written: through a dotfiles symlink, never over a read-only file


def test_an_edit_writes_through_a_symlinked_config(tmp_path: Path) -> None:
    from newstui.config.editing import SourceFile
    from newstui.config.schema import load_config
    from newstui.models import SourceConfig

    real = tmp_path / "dotfiles" / "newstui.toml"
    real.parent.mkdir()
    real.write_text('# kept in git\n[[sources]]\nurl = "http://a.example/f"\n')
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    SourceFile(load_config(link)).add([SourceConfig("http://b.example/f")])
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text().startswith("# kept in git\n")
    assert [s.url for s in load_config(real).sources] == [
        "http://a.example/f",
        "http://b.example/f",
    ]
    assert not list(real.parent.glob(".config-*")) and not list(link.parent.glob(".config-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file: run as a user to check")
def test_an_edit_leaves_a_read_only_config_alone(tmp_path: Path) -> None:
    from newstui.config.editing import SourceEditError, SourceFile
    from newstui.config.schema import load_config
    from newstui.models import SourceConfig

    path = tmp_path / "config.toml"
    path.write_text('[[sources]]\nurl = "http://a.example/f"\n')
    path.chmod(0o444)
    with pytest.raises(SourceEditError, match="is read-only"):
        SourceFile(load_config(path)).add([SourceConfig("http://b.example/f")])
    assert path.read_text() == '[[sources]]\nurl = "http://a.example/f"\n'
