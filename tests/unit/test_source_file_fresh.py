"""Tests adding sources when the config file lists none yet: the built-in list is kept only
when asked, and a plan of the same add changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.editing import SourceFile
from newstui.config.schema import Config, load_config
from newstui.models import SourceConfig

MINE = [SourceConfig("https://mine.example/feed", "Mine"), DEFAULT_SOURCES[1]]


@pytest.mark.parametrize("text", [None, 'theme = "nord"  # mine\n'])
@pytest.mark.parametrize("keep", [True, False])
def test_a_file_without_sources(tmp_path: Path, text: str | None, keep: bool) -> None:
    path = tmp_path / "config.toml"
    if text is not None:
        path.write_text(text)
    config = load_config(path) if text is not None else Config(path=path)
    target = SourceFile(config)
    assert not target.lists_sources()
    plan = target.plan_add(MINE, keep_builtin=keep)
    assert path.exists() == (text is not None)
    report = target.add(MINE, keep_builtin=keep)
    assert [s.url for s in report.added] == [s.url for s in plan.added]
    assert [s.url for s in report.known] == [s.url for s in plan.known]
    urls = [s.url for s in load_config(path).sources]
    if keep:
        assert urls == [s.url for s in DEFAULT_SOURCES] + [MINE[0].url]
        assert [s.url for s in report.known] == [DEFAULT_SOURCES[1].url]
    else:
        assert urls == [s.url for s in MINE] and not report.known
    assert target.lists_sources()
    if text and "#" in text:
        assert "# mine" in path.read_text()


def test_a_file_with_sources_ignores_keep_builtin(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[sources]]\nurl = "https://mine.example/feed"\n')
    target = SourceFile(load_config(path))
    assert target.lists_sources()
    plan = target.plan_add(MINE, keep_builtin=False)
    assert [s.url for s in plan.known] == [MINE[0].url]
    target.add(MINE, keep_builtin=False)
    assert [s.url for s in load_config(path).sources] == [s.url for s in MINE]


def test_an_empty_sources_list_means_none(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("sources = []\n")
    target = SourceFile(load_config(path))
    assert target.lists_sources()
    target.add(MINE)
    assert [s.url for s in load_config(path).sources] == [s.url for s in MINE]
