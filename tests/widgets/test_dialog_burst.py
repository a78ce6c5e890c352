"""Tests the sources view's dialogs when keys come in one burst: `e` and `a` typed together open
two dialogs (each action pushes its dialog from a worker); answering and cancelling them must
not crash the app (InvalidStateError: a dialog under another answered, then answered again)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot

from newstui.config.schema import load_config
from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp


async def until(pilot: Pilot[None], condition: object, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await pilot.pause(0.05)


async def test_two_dialogs_opened_in_one_burst_answer_once_each(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed"\nname = "Ascii"\n')
    app = news_app(load_config(config), tmp_path / "n.db", now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: len(app.store.sources()) == 1)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        sources = app.screen
        await until(pilot, lambda: len(sources.sources) == 1)  # type: ignore[attr-defined]
        # `e` then `a` in one burst (tmux send-keys -l ea): both actions start before either
        # dialog shows. Pilot's press waits for each key's effects, so the two run as the keys
        # would, without a wait between them.
        sources.action_rename()  # type: ignore[attr-defined]
        sources.action_add()  # type: ignore[attr-defined]
        await until(pilot, lambda: sum(isinstance(s, AskScreen) for s in app.screen_stack) == 2)
        await pilot.press("enter")  # the dialog on top answers (the add: nothing typed)
        await until(pilot, lambda: sum(isinstance(s, AskScreen) for s in app.screen_stack) == 1)
        await pilot.press("escape")  # then the one under it
        await until(pilot, lambda: app.screen is sources)
        await pilot.press("escape", "escape")  # extra keys land on the view, as usual
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_a_dialog_under_another_does_not_answer(tmp_path: Path, news_app: MakeApp) -> None:
    """Screen.dismiss pops the top screen whichever it is: a dialog answering from under
    another popped that one and stayed, its answer given; the next key on it raised."""
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed"\n')
    app = news_app(load_config(config), tmp_path / "n.db", now=None)
    answers: list[str | None] = []
    async with app.run_test(size=(120, 30)) as pilot:
        under, over = AskScreen("Under"), AskScreen("Over")
        await app.push_screen(under, answers.append)
        await app.push_screen(over, answers.append)
        under.action_cancel()  # a key that reached the dialog underneath
        await pilot.pause()
        assert app.screen is over and answers == []
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is under)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AskScreen))
        assert answers == [None, None] and app.is_running
