"""Provides what the read-only sources view (the demo's) says when an edit key is pressed."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from textual.binding import Binding, BindingType

READ_ONLY = (
    "These sources are not from your config file (the demo's newsroom): add, rename, retag "
    "and remove work on your own sources (newstui, not the demo); p pauses here."
)
"""The notice for an edit key where the view edits nothing; without it the key did nothing
and said nothing (its binding is off, hidden from the footer)."""


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
