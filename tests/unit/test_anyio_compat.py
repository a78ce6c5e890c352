"""Tests the guard of newstui's touch of anyio's private parts (newstui.net.anyio_compat)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from newstui.net import anyio_compat
from tests.server import FeedServer


def test_the_preloaded_module_is_the_one_the_first_request_loads(feed_server: FeedServer) -> None:
    # In a fresh interpreter: a request through the fetcher loads anyio's asyncio backend under
    # this very name, so that importing it before a fork is what spares the helper the cost.
    url = feed_server.route("/f", b"<rss/>")
    code = (
        "import asyncio, sys\n"
        "from newstui.net.fetch import Fetcher\n"
        f"assert {anyio_compat.ASYNCIO_BACKEND!r} not in sys.modules\n"
        "async def main():\n"
        "    async with Fetcher() as f:\n"
        f"        assert (await f.fetch({url!r})).ok\n"
        "asyncio.run(main())\n"
        f"assert {anyio_compat.ASYNCIO_BACKEND!r} in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_preloading_imports_it() -> None:
    code = (
        "import sys\n"
        "from newstui.net.anyio_compat import ASYNCIO_BACKEND, preload_asyncio_backend\n"
        "preload_asyncio_backend()\n"
        "assert ASYNCIO_BACKEND in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_installed_anyio_is_the_checked_major_release() -> None:
    # A new major release may move its backends: read the touch again, then update the version.
    major = anyio_compat.CHECKED_VERSION.split(".")[0]
    assert version("anyio").split(".")[0] == major, version("anyio")
