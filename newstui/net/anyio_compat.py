"""Provides newstui's one touch of anyio's private parts, listed with the version checked.

Touch 1 (checked with anyio 4.16.0; guarded by tests/unit/test_anyio_compat.py): the module
`anyio._backends._asyncio`, anyio's asyncio backend, which httpcore's pool locks load at the
first request. `newstui fetch` imports it before forking its helper process, so both share it
instead of each paying at its first request. Best effort: should anyio move it, nothing breaks,
the first request pays as it does without this.
"""

from __future__ import annotations

import contextlib
import importlib

CHECKED_VERSION = "4.16.0"
"""The anyio release the touch above was read against (anyio comes with httpx, unpinned)."""
ASYNCIO_BACKEND = "anyio._backends._asyncio"


def preload_asyncio_backend() -> None:
    """Imports anyio's asyncio backend now (touch 1); nothing when anyio has moved it."""
    with contextlib.suppress(ImportError):
        importlib.import_module(ASYNCIO_BACKEND)
