"""Provides the fetcher's own HTTP/1.1 connections to one host: requests written as bytes,
answers read by llhttp (httptools), kept alive on newstui's asyncio connections (net.wire).

Why not httpcore's pool and h11: a conditional GET answered 304 cost ~2.2 M instructions, ~70 %
of it in httpcore's pool bookkeeping, its models and h11's state machine and header checks
(callgrind, benchmarks/RESULTS.md "The warm poll's lean lane"). The fetcher's per-host slots
already bound a host's requests (net.fetch._HostSlots), so a pool needs no queue: a request takes
an idle connection to its origin or opens one. What httpcore did that still applies is kept: a
connection is reused only once its answer was read to the end and the server did not ask to
close it, an idle one is dropped after KEEPALIVE_EXPIRY seconds or when the server has closed it
or sent stray bytes, and errors are httpcore's namesakes (net.wire) in h11's words, so the fetcher's
retry of a GET on a kept-alive connection the server closed, and its error lines, hold as they
were. Proxies still go through httpcore's pools (net.transport.make_pool).
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httptools

from newstui.net import wire
from newstui.net.exchange import KEEPALIVE_EXPIRY, decoded_headers
from newstui.net.wire import LocalProtocolError, RemoteProtocolError

if TYPE_CHECKING:
    from newstui.net.exchange import Target

READ_SIZE = 64 * 1024
"""Bytes asked of the stream per read (httpcore's own READ_NUM_BYTES)."""
MAX_HEAD = 16 * 1024
"""Bytes of status line and headers at most (h11's max_incomplete_event_size, which applied
before): a server sending endless headers is cut off."""
_FIELD_VALUE = re.compile(rb"[\x21-\x7e\x80-\xff]*(?:[ \t]+[\x21-\x7e\x80-\xff]+)*")
"""A header value h11 would send: visible characters, inner spaces and tabs (RFC 9110 5.5)."""
_NO_ANSWER = "Server disconnected without sending a response."
"""httpcore's words for a connection closed before any answer (the fetcher retries a GET)."""
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")


class _Reader:
    """httptools' callbacks for one answer on one connection."""

    __slots__ = (
        "body",
        "complete",
        "head_done",
        "head_size",
        "headers",
        "keep_alive",
        "parser",
        "phrase",
        "poisoned",
        "status",
    )

    def __init__(self) -> None:
        self.parser: httptools.HttpResponseParser | None = None
        self.status = 0
        self.phrase = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_size = 0
        self.body: list[bytes] = []
        self.head_done = False
        self.complete = False
        self.keep_alive = False
        """The server keeps the connection open (llhttp's verdict at the head: HTTP/1.1
        without Connection: close, a length known); llhttp forgets it once the body ends."""
        self.poisoned = False
        """Bytes came after the answer's end: the connection must not be reused."""

    def on_message_begin(self) -> None:
        if self.complete:
            self.poisoned = True

    def on_status(self, phrase: bytes) -> None:
        self.phrase += phrase

    def on_header(self, name: bytes, value: bytes) -> None:
        self.head_size += len(name) + len(value) + 4
        self.headers.append((name, value.strip(b" \t")))

    def on_headers_complete(self) -> None:
        assert self.parser is not None
        self.status = self.parser.get_status_code()
        self.keep_alive = self.parser.should_keep_alive()
        self.head_done = True

    def on_body(self, chunk: bytes) -> None:
        self.body.append(chunk)

    def on_message_complete(self) -> None:
        if self.complete:
            return
        if 100 <= self.status < 200 and self.status != 101:
            # An interim answer (100 Continue, 103 Early Hints): h11 skips it, so do we. A 101
            # is final: what follows is no longer HTTP (the fetcher never asks for an upgrade,
            # so it fails as "HTTP 101" at once, not after the read timeout).
            self.phrase = b""
            self.headers = []
            self.head_done = False
            return
        self.complete = True


class Connection:
    """One HTTP/1.1 connection to an origin, one request at a time."""

    def __init__(self, origin: tuple[bytes, bytes, int], stream: wire.Stream):
        self.origin = origin
        self.stream = stream
        self.idle_since = 0.0
        self.reused = False
        self.closed = False

    def usable(self, now: float) -> bool:
        """Whether an idle connection may take a request: not expired, nothing to read (the
        server's close or stray bytes)."""
        return (
            not self.closed
            and now - self.idle_since < KEEPALIVE_EXPIRY
            and not self.stream.get_extra_info("is_readable")
        )

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            await self.stream.aclose()


class Answer:
    """An answer's status line and headers, its body still to read (`chunks`, then `aclose`):
    what net.exchange.Answer gives, read from a Connection."""

    def __init__(
        self,
        pool: LeanPool,
        connection: Connection,
        parser: httptools.HttpResponseParser,
        reader: _Reader,
        read_timeout: float | None,
    ) -> None:
        self._pool = pool
        self._connection = connection
        self._parser = parser
        self._reader = reader
        self._timeout = read_timeout
        self.status = reader.status
        self.raw_headers = reader.headers
        self.headers = decoded_headers(reader.headers)
        self.reason_phrase = reader.phrase.decode("ascii", errors="ignore")
        self.extensions = {"http_version": b"HTTP/" + parser.get_http_version().encode("ascii")}
        self._closed = False

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives, undecoded (gzip is net.body's to undo, within its cap)."""
        reader = self._reader
        while True:
            if reader.body:
                chunks, reader.body = reader.body, []
                for chunk in chunks:
                    yield chunk
            if reader.complete:
                return
            data = await self._connection.stream.read(READ_SIZE, self._timeout)
            if not data:
                if not _ends_at_close(self._parser, reader):
                    raise RemoteProtocolError(
                        "peer closed connection without sending complete message body: "
                        "incomplete chunked read"
                    )
                reader.complete = True
                self._connection.closed = True  # not reusable
                await self._connection.stream.aclose()
                continue
            _feed(self._parser, reader, data)

    async def aclose(self) -> None:
        """Gives the connection back to its pool when the body was read to its end and the
        server keeps it alive, else closes it (httpcore's rule)."""
        if self._closed:
            return
        self._closed = True
        reader = self._reader
        connection = self._connection
        keep = reader.complete and reader.keep_alive and not reader.poisoned
        await self._pool.release(connection, keep)


def _ends_at_close(parser: httptools.HttpResponseParser, reader: _Reader) -> bool:
    """Whether a body ended by the server's close is whole: an answer with neither a length nor
    chunked coding runs to the close (RFC 9112 6.3); llhttp then keeps no keep-alive."""
    if reader.complete:
        return True
    names = {name.lower() for name, _ in reader.headers}
    return b"content-length" not in names and b"transfer-encoding" not in names


def _feed(parser: httptools.HttpResponseParser, reader: _Reader, data: bytes) -> None:
    try:
        parser.feed_data(data)
    except httptools.HttpParserUpgrade:
        reader.poisoned = True  # a 101 the fetcher never asks for: the connection is not HTTP
    except httptools.HttpParserError as exc:
        if reader.complete:
            reader.poisoned = True  # junk after a whole answer: keep the answer, drop the socket
            return
        raise RemoteProtocolError(f"malformed answer: {exc}") from None


def _reader() -> tuple[_Reader, httptools.HttpResponseParser]:
    reader = _Reader()
    parser = reader.parser = httptools.HttpResponseParser(reader)
    # What h11 read and llhttp's strict default does not, so that feeds that worked before
    # still do: a head whose lines end in a bare LF (small embedded and hand-written servers;
    # RFC 9112 2.2 allows a recipient to), whitespace after a chunk's size (h11's OWS, from
    # servers that pad the size in place). No proxy sits on this lane for a lenient framing to
    # disagree with (proxies go through httpcore). Not lenient_headers: it lets control
    # characters into values (folded lines are unfolded before instead: _unfolded).
    parser.set_dangerous_leniencies(
        lenient_optional_cr_before_lf=True, lenient_spaces_after_chunk_size=True
    )
    return reader, parser


_FOLD = re.compile(rb"[ \t]*\r?\n[ \t]+")
"""A line break followed by a line that begins with whitespace: an obs-fold (RFC 9112 5.2)."""
_HEAD_END = re.compile(rb"\n\r?\n")


def _unfolded(seen: bytes) -> bytes | None:
    """`seen` (an answer's bytes so far, its head at least begun) with each folded header line
    of its first head joined to the line before with one space, as h11 did and RFC 9112 5.2
    tells a user agent to; None when that head has no fold. The status line is never joined
    (h11 refused a fold there: llhttp still does), nor is anything after the head; what the
    joined values hold is llhttp's strict checks' (no control characters)."""
    start = seen.find(b"\n") + 1
    end = found.start() + 1 if (found := _HEAD_END.search(seen, start - 1)) else len(seen)
    if start <= 0 or not _FOLD.search(seen, start, end):
        return None
    return seen[:start] + _FOLD.sub(b" ", seen[start:end]) + seen[end:]


_SENDABLE: set[tuple[bytes, bytes]] = set()
"""Header lines checked already (up to 2,048, then forgotten at once): Host, User-Agent,
Accept, Accept-Encoding recur; the checks were ~40 % of writing a head (cProfile)."""


def request_head(method: str, where: Target, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers as bytes; raises LocalProtocolError (h11's words)
    for a header name or value that cannot be sent."""
    lines = [b"%s %s HTTP/1.1\r\n" % (method.encode("ascii"), where.url.target)]
    sendable = _SENDABLE
    for line in headers:
        if line not in sendable:
            name, value = line
            if _TOKEN.fullmatch(name) is None:
                raise LocalProtocolError(f"Illegal header name {name!r}")
            if _FIELD_VALUE.fullmatch(value) is None:
                raise LocalProtocolError(f"Illegal header value {value!r}")
            if len(sendable) >= 2048:
                sendable.clear()
            sendable.add(line)
        lines.append(b"%s: %s\r\n" % line)
    lines.append(b"\r\n")
    return b"".join(lines)


class LeanPool:
    """A host's connections (at most `size` open; the fetcher's per-host slots keep requests to
    that many), kept alive between requests."""

    def __init__(self, size: int, ssl_context: ssl.SSLContext | None) -> None:
        """`ssl_context` None: the shared one (net.transport), loaded at the first TLS
        connection, so that a round of plain-http sources never loads it."""
        self._size = size
        self._ssl_context = ssl_context
        self._idle: list[Connection] = []
        self._open = 0
        self._alpn_set = False

    async def send(
        self,
        method: str,
        where: Target,
        headers: list[tuple[bytes, bytes]],
        body: bytes | None,
        timeouts: dict[str, float],
    ) -> Answer:
        """Sends one request and returns once the answer's head has come. Raises httpcore's
        exceptions' namesakes (net.wire): RemoteProtocolError when a connection closes before
        any answer."""
        head = request_head(method, where, headers)
        connection = await self._connection(where, timeouts["connect"])
        try:
            return await self._exchange(connection, head, body, timeouts)
        except BaseException:
            await self.release(connection, False)
            raise

    async def _exchange(
        self, connection: Connection, head: bytes, body: bytes | None, timeouts: dict[str, float]
    ) -> Answer:
        stream = connection.stream
        try:
            await stream.write(head + body if body else head, timeouts["write"])
            first = await stream.read(READ_SIZE, timeouts["read"])
        except (wire.WriteError, wire.ReadError) as exc:
            if not connection.reused:
                raise
            # A kept-alive connection the server reset when it came to be used (its keep-alive
            # ran out first): nothing came back, so this is the close the fetcher retries a GET
            # on, not a failure of the source.
            raise RemoteProtocolError(_NO_ANSWER) from exc
        reader, parser = _reader()
        read, seen = 0, []
        while not reader.head_done:
            data = first if not read else await stream.read(READ_SIZE, timeouts["read"])
            if not data:
                if read:
                    raise RemoteProtocolError(
                        "peer closed connection without sending complete message body: "
                        "incomplete headers"
                    )
                raise RemoteProtocolError(_NO_ANSWER)
            read += len(data)
            seen.append(data)
            try:
                _feed(parser, reader, data)
            except RemoteProtocolError:
                unfolded = _unfolded(b"".join(seen))  # only an answer that llhttp refused
                if unfolded is None:
                    raise
                reader, parser = _reader()  # the head again, unfolded, through a new parser
                _feed(parser, reader, unfolded)
            if read > MAX_HEAD and (not reader.head_done or reader.head_size > MAX_HEAD):
                raise RemoteProtocolError("answer's headers too long")
        return Answer(self, connection, parser, reader, timeouts["read"])

    async def _connection(self, where: Target, connect_timeout: float) -> Connection:
        url = where.url
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == b"https" else 80))
        now = asyncio.get_running_loop().time()
        idle = self._idle
        for i in range(len(idle) - 1, -1, -1):
            connection = idle[i]
            if connection.origin != origin:
                continue
            del idle[i]
            if connection.usable(now):
                connection.reused = True
                return connection
            await self._drop(connection)
        while self._open >= self._size and idle:  # room for a new one: the oldest idle goes
            await self._drop(idle.pop(0))
        self._open += 1
        try:
            return await self._connect(origin, connect_timeout)
        except BaseException:
            self._open -= 1
            raise

    async def _connect(self, origin: tuple[bytes, bytes, int], timeout: float) -> Connection:
        scheme, host, port = origin
        name = host.decode("ascii")
        stream = await wire.connect_tcp(name, port, timeout)
        if scheme == b"https":
            if self._ssl_context is None:
                from newstui.net.transport import shared_tls_context

                self._ssl_context = shared_tls_context()
            if not self._alpn_set:
                self._ssl_context.set_alpn_protocols(["http/1.1"])  # as httpcore sets it
                self._alpn_set = True
            try:
                stream = await stream.start_tls(self._ssl_context, name, timeout)
            except BaseException:
                await stream.aclose()
                raise
        return Connection(origin, stream)

    async def release(self, connection: Connection, keep: bool) -> None:
        if keep and not connection.closed:
            connection.idle_since = asyncio.get_running_loop().time()
            self._idle.append(connection)
        else:
            await self._drop(connection)

    async def _drop(self, connection: Connection) -> None:
        self._open -= 1
        await connection.aclose()

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await self._drop(connection)
