"""Provides ScreenshotFolder: the palette's "Screenshot" saved where a terminal's user finds it."""

from __future__ import annotations

from pathlib import Path

from textual.app import App


class ScreenshotFolder(App[None]):
    """An app whose screenshots go to the Downloads folder where there is one, else the current
    folder (Textual 8.2 fails where there is none: servers, containers, where a terminal app
    runs)."""

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        if path is None:
            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            path = str(downloads if downloads.is_dir() else Path.cwd())
        return super().deliver_screenshot(filename, path, time_format)
