"""Provides remember_theme: the ticker's theme, the config's or the one chosen last (kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

from newstui.storage.store import StoreError

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp


def remember_theme(app: NewsApp) -> None:
    """The config's theme wins; otherwise the one chosen last (kept in the database). Every
    later choice (palette, ctrl+t) is remembered."""
    wanted = app.config.theme
    if not wanted:
        try:
            wanted = app.store.setting("theme")
        except StoreError:
            wanted = None
    if wanted and wanted in app.available_themes:
        app.theme = wanted

    def remember(theme: Theme) -> None:
        store, name = app.store, theme.name
        app.writes.submit(app, lambda: store.set_setting("theme", name))

    app.theme_changed_signal.subscribe(app, remember)
