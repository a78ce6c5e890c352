"""Provides what the first-day tests share: the command run as a new user runs it (a home of
its own, so the platform's default folders are temporary) and a small stored database."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.config.schema import load_config
from newstui.models import FeedEntry
from newstui.storage.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@dataclass
class Home:
    """A user's folders: XDG config and data homes under a temporary directory."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config" / "newstui" / "config.toml"

    @property
    def db(self) -> Path:
        return self.root / "data" / "newstui" / "newstui.db"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "TZ": "UTC",
            "HOME": str(self.root),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_DATA_HOME": str(self.root / "data"),
        }

    def run(
        self, *args: str, stdin: str | None = None, stdout: int | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newstui", *args],
            stdout=subprocess.PIPE if stdout is None else stdout,
            stderr=subprocess.PIPE,
            text=True,
            input=stdin,
            timeout=120,
            env=self.env(),
        )


def stored(config: Path, db: Path, per_source: int = 3) -> None:
    """Stores `per_source` headlines for each source of `config` into a new database `db`."""
    store = Store(db)
    for n, source in enumerate(store.sync_sources(load_config(config).sources, 300)):
        entries = [
            FeedEntry(
                f"{n}-{i}",
                f"{source.display_name} story {i}",
                f"https://{n}.example/{i}",
                NOW - timedelta(minutes=i * 7 + n),
                summary=f"Blurb {i} of desk {n}",
            )
            for i in range(per_source)
        ]
        store.save_poll(source, entries, NOW)
    store.close()
