"""Provides the held-out cases of tests/data/reported_more/ to tests: each case's answers served
by a real server on 127.0.0.1 in order (as `../shared/corpus/reported/serve.py` serves a
`routes.json`), and the right values of its `expect.json` checked against a database."""

# A case is a folder: input files, routes.json (serve.py's format: the nth request to a path gets
# the nth answer, the last repeats; "{PORT}" in files and headers is the server's port), CASE.md
# (the kind, the public bug report it is written after, the right value in words) and
# expect.json, the right value for tests:
#   {"kind": "dates", "sources": ["/a", "/b"], "polls": 1,
#    "checks": [{"after": 1,
#                "count": 2,                                  (the case's headlines)
#                "headlines": [{"source": "/a", "id": "g1",   (the headlines, as a multiset of
#                               "title": "...", "link": "...", the keys given, all entries
#                               "published": "...Z",           with the same keys)
#                               "summary": "..."}],
#                "titles": ["..."],                           (the set of titles)
#                "sources": {"/a": {"name": "...", "status": "ok", "fetch_url": "...",
#                                   "error": null, "error_has": ["..."]}}}]}
# A URL in a right value may hold "{PORT}" as the files do.

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.server import FeedServer

CASES = Path(__file__).parent / "data" / "reported_more"


def names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expect.json").exists())


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    routes: dict[str, list[dict[str, Any]]]
    expect: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.expect["kind"])

    @property
    def sources(self) -> list[str]:
        return list(self.expect["sources"])

    @property
    def polls(self) -> int:
        return int(self.expect.get("polls", 1))

    def documents(self) -> Iterator[tuple[str, bytes, dict[str, str]]]:
        """Every feed document the case serves with 200: (file name, bytes, headers)."""
        for answers in self.routes.values():
            for answer in answers:
                if "file" in answer and int(answer.get("status", 200)) == 200:
                    body = (self.folder / answer["file"]).read_bytes()
                    yield answer["file"], body, dict(answer.get("headers", {}))


def load(name: str) -> Case:
    folder = CASES / name
    return Case(
        name,
        folder,
        json.loads((folder / "routes.json").read_text(encoding="utf-8")),
        json.loads((folder / "expect.json").read_text(encoding="utf-8")),
    )


def serve(server: FeedServer, case: Case, prefix: str = "") -> Callable[[str], str]:
    """Serves the case's routes under `prefix` and returns what "{PORT}" becomes in its files,
    headers and right values (the port, and the prefix, so absolute links stay inside it)."""
    port = f"{server.port}{prefix}"
    lock = threading.Lock()

    def fill(text: str) -> str:
        return text.replace("{PORT}", port)

    for path, answers in case.routes.items():
        counter = [0]

        def answer(
            req: BaseHTTPRequestHandler,
            answers: list[dict[str, Any]] = answers,
            counter: list[int] = counter,
        ) -> None:
            with lock:
                chosen = answers[min(counter[0], len(answers) - 1)]
                counter[0] += 1
            if "file" in chosen:
                body = (case.folder / chosen["file"]).read_bytes()
            else:
                body = str(chosen.get("body", "")).encode("utf-8")
            body = body.replace(b"{PORT}", port.encode())
            status = int(chosen.get("status", 200))
            req.send_response(status)
            for key, value in chosen.get("headers", {}).items():
                req.send_header(key, fill(str(value)))
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            if req.command != "HEAD":
                req.wfile.write(body)

        server.route(prefix + path, handler=answer)
    return fill


@dataclass(frozen=True)
class Row:
    """A stored headline as the checks see it."""

    source: str
    id: str
    title: str
    link: str | None
    published: str
    summary: str = ""


@dataclass(frozen=True)
class SourceRow:
    name: str
    status: str
    fetch_url: str
    error: str | None


def _utc(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def row(
    source: str,
    guid: str,
    title: str,
    link: str | None,
    published: datetime | str,
    summary: str = "",
) -> Row:
    return Row(source, guid, title, link, _utc(published), summary)


def failures(
    check: dict[str, Any],
    rows: list[Row],
    sources: dict[str, SourceRow],
    fill: Callable[[str], str],
) -> list[str]:
    """What in the stored state differs from one check of expect.json (empty: all right)."""
    wrong: list[str] = []

    def filled(value: Any) -> Any:
        return fill(value) if isinstance(value, str) else value

    if "count" in check and len(rows) != check["count"]:
        wrong.append(f"{len(rows)} headlines, not {check['count']}: {[r.title for r in rows]}")
    if "titles" in check:
        titles = {r.title for r in rows}
        if titles != set(check["titles"]):
            missing = sorted(set(check["titles"]) - titles)
            extra = sorted(titles - set(check["titles"]))
            wrong.append(f"titles: missing {missing!r}, not expected {extra!r}")
    if "headlines" in check:
        keys = sorted(check["headlines"][0])
        expected = sorted(
            tuple(_utc(filled(h[k])) if k == "published" else filled(h[k]) for k in keys)
            for h in check["headlines"]
        )
        found = sorted(tuple(getattr(r, k) for k in keys) for r in rows)
        if found != expected:
            missing = sorted((Counter(expected) - Counter(found)).elements())
            extra = sorted((Counter(found) - Counter(expected)).elements())
            wrong.append(
                f"headlines ({', '.join(keys)}):\n  missing {missing}\n  not expected {extra}"
            )
    for path, want in check.get("sources", {}).items():
        got = sources.get(path)
        if got is None:
            wrong.append(f"no source {path}")
            continue
        for key in ("name", "status", "fetch_url", "error"):
            if key in want and getattr(got, key) != filled(want[key]):
                wrong.append(f"{path} {key}: {getattr(got, key)!r}, not {filled(want[key])!r}")
        for part in want.get("error_has", []):
            if part.lower() not in (got.error or "").lower():
                wrong.append(f"{path} error {got.error!r} does not say {part!r}")
    return wrong


def terminal_cells(text: str) -> int:
    """Cells a wcwidth terminal (tmux 3.3a, xterm, VTE) gives text: glibc's wcwidth of each
    code point in a UTF-8 locale (not Rich's count, which differs on spacing marks)."""
    return sum(_wcwidth(c) for c in text)


@lru_cache(maxsize=8192)
def _wcwidth(char: str) -> int:
    import ctypes
    import locale

    libc = ctypes.CDLL(None)
    libc.wcwidth.argtypes = [ctypes.c_wchar]
    libc.wcwidth.restype = ctypes.c_int
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    try:
        return max(int(libc.wcwidth(char)), 0)
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
