"""Pilot: the palette's "Screenshot" saves an SVG in the Downloads folder, or in the current
folder where there is none (Textual alone fails there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.widgets.conftest import MakeApp
from tests.widgets.test_snapshots import newsroom
from tests.widgets.waits import settle


@pytest.mark.parametrize("downloads", [False, True])
async def test_the_screenshot_is_saved_where_the_user_can_find_it(
    news_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, downloads: bool
) -> None:
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    if downloads:
        (home / "Downloads").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(here)
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.deliver_screenshot()
        folder = home / "Downloads" if downloads else here
        # Textual writes the file on a thread: it exists (empty, then partly written) before
        # its last byte, so wait for the whole document, not for the name.
        await settle(pilot, lambda: _whole_svgs(folder))
        (saved,) = folder.glob("*.svg")
        assert saved.read_text(encoding="utf-8").startswith("<svg")


def _whole_svgs(folder: Path) -> bool:
    """True once every SVG in `folder` ends with its closing tag (none: False)."""
    names = list(folder.glob("*.svg"))
    return bool(names) and all(
        name.read_text(encoding="utf-8").rstrip().endswith("</svg>") for name in names
    )
