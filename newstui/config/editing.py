"""Provides source edits written back to config.toml (tomlkit keeps the user's comments)."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomlkit.items

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.near_duplicates import one_feed, rough_key
from newstui.config.schema import (
    CONFIG_ENCODING,
    PARSED,
    Config,
    ConfigError,
    default_config_path,
    parse_config,
    stat_key,
)
from newstui.models import SourceConfig

_HEADER = (
    "newstui config: written when you first changed a source.",
    "Every key is described in the README; edit freely, comments are kept.",
)


class SourceEditError(Exception):
    """A source change that cannot be made; the message says why, for the user."""


@dataclass
class AddReport:
    """What adding several sources did."""

    added: list[SourceConfig] = field(default_factory=list)
    known: list[SourceConfig] = field(default_factory=list)
    """Already configured (matched by URL): left as they were."""


class SourceFile:
    """The config file as the place where sources live.

    The file is the source of truth. When there is none yet (newstui runs on its built-in
    sources), the first change writes one: the built-in sources plus the change. Every edit
    re-reads the file, changes only the `[[sources]]` tables it must, validates the result
    with the same parser the app uses, and replaces the file atomically.
    """

    def __init__(self, config: Config, path: Path | None = None) -> None:
        self.config = config
        self.path = config.path or path or default_config_path()

    def problem(self) -> str | None:
        """Why sources cannot be edited right now (None when they can): the sources shown must
        be those of the file, or of the built-in list when there is no file (not, say, the
        demo newsroom's)."""
        try:
            on_disk = self._read_config()
        except ConfigError as exc:
            return str(exc)
        if on_disk.sources != self.config.sources:
            return (
                f"the sources shown are not those of {self.path}; "
                "source changes are only saved for sources from the config file"
            )
        return None

    def lists_sources(self) -> bool:
        """Whether the file lists sources of its own; when not (no file yet, or a file with no
        `[[sources]]`), newstui runs on the built-in list, and the first change writes one."""
        try:
            return "sources" in tomlkit.parse(self.path.read_text(encoding=CONFIG_ENCODING))
        except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError):
            return False

    # Edits

    def plan_add(self, sources: Iterable[SourceConfig], *, keep_builtin: bool = True) -> AddReport:
        """What `add` would do, changing nothing; ConfigError when the file cannot be read."""
        keeps = keep_builtin or self.lists_sources()
        configured = self._read_config().sources if keeps else ()
        return _split(sources, {s.url for s in configured})

    def add(self, sources: Iterable[SourceConfig], *, keep_builtin: bool = True) -> AddReport:
        """Appends sources not configured yet (by URL); reports which were already there. When
        the file lists no sources yet, `keep_builtin` says whether the built-in ones are written
        first (False: the file lists only these)."""
        wanted = list(sources)
        report = AddReport()

        def change(table: tomlkit.items.AoT) -> bool:
            done = _split(wanted, {str(t.get("url")) for t in table})
            for source in done.added:
                _append(table, _table(source))
            report.added, report.known = done.added, done.known
            return bool(done.added)

        self._edit(change, keep_builtin=keep_builtin)
        return report

    def rename(self, url: str, name: str | None) -> Config:
        """Sets a source's display name; None or blank goes back to the feed's own title."""

        def change(table: tomlkit.items.AoT) -> None:
            entry = _find(table, url)
            if name and name.strip():
                entry["name"] = name.strip()
            elif "name" in entry:
                del entry["name"]

        return self._edit(change)

    def retag(self, url: str, tags: Sequence[str]) -> Config:
        """Replaces a source's tags (blank ones dropped, duplicates once)."""
        clean = list(dict.fromkeys(t.strip() for t in tags if t.strip()))

        def change(table: tomlkit.items.AoT) -> None:
            entry = _find(table, url)
            if clean:
                entry["tags"] = clean
            elif "tags" in entry:
                del entry["tags"]

        return self._edit(change)

    def remove(self, url: str) -> Config:
        """Removes a source from the file; its stored headlines stay (starred ones matter)."""

        def change(table: tomlkit.items.AoT) -> None:
            entry = _find(table, url)
            for index, candidate in enumerate(table):
                if candidate is entry:
                    del table[index]
                    return

        return self._edit(change)

    # Plumbing

    def _read_config(self) -> Config:
        """The file as parsed, parsed again only when it changed since (schema.PARSED: the
        ticker's own load_config is the first parse). Opening the sources view asks
        (`problem`), and parsing a config of 5,000 sources takes ~0.1 s."""
        try:
            key = stat_key(self.path.stat())
            known = PARSED.get(self.path)
            if known is not None and known[0] == key:
                return known[1]
            text = self.path.read_text(encoding=CONFIG_ENCODING)
        except FileNotFoundError:
            return Config(path=self.path)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{self.path}: cannot be read ({exc})") from None
        config = parse_config(text, self.path)
        PARSED[self.path] = (key, config)
        return config

    def _edit(
        self, change: Callable[[tomlkit.items.AoT], bool | None], *, keep_builtin: bool = True
    ) -> Config:
        """Applies `change` to the file's `[[sources]]` and writes the result; a change that
        returns False changed nothing, and nothing is written (nor is a file created)."""
        try:
            text = self.path.read_text(encoding=CONFIG_ENCODING)
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceEditError(f"{self.path}: cannot be read ({exc})") from None
        problem = self.problem()
        if problem is not None:
            raise SourceEditError(problem)
        document = tomlkit.parse(text) if text else _new_document()
        if "sources" not in document:
            # A file that names no sources runs on the built-in list: spell it out (unless the
            # user's own list replaces it), then change.
            document["sources"] = _aot(DEFAULT_SOURCES if keep_builtin else ())
        elif document["sources"] == []:  # `sources = []`: none, said so; tables from now on
            document["sources"] = _aot(())
        table = document["sources"]
        if not isinstance(table, tomlkit.items.AoT):
            raise SourceEditError(f"{self.path}: sources is not a list of [[sources]] tables")
        if change(table) is False:
            return self.config
        new_text = tomlkit.dumps(document)
        if new_text == text:
            return self.config
        try:
            config = parse_config(new_text, self.path)
        except ConfigError as exc:  # never write a file the app could not read back
            raise SourceEditError(str(exc)) from None
        _write_atomically(self.path, new_text)
        self.config = config
        return config


