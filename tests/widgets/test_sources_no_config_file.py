"""Pilot: the sources view with the config file deleted while the ticker runs says what is true:
no config file there now, these are the sources it listed, and that newstui started without one
runs on its built-in sources, an add writing the file; it said "read-only here: these sources
are not from your config file", the demo's words. Never written, the view edits as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from newstui.config.schema import load_config
from newstui.ui.app import NewsApp
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, record_notices
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def open_sources(pilot: Pilot[None], app: NewsApp) -> SourcesScreen:
    await pilot.press("S")
    await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
    screen = app.screen
    assert isinstance(screen, SourcesScreen)
    await settle(pilot, lambda: bool(screen.query_one("#sources-title", Static).content))
    return screen


def title_of(screen: SourcesScreen) -> str:
    return " ".join(str(screen.query_one("#sources-title", Static).content).split())


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default config file's path, in a folder of the test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "newstui" / "config.toml"


async def test_a_deleted_config_file_is_named_as_gone(
    tmp_path: Path, news_app: MakeApp, config_home: Path
) -> None:
    config_home.parent.mkdir(parents=True)
    config_home.write_text(f'[[sources]]\nurl = "{closed_url(1)}"\nname = "Mine"\n')
    app = news_app(load_config(), tmp_path / "n.db")
    async with app.run_test(size=(200, 30)) as pilot:
        notices = record_notices(app)
        await pilot.pause()
        config_home.unlink()
        screen = await open_sources(pilot, app)
        title = title_of(screen)
        assert "not from your config file" not in title
        assert f"no config file at {config_home} now" in title
        assert "built-in sources" in title
        await pilot.press("a")  # an edit key: its notice says the same, not the demo's words
        await settle(pilot, lambda: any("built-in sources" in n for n in notices))
        assert not any("demo" in n for n in notices), notices
        assert any(f"writes {config_home}" in n for n in notices), notices


async def test_never_written_the_built_in_sources_are_editable(
    tmp_path: Path, news_app: MakeApp, config_home: Path
) -> None:
    app = news_app(load_config(), tmp_path / "n.db")
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_sources(pilot, app)
        assert screen.editor is not None
        assert "read-only" not in title_of(screen)
