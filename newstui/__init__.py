"""Provides newstui, a live terminal news ticker."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newstui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

USER_AGENT = f"newstui/{__version__} (+https://github.com/newstui/newstui; terminal feed reader)"
