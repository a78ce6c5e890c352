"""Tests that `newstui headlines` on a database with nothing stored says what fills it."""

from __future__ import annotations

from pathlib import Path

from newstui.storage.store import Store
from tests.e2e.test_cli import newstui, three_feeds, write_config

__all__ = ["three_feeds"]  # the fixture, used by name below


def test_an_empty_database_says_how_to_fill_it_and_a_filter_does_not(
    tmp_path: Path, three_feeds: list[str]
) -> None:
    config, db = write_config(tmp_path, three_feeds), tmp_path / "news.db"
    Store(db).close()  # a database, with nothing in it yet
    for json in ([], ["--json"]):
        empty = newstui("--config", str(config), "--db", str(db), "headlines", *json)
        assert empty.returncode == 0 and empty.stdout == ""  # scripts read nothing
        assert "no headlines stored yet; `newstui fetch`" in empty.stderr
    assert newstui("--config", str(config), "--db", str(db), "fetch", "-q").returncode == 0
    unmatched = newstui("--config", str(config), "--db", str(db), "headlines", "--search", "zzz")
    assert unmatched.returncode == 0 and unmatched.stdout == "" and unmatched.stderr == ""
    listed = newstui("--config", str(config), "--db", str(db), "headlines")
    assert "World story 0" in listed.stdout and listed.stderr == ""
