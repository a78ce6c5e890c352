"""Provides newstui, a live terminal news ticker."""

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it from here): reading installed
package metadata instead costs ~25 ms of every start."""

USER_AGENT = f"newstui/{__version__} (+https://github.com/newstui/newstui; terminal feed reader)"
