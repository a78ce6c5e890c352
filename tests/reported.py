"""Provides the handed cases of `../shared/corpus/reported/` to tests: each answer as the case's
`routes.json` serves it (bytes and headers), skipping with a reason where the corpus is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus import CORPUS

REPORTED = CORPUS / "reported"
PORT = 8000
"""What "{PORT}" in a case's files stands for when a test reads them without serving them."""


def case(name: str) -> Path:
    folder = REPORTED / name
    if not (folder / "routes.json").exists():
        pytest.skip(f"the reported case {name} is absent (looked for {folder}/routes.json)")
    return folder


def answer(name: str, path: str, n: int = 0, port: int = PORT) -> tuple[bytes, dict[str, str]]:
    """The body and headers of the nth answer to `path` (the last one repeats, as serve.py)."""
    folder = case(name)
    routes = json.loads((folder / "routes.json").read_text(encoding="utf-8"))
    answers = routes[path]
    chosen = answers[min(n, len(answers) - 1)]
    body = (folder / chosen["file"]).read_bytes() if "file" in chosen else b""
    body = body.replace(b"{PORT}", str(port).encode())
    headers = {k: str(v).replace("{PORT}", str(port)) for k, v in chosen.get("headers", {}).items()}
    return body, headers
