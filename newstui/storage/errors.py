"""Provides StoreError and the one-line messages that explain SQLite's errors to the user."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database cannot be used; the message names the file and what to do."""


def explain(path: Path, busy_timeout: float, exc: sqlite3.Error) -> str:
    """One line for the user: the file, what went wrong (SQLite's words) and what to do."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return (
            f"{path}: is not a usable newstui database ({text}); it was left untouched: "
            "move it aside to start afresh, or pass --db PATH"
        )
    if "locked" in text or "busy" in text:
        return (
            f"{path}: another newstui process is writing to the database and did not "
            f"finish within {busy_timeout:g} s ({text}); nothing was lost: try again in a moment"
        )
    if "full" in text:
        return f"{path}: the disk is full ({text}); free some space and try again"
    if "readonly" in text or "unable to open" in text:
        return f"{path}: cannot be written ({text}); check its permissions, or pass --db PATH"
    return f"{path}: database error: {text}"


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock this one needs (SQLITE_BUSY or SQLITE_LOCKED)."""
    text = str(exc)
    return "locked" in text or "busy" in text
