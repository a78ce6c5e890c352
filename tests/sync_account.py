"""Provides an account in sync mode for tests: a config with `[sync]` for a real FreshRSS, a
database, the `newstui` commands run against them (each output kept, to check that no secret is
in any), and feeds on 127.0.0.1 subscribed through `newstui import`."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.feeds import Item, rss
from tests.freshrss import FreshRSS
from tests.server import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
_numbers = itertools.count()


class Account:
    """A config with `[sync]`, a database, and the commands run against them."""

    def __init__(self, tmp_path: Path, server: FreshRSS, url: str | None = None) -> None:
        self.server = server
        self.db = tmp_path / "news.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[sync]\nurl = "{url or server.greader_url}"\nuser = "{server.user}"\n'
        )
        self.password = server.password
        self.outputs: list[str] = []

    def env(self, password: str | None = None) -> dict[str, str]:
        return {
            **os.environ,
            "TZ": "UTC",
            "NEWSTUI_SYNC_PASSWORD": password or self.password,
        }

    def argv(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "newstui",
            "--config",
            str(self.config),
            "--db",
            str(self.db),
            *args,
        ]

    def run(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self.argv(*args), capture_output=True, text=True, timeout=120, env=self.env(password)
        )
        self.outputs += [done.stdout, done.stderr]
        return done

    def headlines(self, *filters: str) -> list[dict[str, object]]:
        done = self.run("headlines", "--json", "--limit", "0", *filters)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    def secrets_kept(self) -> None:
        """The password is in no output of any command run, nor in any byte of the database."""
        for output in self.outputs:
            assert self.password not in output
        for path in self.db.parent.glob(self.db.name + "*"):  # the WAL too
            assert self.password.encode() not in path.read_bytes()


def make_feed(feeds: FeedServer, count: int, title: str) -> tuple[str, str]:
    """A feed of `count` items on the feed server FreshRSS reads; returns (url, title)."""
    n = next(_numbers)
    items = [
        Item(
            f"{title} {n} story {i}",
            f"http://127.0.0.1/cli/{n}/{i}",
            guid=f"cli-{n}-{i}",
            published=NOW - timedelta(minutes=i),
            summary=f"<p>Body of {title.lower()} story {i}.</p>",
        )
        for i in range(count)
    ]
    name = f"{title} desk {n}"
    return feeds.route(f"/cli/{n}.xml", rss(items, title=name)), name


def subscribe(account: Account, tmp_path: Path, url: str, name: str, tag: str) -> None:
    urls = tmp_path / f"urls-{next(_numbers)}"
    urls.write_text(f'{url} {tag} "~{name}"\n')
    done = account.run("import", str(urls))
    assert done.returncode == 0, done.stderr
    assert "1 added on the server" in done.stdout
