"""Provides the feed farm: a local HTTP server of N feeds x M items for benchmarks, in a process.

Every feed has its own item ids and links (so a reader stores N x M items, not M), HTML
descriptions like real news feeds (~94 KiB for 50 items), an ETag and Last-Modified that a
conditional GET matches with 304, and answers after a configurable delay. Feeds are spread over
--hosts loopback addresses (127.0.0.1, 127.0.0.2, ...: all of 127/8 is loopback on Linux) so that a
client's per-host politeness limit sees what it would see on the real web, many feeds per site
but many sites.

The server is asyncio (cheap per request) and runs in a separate process, so its CPU time is never
counted as the client's; it serves bodies built once at start-up.

    python benchmarks/feedfarm.py --feeds 500 --items 50 --delay 0.02 --hosts 50  # prints URLs
    with FeedFarm(feeds=500) as farm: ... farm.urls ...                          # in a benchmark
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from xml.sax.saxutils import escape

PARAGRAPH = (
    "<p>The council met on Tuesday to discuss the <a href='https://example.com/x'>new plan</a> "
    "for the harbour &amp; the old town; residents said they were &ldquo;cautiously "
    "hopeful&rdquo; about the changes, which take effect in spring.</p>"
)
WORDS = [
    "minister", "markets", "storm", "vote", "league", "talks",
    "record", "energy", "court", "launch", "city", "port",
]  # fmt: skip


def feed_body(n: int, items: int, host: str, newest: datetime) -> bytes:
    """Feed n: RSS 2.0, `items` items newest first, ids and links unique to this feed."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Farm feed {n}</title><link>http://{host}/site/{n}</link>",
        f"<description>Generated feed {n}</description>",
    ]
    for i in range(items):
        title = " ".join(WORDS[(n * 7 + i * k) % len(WORDS)] for k in range(1, 9)).capitalize()
        parts.append(
            f"<item><title>{title} ({n}.{i}) &amp; more</title>"
            f"<link>http://{host}/story/{n}/{i}</link>"
            f'<guid isPermaLink="false">farm-{n}-{i}</guid>'
            f"<pubDate>{format_datetime(newest - timedelta(minutes=7 * i + n % 7))}</pubDate>"
            f"<description>{escape(PARAGRAPH * 6)}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


MAX_HOSTS = 250 * 250
"""Loopback addresses the farm can spread over: 127.0.X.1 to 127.0.X.250 for X from 0."""


def address(index: int) -> str:
    """The index-th loopback address: 127.0.0.1 ... 127.0.0.250, then 127.0.1.1 ..."""
    return f"127.0.{index // 250}.{1 + index % 250}"


def host_of(n: int, hosts: int) -> str:
    return address(n % hosts)


class _Farm:
    def __init__(self, feeds: int, items: int, delay: float, hosts: int, port: int) -> None:
        self.delay = delay
        newest = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
        self.modified = format_datetime(newest, usegmt=True)
        self.bodies: dict[str, tuple[bytes, bytes, str]] = {}
        for n in range(feeds):
            body = feed_body(n, items, f"{host_of(n, hosts)}:{port}", newest)
            self.bodies[f"/feed/{n}"] = (body, gzip.compress(body, 6), f'"farm-{n}-v1"')
        self.requests = 0
        self.not_modified = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path = lines[0].split(" ")[:2]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                if self.delay:
                    await asyncio.sleep(self.delay)
                self.requests += 1
                writer.write(self.answer(method, path, headers))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def answer(self, method: str, path: str, headers: dict[str, str]) -> bytes:
        if path == "/stats":
            stats = json.dumps({"requests": self.requests, "not_modified": self.not_modified})
            return _response(200, stats.encode(), {"Content-Type": "application/json"})
        found = self.bodies.get(path)
        if found is None:
            return _response(404, b"not found", {"Content-Type": "text/plain"})
        plain, packed, etag = found
        validators = {"ETag": etag, "Last-Modified": self.modified}
        if headers.get("if-none-match") == etag or (
            "if-none-match" not in headers and headers.get("if-modified-since") == self.modified
        ):
            self.not_modified += 1
            return _response(304, b"", validators)
        fields = {"Content-Type": "application/rss+xml; charset=utf-8", **validators}
        body = plain
        if "gzip" in headers.get("accept-encoding", "") and FARM_GZIP:
            body = packed
            fields["Content-Encoding"] = "gzip"
        return _response(200, b"" if method == "HEAD" else body, fields, len(body))


FARM_GZIP = False


def _response(status: int, body: bytes, fields: dict[str, str], length: int | None = None) -> bytes:
    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
    head = [f"HTTP/1.1 {status} {reason}", "Server: feedfarm"]
    head += [f"{k}: {v}" for k, v in fields.items()]
    if status != 304:
        head.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


async def serve(args: argparse.Namespace) -> None:
    global FARM_GZIP
    FARM_GZIP = args.gzip
    hosts = [address(h) for h in range(args.hosts)]
    # Bind the port on the first address, then the same port on the others.
    first = await asyncio.start_server(lambda r, w: None, hosts[0], args.port, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    first.close()
    await first.wait_closed()
    farm = _Farm(args.feeds, args.items, args.delay, args.hosts, port)
    server = await asyncio.start_server(farm.handle, hosts, port, backlog=1024, reuse_address=True)
    urls = [f"http://{host_of(n, args.hosts)}:{port}/feed/{n}" for n in range(args.feeds)]
    print(json.dumps({"port": port, "urls": urls}), flush=True)
    async with server:
        await server.serve_forever()


def write_config(path: Path, urls: list[str], refresh: str = "5m") -> None:
    """A newstui config at `path` with a source for each of `urls` (the farm's), polled every
    `refresh`."""
    lines = [f'refresh = "{refresh}"', ""]
    for url in urls:
        lines += ["[[sources]]", f'url = "{url}"', ""]
    path.write_text("\n".join(lines))


class FeedFarm:
    """Starts the farm in a child process; `urls` lists its feeds; stops it on exit."""

    def __init__(
        self,
        feeds: int = 500,
        items: int = 50,
        delay: float = 0.02,
        hosts: int = 50,
        gzip: bool = False,
    ) -> None:
        self.command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--feeds",
            str(feeds),
            "--items",
            str(items),
            "--delay",
            str(delay),
            "--hosts",
            str(min(hosts, feeds, MAX_HOSTS)),
        ] + (["--gzip"] if gzip else [])
        self.urls: list[str] = []
        self.port = 0
        self._child: subprocess.Popen[str] | None = None

    def __enter__(self) -> FeedFarm:
        self._child = subprocess.Popen(self.command, stdout=subprocess.PIPE, text=True)
        assert self._child.stdout is not None
        info = json.loads(self._child.stdout.readline())
        self.port, self.urls = int(info["port"]), list(info["urls"])
        return self

    def stats(self) -> dict[str, int]:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=5) as answer:
            return dict(json.loads(answer.read()))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._child is not None:
            self._child.terminate()
            self._child.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.02, help="seconds before each answer")
    parser.add_argument("--hosts", type=int, default=50, help="loopback addresses to spread over")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--gzip", action="store_true", help="gzip bodies when the client asks")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))


if __name__ == "__main__":
    main()
