"""Checks imports at run time, each in a fresh interpreter: importing the domain loads no Textual,
and the imports deferred for start-up time (httpx, the feed parsers, trafilatura, Textual for
the commands that do not draw) are really deferred, not pulled in through another module."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import newstui

ROOT = Path(__file__).resolve().parents[2]

DOMAIN = [
    "models",
    "text",
    "storage",
    "net",
    "config",
    "feeds",
    "articles",
    "sync",
    "demo",
    "stories",
    "alerts",
]
"""The packages (and modules) that never draw: the import-linter's Textual contract lists the
same; this checks what they load when run, lazy and conditional imports included."""

HTTP = ["httpx", "httpcore", "anyio", "h11", "certifi", "httptools"]
PARSERS = ["feedparser", "fastfeedparser", "lxml", "dateparser", "charset_normalizer"]
ARTICLES = ["trafilatura", "markdownify", "courlan", "htmldate", "justext"]

DEFERRED = {
    # The ticker paints what is stored before it fetches or parses anything (first paint).
    "newstui.ui.app": HTTP + PARSERS + ARTICLES,
    # Every command starts through the entry point; only the ticker draws.
    "newstui.cli": ["textual", "rich", *HTTP, *PARSERS, *ARTICLES],
    # Commands that only read the database.
    "newstui.commands.headlines": ["textual", *HTTP, *PARSERS, *ARTICLES],
    "newstui.commands.sources": ["textual", *HTTP, *PARSERS, *ARTICLES],
    # The fetcher imports its HTTP stack at its first fetch (httptools for direct requests,
    # httpx and httpcore through a proxy), the poller the parsers at the first parse.
    "newstui.net.fetch": HTTP,
    "newstui.feeds.poller": HTTP + PARSERS + ARTICLES,
    "newstui.storage.store": ["textual", *HTTP, *PARSERS, *ARTICLES],
}


def loaded_after(*modules: str) -> set[str]:
    """The top-level names in sys.modules of a fresh interpreter after importing `modules`."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def domain_modules() -> list[str]:
    names = []
    for name in DOMAIN:
        names.append(f"newstui.{name}")
        package = ROOT / "newstui" / name
        if package.is_dir():
            names += [
                info.name
                for info in pkgutil.walk_packages([str(package)], prefix=f"newstui.{name}.")
            ]
    return names


def test_the_domain_list_covers_every_package() -> None:
    packages = {info.name for info in pkgutil.iter_modules(newstui.__path__) if info.ispkg}
    interface = {"ui", "commands"}
    assert packages - interface <= set(DOMAIN), packages - interface - set(DOMAIN)


def test_importing_every_domain_module_loads_no_textual() -> None:
    modules = domain_modules()
    assert len(modules) > 40  # the walk found the modules, not just the packages
    loaded = loaded_after(*modules)
    assert "textual" not in loaded
    assert "newstui" in loaded


@pytest.mark.parametrize("module", sorted(DEFERRED))
def test_deferred_imports_are_not_loaded_at_import(module: str) -> None:
    loaded = loaded_after(module)
    early = sorted(set(DEFERRED[module]) & loaded)
    assert not early, f"importing {module} loaded {early}"


def test_the_deferred_libraries_do_load_when_used() -> None:
    """The check above is only worth something if those names are what these libraries load
    as: using the fetcher (directly and through a proxy) and the parser loads them."""
    code = (
        "import asyncio, json, sys\n"
        "from newstui.net.fetch import Fetcher\n"
        "from newstui.feeds.parse import parse_feed\n"
        "async def main():\n"
        "    async with Fetcher() as f:\n"
        "        await f.fetch('http://127.0.0.1:9/')\n"
        "    async with Fetcher(proxy='http://127.0.0.1:9') as f:\n"
        "        await f.fetch('http://127.0.0.1:9/')\n"
        "asyncio.run(main())\n"
        "parse_feed(b'<rss version=\"2.0\"><channel><title>t</title></channel></rss>')\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert {"httpx", "httpcore", "httptools"} <= loaded
    assert {"fastfeedparser", "lxml"} & loaded


def test_the_ticker_loads_sync_only_in_sync_mode() -> None:
    """Sync's modules (a client, a ledger, a wire format: ~35 ms of imports) load when a `[sync]`
    section asks for them, not at every start of the ticker in poll mode."""
    code = (
        "import json, sys\n"
        "import newstui.ui.app, newstui.ui.screens.main\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('newstui.sync'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
