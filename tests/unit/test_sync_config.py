"""Tests the `[sync]` table: validation messages naming file, line, key and fix; http refused
off loopback; the password from a command (never a shell) or the environment, never shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, load_config
from newstui.config.sync import PASSWORD_ENV, Secret, SyncConfig, resolve_password

HEAD = 'refresh = "5m"\n\n[sync]\n'
GOOD = 'url = "https://rss.example.org/api/greader.php/"\nuser = "me"\n'


def load(tmp_path: Path, text: str) -> SyncConfig:
    path = tmp_path / "config.toml"
    path.write_text(text)
    sync = load_config(path).sync
    assert sync is not None
    return sync


def test_a_full_table_is_read(tmp_path: Path) -> None:
    sync = load(
        tmp_path, HEAD + 'kind = "greader"\n' + GOOD + 'password_command = ["pass", "rss"]\n'
    )
    assert sync.url == "https://rss.example.org/api/greader.php"  # no trailing slash
    assert (sync.user, sync.kind, sync.password_command) == ("me", "greader", ("pass", "rss"))
    assert sync.command_line == 7 and not sync.allow_http


def test_without_the_table_nothing_syncs(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('refresh = "5m"\n')
    assert load_config(path).sync is None


@pytest.mark.parametrize(
    ("body", "line", "key", "fix"),
    [
        ('url = "http://rss.example.org/"\nuser = "me"\n', 4, "sync.url", "allow_http = true"),
        ('url = "ftp://x"\nuser = "me"\n', 4, "sync.url", "an https:// URL"),
        ('url = "https://me:pw@x.org"\nuser = "me"\n', 4, "sync.url", "the address alone"),
        ('url = "https://x.org:99999"\nuser = "me"\n', 4, "sync.url", "an https:// URL"),
        ('user = "me"\n', 3, "sync: url is missing", "url = "),
        (GOOD + 'password = "hunter2"\n', 6, "sync.password", "password_command = "),
        (GOOD + 'password_command = "pass show rss"\n', 6, "sync.password_command", "a list"),
        (GOOD + "password_command = []\n", 6, "sync.password_command", "a command"),
        (GOOD + 'kind = "fever"\n', 6, "sync.kind", '"greader"'),
        (GOOD + 'allow_http = "yes"\n', 6, "sync.allow_http", "true or false"),
        (GOOD + "user_name = 1\n", 6, "sync.user_name: unknown key", "one of allow_http"),
        ('url = "https://x.org"\nuser = ""\n', 5, "sync.user", "a non-empty string"),
        (GOOD + 'theme = "nord"\n', 6, 'sync.theme: "theme" is a top-level setting', "above"),
    ],
)
def test_errors_name_file_line_key_and_fix(
    tmp_path: Path, body: str, line: int, key: str, fix: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HEAD + body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert key in message and fix in message.split("; expected ", 1)[1], message
    assert "hunter2" not in message


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "[::1]"])
def test_http_is_accepted_on_loopback(tmp_path: Path, host: str) -> None:
    sync = load(tmp_path, HEAD + f'url = "http://{host}:8080/api/greader.php"\nuser = "me"\n')
    assert sync.url.startswith("http://")


def test_http_elsewhere_needs_allow_http(tmp_path: Path) -> None:
    sync = load(tmp_path, HEAD + 'url = "http://rss.lan/"\nuser = "me"\nallow_http = true\n')
    assert sync.allow_http


def test_the_table_may_be_inline(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('refresh = "5m"\nsync = { url = "http://rss.lan/", user = "me" }\n')
    with pytest.raises(ConfigError, match=rf"^{path}:2: sync.url: http would send"):
        load_config(path)


def command(tmp_path: Path, script: str) -> SyncConfig:
    program = tmp_path / "secret.py"
    program.write_text(script)
    return SyncConfig(
        url="https://x.org",
        user="me",
        password_command=(sys.executable, str(program)),
        path=tmp_path / "config.toml",
        command_line=7,
    )


def test_the_password_is_the_first_line_a_command_prints(tmp_path: Path) -> None:
    sync = command(tmp_path, 'print("s3cret pass")\nprint("login: me")\n')
    password = resolve_password(sync, env={PASSWORD_ENV: "from-env"})
    assert password.reveal() == "s3cret pass"  # the command wins over the environment
    assert "s3cret" not in f"{password} {password!r} {password:>20} {[password]}"


def test_a_shell_is_never_involved(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    sync = SyncConfig("https://x.org", "me", password_command=("echo", f"pw; touch {marker}"))
    assert resolve_password(sync).reveal() == f"pw; touch {marker}"
    assert not marker.exists()


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ('import sys\nprint("leaked-pw")\nsys.exit(3)\n', "failed (exit status 3)"),
        ('import time\nprint("leaked-pw", flush=True)\ntime.sleep(30)\n', "did not finish within"),
        ('print("")\nprint("leaked-pw")\n', "printed nothing on its first line"),
        ('import sys\nsys.stdout.buffer.write(b"\\xff leaked-pw")\n', "not UTF-8 text"),
    ],
    ids=["exit-status", "timeout", "empty-first-line", "not-utf8"],
)
def test_a_failing_command_is_a_config_error_without_its_output(
    tmp_path: Path, script: str, problem: str
) -> None:
    sync = command(tmp_path, script)
    with pytest.raises(ConfigError) as info:
        resolve_password(sync, env={}, timeout=1.0)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}:7: sync.password_command: ")
    assert problem in message and "expected a command that prints the password" in message
    assert "leaked" not in message


def test_a_missing_program_is_named(tmp_path: Path) -> None:
    sync = SyncConfig("https://x.org", "me", password_command=("no-such-program-x",))
    with pytest.raises(ConfigError, match="'no-such-program-x' was not found"):
        resolve_password(sync, env={})


def test_the_environment_gives_the_password_when_no_command_is_set() -> None:
    sync = SyncConfig("https://x.org", "me", path=Path("/c.toml"), command_line=3)
    assert resolve_password(sync, env={PASSWORD_ENV: "pw"}) == Secret("pw")
    with pytest.raises(ConfigError, match=rf"^/c.toml:3: sync: no password; .*{PASSWORD_ENV}"):
        resolve_password(sync, env={})


def test_a_secret_is_never_pickled() -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(Secret("pw"))
