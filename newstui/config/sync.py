"""Provides the `[sync]` table of the config: the aggregator server and how to get its password."""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newstui.config.schema import ConfigError

PASSWORD_ENV = "NEWSTUI_SYNC_PASSWORD"  # noqa: S105 (a variable's name, not a password)
"""The environment variable read for the password when `password_command` is not set."""
PASSWORD_COMMAND_TIMEOUT = 30.0
"""Seconds a password command may take: long enough to unlock a GPG key at a pinentry prompt."""
_PASSWORD_MAX_BYTES = 64 * 1024
KINDS = ("greader",)
"""Server protocols newstui speaks: the Google Reader API (FreshRSS, Miniflux, Inoreader, The Old
Reader, BazQux)."""
_KEYS = {"kind", "url", "user", "password_command", "allow_http"}


class Secret:
    """A string that never shows itself: repr, str and format give "***", so a secret inside a
    dataclass, an exception or a log line stays hidden. `reveal()` is the one way to read it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not pickled: it would leave the process")


@dataclass(frozen=True)
class SyncConfig:
    """`[sync]`: newstui reads subscriptions, items, read and starred state from a server.

    Holds no password: only how to get one (`resolve_password`)."""

    url: str
    """The API's base address, no trailing slash: for FreshRSS `https://host/api/greader.php`,
    for Miniflux `https://host`, for Inoreader `https://www.inoreader.com`."""
    user: str
    kind: str = "greader"
    password_command: tuple[str, ...] = ()
    """argv run without a shell; its first line of output is the password. Empty: the
    environment variable NEWSTUI_SYNC_PASSWORD is read instead."""
    allow_http: bool = False
    """Whether a plain-http URL to a non-loopback host is accepted (the password would travel in
    the clear)."""
    path: Path | None = None
    """The config file, for error messages."""
    command_line: int | None = None
    """The line of `password_command` in that file, for error messages."""


class _Lines:
    """Finds a key's line inside the `[sync]` table of the raw text (tomllib keeps no positions)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._start: int | None = None
        for i, line in enumerate(self._lines):
            if re.match(r"\s*\[\s*sync\s*\]", line):
                self._start = i
                break

    def of(self, key: str | None) -> int | None:
        if self._start is None:  # an inline table: `sync = { ... }`
            for i, line in enumerate(self._lines):
                if re.match(r"\s*sync\s*=", line):
                    return i + 1
            return None
        if key is None:
            return self._start + 1
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(self._start + 1, len(self._lines)):
            if re.match(r"\s*\[", self._lines[i]):
                break
            if pattern.match(self._lines[i]):
                return i + 1
        return self._start + 1


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_sync(value: object, text: str, path: Path, top_keys: Collection[str] = ()) -> SyncConfig:
    """Validates the `[sync]` table; raises ConfigError naming the file, the line, the key and
    the fix. `top_keys`: the file's top-level settings, which TOML reads as part of the table
    when they are written below its line."""
    lines = _Lines(text)

    def fail(key: str | None, problem: str, fix: str) -> ConfigError:
        line = lines.of(key)
        where = f"{path}:{line}" if line else str(path)
        shown = f"sync.{key}" if key else "sync"
        return ConfigError(f"{where}: {shown}: {problem}; expected {fix}")

    if not isinstance(value, dict):
        raise fail(None, "must be a table", "[sync] with kind, url, user and password_command")
    for key in value:
        if key not in _KEYS:
            if key.lower() in {"password", "pass", "passwd", "api_password"}:
                raise fail(
                    key,
                    "a password is never kept in the config file",
                    f'password_command = ["pass", "show", "rss"] or {PASSWORD_ENV} in the '
                    "environment",
                )
            if key in top_keys:
                raise fail(
                    key,
                    f'"{key}" is a top-level setting, read here as part of [sync] because it '
                    "comes after the [sync] line",
                    f"{key} above the first [table] of the file",
                )
            raise fail(key, "unknown key", "one of " + ", ".join(sorted(_KEYS)))
    kind = value.get("kind", "greader")
    if kind not in KINDS:
        raise fail("kind", f"{kind!r} is not a known kind", '"greader" (the Google Reader API)')
    for key in ("url", "user"):
        if key not in value:
            example = "an http(s) address" if key == "url" else "your user name on the server"
            raise fail(None, f"{key} is missing", f"{key} = {example}")
    url = value["url"]
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    try:
        usable = parts is not None and parts.scheme in {"http", "https"} and bool(parts.hostname)
        usable = usable and parts is not None and parts.port != 0
    except ValueError:  # a port past 65535
        usable = False
    if not usable or parts is None:
        raise fail("url", f"{url!r} is not valid", "an https:// URL of the server's API")
    if parts.username or parts.password:
        raise fail(
            "url", "has a user or password in it", "the address alone (user = ... holds the user)"
        )
    allow_http = value.get("allow_http", False)
    if not isinstance(allow_http, bool):
        raise fail("allow_http", f"{allow_http!r} is not valid", "true or false")
    if parts.scheme == "http" and not allow_http and not _is_loopback(parts.hostname or ""):
        raise fail(
            "url",
            "http would send your password in the clear",
            "an https:// URL, or allow_http = true to accept that",
        )
    user = value["user"]
    if not isinstance(user, str) or not user.strip():
        raise fail("user", f"{user!r} is not valid", "a non-empty string")
    command = value.get("password_command", [])
    if not isinstance(command, list) or not all(isinstance(a, str) for a in command):
        raise fail(
            "password_command",
            "must be a list of strings (a command is never run through a shell)",
            'a list such as ["pass", "show", "rss"]',
        )
    if "password_command" in value and (not command or not command[0].strip()):
        raise fail("password_command", "is empty", 'a command such as ["pass", "show", "rss"]')
    return SyncConfig(
        url=url.strip().rstrip("/"),
        user=user.strip(),
        kind=kind,
        password_command=tuple(command),
        allow_http=allow_http,
        path=path,
        command_line=lines.of("password_command") if command else lines.of(None),
    )


