"""Provides what the read-only sources view says, in its title and when an edit key is pressed."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from textual.binding import Binding, BindingType

READ_ONLY = (
    "These sources are not from your config file (the demo's newsroom): add, rename, retag "
    "and remove work on your own sources (newstui, not the demo); p pauses here."
)
"""The notice for an edit key where the view edits nothing; without it the key did nothing
and said nothing (its binding is off, hidden from the footer)."""
NOT_THE_FILE = "read-only here: these sources are not from your config file"
GONE_TITLE = (
    "read-only here: no config file at {path} now; these are the sources it listed "
    "(without one, newstui starts on its built-in sources; an add then writes it)"
)
GONE = (
    "There is no config file at {path} now (deleted since newstui started?): these sources "
    "are those it listed, and are not changed here. Started without a config file, newstui "
    "runs on its built-in sources; the sources view's a (add) then writes {path} with them."
)


def read_only_words(config_path: Path | None) -> tuple[str, str]:
    """Where the view edits nothing: what its title says after the figures, and an edit key's
    notice. The config file named at the start gone (`config_path`, missing now): that, and
    what newstui does without one; else the sources are not the file's (the demo's)."""
    if config_path is not None and not config_path.exists():
        return GONE_TITLE.format(path=config_path), GONE.format(path=config_path)
    return NOT_THE_FILE, READ_ONLY


def edit_keys(
    bindings: Sequence[BindingType], edits: Collection[str], keymap: Mapping[str, str]
) -> frozenset[str]:
    """The keys of the bindings whose action is in `edits`, as `keymap` (binding id -> keys,
    the config's, as App.set_keymap gets it) leaves them."""
    keys: set[str] = set()
    for binding in Binding.make_bindings(bindings):
        if binding.action in edits:
            given = keymap.get(binding.id or "", binding.key)
            keys.update(key.strip() for key in given.split(","))
    return frozenset(keys)
