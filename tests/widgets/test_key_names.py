"""Tests that the key names the config layer accepts in `[keymap]` are Textual's: every named
key Textual defines, its renamed punctuation, and every key the interface binds itself."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys

import newstui.ui
from newstui.config import display
from newstui.config.choices import CHARACTER_RENAMES, MODIFIERS, NAMED_KEYS


def bound_keys() -> list[str]:
    """Every key of every Binding declared in a class of newstui.ui, one key each."""
    keys: list[str] = []
    for info in pkgutil.walk_packages(newstui.ui.__path__, "newstui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        keys += [key.strip() for key in binding.key.split(",")]
    return keys


def test_every_named_key_of_textual_is_accepted() -> None:
    bases = {key.value.rsplit("+", 1)[-1] for key in Keys}
    named = {b for b in bases if len(b) > 1 and not b.startswith("<")}
    assert named <= set(NAMED_KEYS)
    modifiers = {m for key in Keys for m in key.value.split("+")[:-1]}
    assert modifiers <= set(MODIFIERS)


def test_punctuation_is_renamed_as_textual_renames_it() -> None:
    assert CHARACTER_RENAMES == KEY_NAME_REPLACEMENTS


def test_every_key_the_interface_binds_is_accepted() -> None:
    keys = bound_keys()
    assert len(keys) > 30
    for key in keys:
        assert display.keys(key) == key


@pytest.mark.parametrize("key", ["question_mark", "?", "slash", "less_than_sign", "f35", "é"])
def test_characters_and_their_names_are_accepted(key: str) -> None:
    assert display.keys(f"{key},ctrl+{key}") == f"{key},ctrl+{key}"
