"""Tests that the names the config layer accepts are the interface's: binding ids and themes.

The config layer may not import Textual, so it keeps its own lists (newstui.config.choices);
these tests fail when the interface binds an id or Textual offers a theme the lists lack.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App
from textual.binding import Binding

import newstui.ui
from newstui.config.choices import THEMES, all_binding_ids


def bound_classes() -> list[type]:
    """Every class of newstui.ui, each once (where it is defined)."""
    classes: list[type] = []
    for info in pkgutil.walk_packages(newstui.ui.__path__, "newstui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                classes.append(cls)
    return classes


def bound_ids() -> list[str]:
    """The id of every Binding declared in a class of newstui.ui (its own BINDINGS)."""
    ids: list[str] = []
    for cls in bound_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                assert binding.id, f"{cls.__qualname__}: {binding.key} has no id"
                ids.append(binding.id)
    return ids


def test_the_config_accepts_exactly_the_ids_the_interface_binds() -> None:
    assert set(bound_ids()) == set(all_binding_ids())


def test_the_config_accepts_exactly_textuals_themes() -> None:
    assert sorted(THEMES) == sorted(App().available_themes)
