"""Tests that the config layer's copy of every binding's keys (newstui.config.keymap_clash, which
it checks a keymap against) is the keys the interface binds."""

from __future__ import annotations

from textual.binding import Binding

from newstui.config.keymap_clash import DEFAULT_KEYS
from tests.widgets.test_keymap_ids import bound_classes


def test_the_configs_default_keys_are_the_interfaces() -> None:
    bound: dict[str, set[str]] = {}
    for cls in bound_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                bound.setdefault(binding.id, set()).add(binding.key)
    assert {name: {keys} for name, keys in DEFAULT_KEYS.items()} == bound