def resolve_password(
    sync: SyncConfig,
    env: Mapping[str, str] | None = None,
    timeout: float = PASSWORD_COMMAND_TIMEOUT,
) -> Secret:
    """The password: the first line printed by `password_command` (run without a shell, stdin
    closed, within `timeout` seconds), else $NEWSTUI_SYNC_PASSWORD. Raises ConfigError naming the
    file, line and key; the message never holds the command's output."""
    where = str(sync.path) if sync.path else "config"
    if sync.command_line:
        where += f":{sync.command_line}"
    if not sync.password_command:
        value = (os.environ if env is None else env).get(PASSWORD_ENV, "")
        if not value:
            raise ConfigError(
                f"{where}: sync: no password; expected password_command = "
                f'["pass", "show", "rss"] in [sync], or {PASSWORD_ENV} in the environment'
            )
        return Secret(value)
    program = sync.password_command[0]
    fix = "a command that prints the password and exits 0"

    def fail(problem: str) -> ConfigError:
        return ConfigError(f"{where}: sync.password_command: {problem}; expected {fix}")

    try:
        done = subprocess.run(
            list(sync.password_command),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise fail(f"{program!r} was not found") from None
    except PermissionError:
        raise fail(f"{program!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise fail(f"{program!r} did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise fail(f"{program!r} could not be started ({exc.strerror})") from None
    if done.returncode != 0:
        raise fail(f"{program!r} failed (exit status {done.returncode})")
    out = done.stdout[:_PASSWORD_MAX_BYTES]
    try:
        first = out.decode("utf-8").splitlines()[0] if out.strip() else ""
    except UnicodeDecodeError:
        raise fail(f"{program!r} printed something that is not UTF-8 text") from None
    if not first:
        raise fail(f"{program!r} printed nothing on its first line")
    return Secret(first)