def _split(sources: Iterable[SourceConfig], configured: set[str]) -> AddReport:
    """Which of `sources` are new and which already configured (by URL, or another spelling of
    it: `HTTP://Host/feed/`; a URL listed twice in `sources` is added once)."""
    report = AddReport()
    seen: defaultdict[str, list[str]] = defaultdict(list)  # by rough key: few to compare
    for url in configured:
        seen[rough_key(url)].append(url)
    for source in sources:
        alike = seen[rough_key(source.url)]
        if one_feed(source.url, *alike):
            report.known.append(source)
        else:
            alike.append(source.url)
            report.added.append(source)
    return report


def _find(table: tomlkit.items.AoT, url: str) -> Any:
    for entry in table:
        if entry.get("url") == url:
            return entry
    raise SourceEditError(f"{url} is not in the config file")


def _table(source: SourceConfig) -> tomlkit.items.Table:
    entry = tomlkit.table()
    entry["url"] = source.url
    if source.name:
        entry["name"] = source.name
    if source.refresh:
        entry["refresh"] = source.refresh
    if source.tags:
        entry["tags"] = list(source.tags)
    return entry


def _append(table: tomlkit.items.AoT, entry: tomlkit.items.Table) -> None:
    """Appends `entry` a blank line below the last entry, as entries are written by hand and
    as tomlkit sets apart the entries of a table it made (not those of a file it read), and a
    blank line above what follows where the last entry had one."""
    after_blank = bool(len(table)) and table[-1].as_string().endswith(("\n\n", "\n\r\n"))
    table.append(entry)
    if after_blank:
        entry.add(tomlkit.nl())
    elif len(table) > 1 and not entry.trivia.indent:
        entry.trivia.indent = "\n"


def _aot(sources: Iterable[SourceConfig]) -> tomlkit.items.AoT:
    table = tomlkit.aot()
    for source in sources:
        table.append(_table(source))
    return table


def _new_document() -> tomlkit.TOMLDocument:
    document = tomlkit.document()
    for line in _HEADER:
        document.add(tomlkit.comment(line))
    document.add(tomlkit.nl())
    return document


def _write_atomically(link: Path, text: str) -> None:
    """A crash mid-write leaves the old file or the new one, never half of one. A symlinked
    config (a dotfiles repository's) is written where it points, and stays a link; a file
    without write permission is left alone, though its folder would let it be replaced."""
    path = link.resolve() if link.is_symlink() else link
    if path.exists() and not os.access(path, os.W_OK):
        raise SourceEditError(f"{link}: is read-only; make it writable to change sources here")
    try:
        # The text was read with its line ends made "\n": a file written on Windows keeps its
        # CRLF, as it keeps its comments. (A byte order mark is dropped, as other TOML readers,
        # Python's tomllib among them, refuse one.)
        newline = "\r\n" if path.exists() and b"\r\n" in path.read_bytes() else "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SourceEditError(f"{path}: cannot be written ({exc.strerror or exc})") from None
