"""Tests that a command another reader or CLI names so (`list`, `search`) is answered with the
command that does it here, and a typo still with the closest command."""

from __future__ import annotations

import pytest

from newstui.cli import main


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("list", "headlines"),
        ("search", "headlines --search WORDS"),
        ("update", "fetch"),
        ("feeds", "sources"),
        ("haedlines", "headlines"),  # a typo: the closest
    ],
)
def test_another_readers_command_names_ours(
    capsys: pytest.CaptureFixture[str], word: str, hint: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([word])
    assert exited.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert f"invalid choice: {word!r}" in last and last.endswith(f"; did you mean {hint}?")
