"""Provides fault-injecting route handlers for tests/server.py: hangs, trickles, bombs and lies."""

from __future__ import annotations

import contextlib
import functools
import select
import struct
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

Handler = Callable[[BaseHTTPRequestHandler], None]

_GIVE_UP = 30.0
"""Seconds after which a fault gives up on its own, so no server thread outlives a test for long."""


def _wait_for_hangup(req: BaseHTTPRequestHandler, limit: float = _GIVE_UP) -> None:
    """Blocks until the client closes its side (or `limit` passes), reading nothing it sends."""
    sock = req.connection
    end = time.monotonic() + limit
    while (left := end - time.monotonic()) > 0:
        readable, _, _ = select.select([sock], [], [], min(left, 0.5))
        if readable:
            try:
                if not sock.recv(4096):
                    return
            except OSError:
                return


def never_answer(req: BaseHTTPRequestHandler) -> None:
    """Accepts the request and never sends a byte, until the client gives up."""
    req.close_connection = True
    _wait_for_hangup(req)


def hang_up(req: BaseHTTPRequestHandler) -> None:
    """Closes the connection without any answer."""
    req.close_connection = True


def trickle(interval: float = 0.5, size: int = 200) -> Handler:
    """A 200 whose `size`-byte body comes one byte every `interval` seconds."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Content-Length", str(size))
        req.end_headers()
        try:
            for _ in range(size):
                req.wfile.write(b"<")
                req.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the client hung up, as it should

    return handler


def endless_body(chunk_size: int = 64 * 1024) -> Handler:
    """A 200 with no Content-Length whose body never ends (until the client hangs up)."""
    chunk = b"<item>" + b"x" * (chunk_size - 13) + b"</item>"

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Connection", "close")
        req.end_headers()
        end = time.monotonic() + _GIVE_UP
        try:
            while time.monotonic() < end:
                req.wfile.write(chunk)
        except OSError:
            pass

    return handler


@functools.cache
def gzip_bomb_bytes(size: int = 1 << 30) -> bytes:
    """A valid single-member gzip of `size` zero bytes (a multiple of 1 MiB), about size/1000 long.

    After a full flush deflate output no longer depends on what came before, so the compressed
    form of one MiB of zeros can simply be repeated: building a 1 GiB bomb takes milliseconds.
    """
    mib = 1 << 20
    assert size % mib == 0 and size >= 2 * mib
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(mib)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    repeat = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // mib):
        crc = zlib.crc32(zeros, crc)
    final_empty_block = b"\x03\x00"  # BFINAL=1, fixed Huffman, just the end-of-block code
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return first + repeat * (size // mib - 1) + final_empty_block + trailer


def gzip_bomb(size: int = 1 << 30) -> Handler:
    """A 200 whose small gzip body inflates to `size` bytes (honest Content-Length)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        body = gzip_bomb_bytes(size)
        req.close_connection = True
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Content-Encoding", "gzip")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        with contextlib.suppress(OSError):  # the client may hang up first: that is its right
            req.wfile.write(body)

    return handler


def lying_length(declared: int, body: bytes, *, then_close: bool = True) -> Handler:
    """A 200 announcing `declared` bytes and sending `body` (shorter or longer), then closing."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = then_close
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Content-Length", str(declared))
        req.end_headers()
        with contextlib.suppress(OSError):  # the client may hang up first: that is its right
            req.wfile.write(body)

    return handler


def raw_status(status: int, reason: str, headers: dict[str, str] | None = None) -> Handler:
    """An answer with a status line of our choosing (a hostile reason phrase, say)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        line = f"{req.protocol_version} {status} {reason}\r\n".encode("latin-1", "replace")
        out = [line]
        for key, value in (headers or {}).items():
            out.append(f"{key}: {value}\r\n".encode("latin-1", "replace"))
        out.append(b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        req.wfile.write(b"".join(out))

    return handler


def encoded_as(encoding: str, body: bytes) -> Handler:
    """A 200 claiming Content-Encoding `encoding` over `body` as given (true or not)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Content-Encoding", encoding)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return handler


class ConcurrencyGauge:
    """Wraps a handler and records how many requests it served at once, at most.

    With `expect`, the first requests are held until `expect` are in at once (or _GIVE_UP
    seconds pass): a client that may make `expect` at once then reaches that peak however late
    a loaded machine starts each request, instead of only when they happened to overlap within
    `hold`. Every request is then held `hold` seconds more, the time in which one too many
    would be counted."""

    def __init__(self, inner: Handler, hold: float = 0.1, expect: int | None = None) -> None:
        self.inner = inner
        self.hold = hold
        self.expect = expect
        self.current = 0
        self.peak = 0
        self.served = 0
        self._changed = threading.Condition()

    def __call__(self, req: BaseHTTPRequestHandler) -> None:
        with self._changed:
            self.current += 1
            self.peak = max(self.peak, self.current)
            # Counted on arrival: counted after the answer, the client could have it (and the
            # test read the count) before this thread got here.
            self.served += 1
            self._changed.notify_all()
            if (expect := self.expect) is not None:
                self._changed.wait_for(lambda: self.peak >= expect, _GIVE_UP)
        try:
            time.sleep(self.hold)  # overlap is what is measured: keep each request open a while
        finally:
            # Uncounted before the answer is written: counted down after it, the client could
            # have the answer, free its slot and start the next request on another thread
            # before this one got here, and a loaded machine saw one request too many at once.
            with self._changed:
                self.current -= 1
        self.inner(req)


def ok_body(body: bytes) -> Handler:
    """A plain 200 with `body` (for wrapping in a gauge)."""

    def handler(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/xml")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return handler
