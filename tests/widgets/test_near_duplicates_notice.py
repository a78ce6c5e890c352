"""Tests the ticker's notice of near-duplicate `[[sources]]`, given after the first frame as the
commands say it on stderr (config.near_duplicates)."""

from __future__ import annotations

from pathlib import Path

from newstui.commands.ticker import _say_near_duplicates
from newstui.config.schema import load_config
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

CONFIG = """\
[[sources]]
url = "http://127.0.0.1:9/feed"

[[sources]]
url = "http://127.0.0.1:9/feed/"
"""


async def test_the_ticker_gives_one_notice_naming_both_lines(
    tmp_path: Path, news_app: MakeApp
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path)
    app = news_app(config, tmp_path / "n.db")
    async with app.run_test(size=(100, 24)) as pilot:
        _say_near_duplicates(app, config)
        await settle(pilot, lambda: bool(app._notifications))
        (notice,) = [n for n in app._notifications if n.title == "Config"]
        assert notice.message.startswith(f"{path}:2 and line 5: sources[0] and sources[1]")
