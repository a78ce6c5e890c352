"""Tests the TOML config: defaults, durations, and errors that name file, line, key and fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.schema import Config, ConfigError, load_config, parse_config, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("5m", 300),
        ("1h", 3600),
        ("1h30m", 5400),
        ("2d", 172800),
        (45, 45),
        ("120", 120),
        (1.5, 1.5),
    ],
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["-5m", -1, 0, "5x", "m5", "", True, [1], "5m junk"])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_missing_default_file_gives_builtin_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newstui.config.schema.default_config_path", lambda: tmp_path / "none.toml")
    config = load_config(None)
    assert config.sources == DEFAULT_SOURCES
    assert all(s.url.startswith("https://") for s in config.sources)
    assert config.time_format == "%H:%M %d.%m.%Y"


def test_full_schema(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'refresh = "2m"\ntime_format = "%H:%M"\nkeep_days = 7\n'
        '[[sources]]\nurl = "https://example.org/feed.xml"\nname = "Example"\n'
        'refresh = "90s"\ntags = ["world", "agency"]\n'
        '[[sources]]\nurl = "http://127.0.0.1:8000/b"\n'
    )
    config = load_config(path)
    assert config.refresh == 120
    assert config.keep_days == 7
    assert config.path == path
    first, second = config.sources
    assert (first.name, first.refresh, first.tags) == ("Example", 90, ("world", "agency"))
    assert (second.name, second.refresh, second.tags) == (None, None, ())


@pytest.mark.parametrize(
    ("text", "line", "key", "expected"),
    [
        ('refresh = "5m"\ntime_format = 3\n', 2, "time_format", "strftime"),
        ('refresh = "-5m"\n', 1, "refresh", "positive duration"),
        ('\n\nrefrsh = "5m"\n', 3, "refrsh", '"refresh"'),
        (
            '[[sources]]\nurl = "https://a.org/"\n\n[[sources]]\nurl = "ftp://b.org/x"\n',
            5,
            "sources[2].url",
            "http:// or https://",
        ),
        (
            '[[sources]]\nurl = "https://a.org/"\ntags = [1, 2]\n',
            3,
            "sources[1].tags",
            "list of strings",
        ),
        ('[[sources]]\nname = "x"\n', 1, "sources[1].url", "url ="),
        ('[[sources]]\nurl = "https://a.org/"\ncolour = "red"\n', 3, "sources[1].colour", "one of"),
        ('refresh = "5m"\nsources = [\n', 3, "invalid TOML", "valid TOML"),
    ],
)
def test_errors_name_file_line_key_and_fix(
    tmp_path: Path, text: str, line: int, key: str, expected: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert key in message
    assert expected in message


def test_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml")


def test_bad_config_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('refresh = "soon"\n')
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newstui",
            "--config",
            str(path),
            "--db",
            str(tmp_path / "x.db"),
            "sources",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert f"{path}:1: refresh" in done.stderr


def test_defaults_are_documented() -> None:
    # Every setting carries a docstring (the README's table is built from the same names).
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Config))
    body = tree.body[0].body  # type: ignore[attr-defined]
    fields = [n.target.id for n in body if isinstance(n, ast.AnnAssign)]
    documented = {
        body[i].target.id
        for i in range(len(body) - 1)
        if isinstance(body[i], ast.AnnAssign) and isinstance(body[i + 1], ast.Expr)
    }
    assert set(fields) == documented
    assert parse_config("", Path("x")).sources == DEFAULT_SOURCES
