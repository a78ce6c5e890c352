"""Provides the polite, hardened HTTP fetcher: capped sizes and times, checked redirects."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import http
import importlib
import socket
import ssl
import time
import unicodedata
import zlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin, urlsplit

import newstui
from newstui.text.sanitize import clean_text

if TYPE_CHECKING:  # httpx costs ~80-140 ms to import: only fetching pays for it
    import httpx

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
"""The Accept header for feeds; pass another `accept` for article pages."""

TOO_LARGE = "response too large"
"""How the error line of a body over the cap starts (a caller may retry asking for less)."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_RETRY_AFTER_CAP = 24 * 3600.0
"""Seconds; a server asking for more than a day gets a day."""
_ERROR_MAX_CHARS = 160


@dataclass(frozen=True)
class FetchLimits:
    """Caps on one fetch and on the whole fetcher's concurrency."""

    max_bytes: int = 10 * 1024 * 1024
    """Decoded body cap (so also against gzip bombs)."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Seconds allowed between two reads."""
    total_timeout: float = 60.0
    """Seconds for the whole fetch, redirects and slow trickles included."""
    max_redirects: int = 5
    max_connections: int = 16
    """Overall. httpcore's pool scans every connection on each change: past ~16-20 it slows."""
    max_per_host: int = 4
    """Concurrent requests to one host, to be polite to sites that carry many feeds."""


DEFAULT_LIMITS = FetchLimits()
POOL_SIZE = 16
"""Connections per HTTP client; more overall means more clients (see Fetcher._get_client)."""


@dataclass
class FetchResult:
    """What one fetch gave; `error` is a short line for the user, None on success and on 304."""

    url: str
    """As requested."""
    final_url: str
    status: int | None
    """Final HTTP status; None when there was no response."""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    """The final response's headers, names lowercased."""
    etag: str | None = None
    """On 304 without an ETag of its own, the one that was sent."""
    last_modified: str | None = None
    """On 304 without a Last-Modified of its own, the one that was sent."""
    moved_to: str | None = None
    """The URL to poll from now on: set when every redirect hop was permanent (301/308) and the
    final answer was 2xx or 304."""
    retry_after: float | None = None
    """Seconds the server asked us to wait (Retry-After on 429/503), capped at a day."""
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def gone(self) -> bool:
        return self.status == 410

    @property
    def ok(self) -> bool:
        """A 2xx answer with a body (an empty 2xx body is reported as an error)."""
        return self.status is not None and 200 <= self.status < 300 and self.error is None


class _Failed(Exception):
    """Ends a fetch with a message for the user and whatever was learned so far."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class _HostSlots:
    """Per-host semaphores that exist only while a host has fetches, so the map stays small."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    async def acquire(self, host: str) -> None:
        sem, users = self._slots.setdefault(host, (asyncio.Semaphore(self._per_host), [0]))
        users[0] += 1
        try:
            await sem.acquire()
        except BaseException:
            self._forget(host, users)
            raise

    def release(self, host: str) -> None:
        sem, users = self._slots[host]
        sem.release()
        self._forget(host, users)

    def _forget(self, host: str, users: list[int]) -> None:
        users[0] -= 1
        if users[0] == 0:
            del self._slots[host]


class Fetcher:
    """Fetches URLs over one shared connection pool, politely and within hard limits.

    Proxies and other settings from the environment are NOT read (httpx `trust_env=False`): the
    environment could also hand feed hosts credentials from ~/.netrc. Pass `proxy` explicitly.
    Cookies live in memory for the Fetcher's life, as a browser's would within a session: some
    sites set one and redirect to themselves.
    """

    def __init__(
        self,
        limits: FetchLimits = DEFAULT_LIMITS,
        user_agent: str = newstui.USER_AGENT,
        *,
        proxy: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """`ssl_context`: whom to trust over TLS; by default certifi's CAs, as httpx does."""
        self.limits = limits
        self.user_agent = user_agent
        self._proxy = proxy
        self._ssl_context = ssl_context
        self._clients: dict[int, httpx.AsyncClient] = {}
        self._overall: asyncio.Semaphore | None = None
        self._hosts = _HostSlots(limits.max_per_host)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.aclose()

    def _get_client(self, url: str) -> httpx.AsyncClient:
        """The client for `url`'s host. Hosts are spread over clients of at most POOL_SIZE
        connections: httpcore's pool rescans every connection on each change, so one big pool
        gets slower as it grows while several small ones do not. A host always maps to the same
        client, so its kept-alive connections and cookies stay together."""
        shards = max(1, -(-self.limits.max_connections // POOL_SIZE))
        shard = zlib.crc32((urlsplit(url).hostname or "").encode()) % shards
        client = self._clients.get(shard)
        if client is None:
            import httpx

            lim = self.limits
            size = min(lim.max_connections, POOL_SIZE)
            client = self._clients[shard] = httpx.AsyncClient(
                transport=_transport(size, self._proxy, self._ssl_context),
                follow_redirects=False,  # followed by hand: capped, checked, and moved_to computed
                trust_env=False,
                timeout=httpx.Timeout(
                    connect=lim.connect_timeout,
                    read=lim.read_timeout,
                    write=lim.read_timeout,
                    pool=lim.connect_timeout,
                ),
                # Only what _Decoder handles: a br/zstd answer would bypass the size cap.
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                event_hooks={"response": [_hide_location]},
            )
        return client

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetches `url`; never raises (except CancelledError): failures come back in `.error`."""
        result = FetchResult(url=url, final_url=url, status=None)
        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        headers = {"Accept": accept}
        # Validators come back from servers and storage: one that cannot be sent as a header is
        # dropped (an unconditional GET) rather than failing the fetch.
        if etag and _sendable(etag):
            headers["If-None-Match"] = etag
        if last_modified and _sendable(last_modified):
            headers["If-Modified-Since"] = last_modified
        await self._guarded(result, lambda deadline: self._follow(result, headers, cap, deadline))
        if result.not_modified:
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        return result

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        form: Sequence[tuple[str, str]] | None = None,
        accept: str = "application/json",
        max_bytes: int | None = None,
    ) -> FetchResult:
        """One request to an API (GET, or POST of `form` urlencoded, keys may repeat), under the
        same limits, User-Agent, per-host slots and error lines as `fetch`. A redirect is not
        followed but reported as an error naming its target, so that credentials in `headers` or
        `form` are never re-sent elsewhere. Never raises (except CancelledError)."""
        result = FetchResult(url=url, final_url=url, status=None)
        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        sent = {"Accept": accept, **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form).encode("ascii")
            sent["Content-Type"] = "application/x-www-form-urlencoded"

        async def once(deadline: asyncio.Timeout) -> None:
            checked = _check_url(url, "unsupported URL scheme", "bad URL")
            host = urlsplit(checked).hostname or ""
            await self._hosts.acquire(host)
            try:
                if self._overall is None:
                    self._overall = asyncio.Semaphore(self.limits.max_connections)
                async with self._overall:
                    loop = asyncio.get_running_loop()
                    deadline.reschedule(loop.time() + self.limits.total_timeout)
                    location = await self._one_hop(result, checked, sent, cap, method, body)
            finally:
                self._hosts.release(host)
            if location is not None:
                where = urljoin(checked, location) if location.isprintable() else "elsewhere"
                raise _Failed(f"redirected to {where} (not followed)", result.status)

        await self._guarded(result, once)
        return result

    async def _guarded(
        self, result: FetchResult, work: Callable[[asyncio.Timeout], Awaitable[None]]
    ) -> None:
        """Runs `work` under the total timeout; every failure ends up in `result.error`."""
        deadline = asyncio.timeout(None)
        try:
            async with deadline:
                await work(deadline)
        except _Failed as failed:
            result.error = _one_line(failed.message)
            if failed.status is not None:
                result.status = failed.status
        except TimeoutError:
            total = _seconds(self.limits.total_timeout)
            result.error = f"timed out after {total} (total)" if deadline.expired() else "timed out"
        except Exception as exc:  # the contract is "never raises"
            result.error = _one_line(_describe(exc))

    async def _follow(
        self,
        result: FetchResult,
        headers: dict[str, str],
        cap: int,
        deadline: asyncio.Timeout,
    ) -> None:
        url = _check_url(result.url, "unsupported URL scheme", "bad URL")
        seen = {url}
        all_permanent = True
        for hop in range(self.limits.max_redirects + 1):
            host = urlsplit(url).hostname or ""
            await self._hosts.acquire(host)
            try:
                if self._overall is None:
                    self._overall = asyncio.Semaphore(self.limits.max_connections)
                async with self._overall:
                    if hop == 0:
                        # The clock starts once we hold a connection slot, so that a long queue of
                        # fetches behind a slow host does not time out merely by waiting.
                        loop = asyncio.get_running_loop()
                        deadline.reschedule(loop.time() + self.limits.total_timeout)
                    location = await self._one_hop(result, url, headers, cap)
            finally:
                self._hosts.release(host)
            if location is None:
                if all_permanent and hop > 0:  # and the answer was 2xx or 304, or we'd have raised
                    result.moved_to = url
                return
            all_permanent = all_permanent and result.status in _PERMANENT
            try:
                joined = urljoin(url, location)  # relative Locations are common
            except ValueError:
                raise _Failed(_BAD_LOCATION, result.status) from None
            url = _check_url(joined, "bad redirect (not to http or https)", _BAD_LOCATION)
            if url in seen:
                break
            seen.add(url)
        raise _Failed("too many redirects (redirect loop?)", result.status)

    async def _one_hop(
        self,
        result: FetchResult,
        url: str,
        headers: dict[str, str],
        cap: int,
        method: str = "GET",
        body: bytes | None = None,
    ) -> str | None:
        """Does one request; returns the Location to follow, or None when `result` is final."""
        import httpx

        client = self._get_client(url)
        request = client.build_request(method, url, headers=headers, content=body)
        try:
            response = await client.send(request, stream=True)
        except httpx.RemoteProtocolError:
            if method != "GET":
                raise  # a POST may have been acted on: the caller decides whether to resend
            # Nothing came back, so retrying a GET is safe (RFC 9110 9.2.2), and it is needed: a
            # kept-alive connection can be poisoned by an earlier answer longer than its
            # Content-Length, which httpcore cannot see. The failed connection is gone by now.
            response = await client.send(request, stream=True)
        try:
            status = response.status_code
            result.final_url = url
            result.status = status
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            location = result.headers.pop(_LOCATION_STASH, None)
            if location is not None:
                result.headers["location"] = location
            result.etag = response.headers.get("etag")
            result.last_modified = response.headers.get("last-modified")
            if status in _REDIRECTS:
                if not location or not location.strip():
                    raise _Failed("bad redirect (no Location)", status)
                await _drain(response)
                return location.strip()
            if status == 304:
                await _drain(response)
                return None
            if not 200 <= status < 300:  # 300, 305 and the like are no answer either
                if status in (429, 503):
                    result.retry_after = parse_retry_after(response.headers.get("retry-after"))
                raise _Failed(f"HTTP {status} {_reason(status, response.reason_phrase)}", status)
            result.body = await _read_capped(response, cap)
            if not result.body:
                raise _Failed(f"empty response (HTTP {status})", status)
            return None
        finally:
            await response.aclose()


def _transport(
    size: int, proxy: str | None, ssl_context: ssl.SSLContext | None
) -> httpx.AsyncHTTPTransport:
    """An HTTP/1.1 transport of `size` connections on newstui's asyncio network backend."""
    import httpx

    from newstui.net.httpx_compat import set_network_backend
    from newstui.net.netbackend import AsyncioBackend

    transport = httpx.AsyncHTTPTransport(
        verify=ssl_context or shared_ssl_context(),
        http2=False,
        trust_env=False,
        proxy=proxy,
        limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
    )
    set_network_backend(transport, AsyncioBackend())
    return transport


_ssl_context: ssl.SSLContext | None = None


def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~30 ms, and each client would load its own."""
    global _ssl_context
    if _ssl_context is None:
        import httpx

        _ssl_context = httpx.create_ssl_context()
    return _ssl_context


def load_http_stack() -> None:
    """Imports httpx and loads the TLS context now rather than at the first fetch: processes
    forked afterwards (a round split over processes) then share them instead of each paying."""
    import httpcore  # noqa: F401  (httpx imports it lazily)
    import httpx  # noqa: F401

    # httpcore's pool locks are anyio's on asyncio, whose backend loads at the first request.
    # Best effort: should anyio move it, the first request pays, as it does without this.
    with contextlib.suppress(ImportError):
        importlib.import_module("anyio._backends._asyncio")
    shared_ssl_context()


_LOCATION_STASH = "x-newstui-location"
_BAD_LOCATION = "bad redirect (malformed Location)"


async def _hide_location(response: httpx.Response) -> None:
    """Moves Location aside so httpx does not parse it (and raise on a bad one) before we can."""
    if "location" in response.headers:
        response.headers[_LOCATION_STASH] = response.headers["location"]
        del response.headers["location"]


def _sendable(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _check_url(url: str, scheme_error: str, other_error: str) -> str:
    import httpx

    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https"):
            raise _Failed(scheme_error)
        if not parts.hostname or parts.port == 0:  # .port raises on ports past 65535
            raise _Failed(other_error)
        httpx.URL(url.strip())  # rejects what httpx could not send (bad ports, bad IDNA, ...)
    except (ValueError, httpx.InvalidURL):
        raise _Failed(other_error) from None
    return url.strip()


_DRAIN_MAX = 64 * 1024
"""Bytes of an answer we do not use (a redirect's page) read so its connection can be reused."""


async def _drain(response: httpx.Response) -> None:
    """Reads an answer's unused body, even an empty one (a 304's): httpcore reuses a connection
    only once the whole answer was read; closed early, it is closed, and the next request to the
    host pays for a new connection. A big or broken body just costs the connection."""
    import httpx

    read = 0
    with contextlib.suppress(httpx.HTTPError):
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > _DRAIN_MAX:
                return


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """Reads the body, decoding it ourselves so that no single chunk can inflate past the cap."""
    too_large = f"{TOO_LARGE} (over {_size(cap)})"
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(encodings) > 1 or (encodings and encodings[0] not in _Decoder.KNOWN):
        raise _Failed(f"unsupported content encoding: {', '.join(encodings)}"[:80])
    length = response.headers.get("content-length", "")
    if not encodings and length.isdigit() and int(length) > cap:
        raise _Failed(too_large)
    decoder = _Decoder(encodings[0]) if encodings else None
    body = bytearray()
    async for raw in response.aiter_raw():
        room = cap - len(body) + 1  # one byte past the cap proves it is passed
        chunk = decoder.decode(raw, room) if decoder else raw
        if len(chunk) >= room:
            raise _Failed(too_large)
        body += chunk
    return bytes(body)


class _Decoder:
    """gzip/deflate with a bound on each call's output (httpx's decoder inflates unboundedly)."""

    KNOWN = frozenset({"gzip", "x-gzip", "deflate"})

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        self._raw_deflate = False
        self._started = False
        self._done = False
        self._zobj = self._new()

    def _new(self) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        """Returns at most `limit` bytes; reaching `limit` means the caller is over its cap."""
        out = bytearray()
        while data and not self._done and len(out) < limit:
            try:
                out += self._zobj.decompress(data, limit - len(out))
            except zlib.error:
                if not self._gzip and not self._started and not self._raw_deflate:
                    # Some servers send raw deflate under "deflate"; browsers accept it.
                    self._raw_deflate = True
                    self._zobj = self._new()
                    continue
                raise _Failed("could not decode the compressed response") from None
            self._started = True
            if self._zobj.unconsumed_tail:
                break  # stopped at `limit`: over the cap
            data = b""
            if self._zobj.eof:
                rest = self._zobj.unused_data
                if self._gzip and rest[:2] == b"\x1f\x8b":  # another gzip member follows
                    self._zobj = self._new()
                    data = rest
                else:
                    self._done = True  # trailing junk after the stream is ignored, as browsers do
        return bytes(out)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After value (delta or HTTP date); None when absent, past or garbage."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), _RETRY_AFTER_CAP)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC too (RFC 5322)
        return None
    delta = when.timestamp() - (time.time() if now is None else now)
    if delta < 0:
        return None
    return min(delta, _RETRY_AFTER_CAP)


def _reason(status: int, phrase: str) -> str:
    try:
        return http.HTTPStatus(status).phrase  # known codes: trust ours over the server's text
    except ValueError:
        return phrase[:60]


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups among them."""
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo and len(seen) < 32:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        if isinstance(e, BaseExceptionGroup):
            todo.extend(e.exceptions)
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)


def _describe(exc: Exception) -> str:
    import httpx

    if isinstance(exc, _Failed):
        return exc.message
    chain = list(_causes(exc))
    for e in chain:
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS error: {e.verify_message or e.reason or 'certificate verify failed'}"
        if isinstance(e, ssl.SSLError):
            return f"TLS error: {e.reason or e.strerror or e}"
        if isinstance(e, socket.gaierror):
            return "host not found"
        if isinstance(e, ConnectionRefusedError) or (
            isinstance(e, OSError) and e.errno == errno.ECONNREFUSED
        ):
            return "connection refused"
    if isinstance(exc, httpx.ConnectTimeout):
        return "timed out (connect)"
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return "timed out (read)"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out (waiting for a free connection)"
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "incomplete" in text or "without sending complete" in text:
            return "response cut short (the server closed the connection early)"
        if "without sending a response" in text:
            return "the server closed the connection without answering"
        # h11 quotes the offending bytes: keep the verdict, not the (long, hostile) bytes
        return f"protocol error: {text.split(': bytearray(')[0].split(': b')[0]}"
    if isinstance(exc, httpx.DecodingError):
        return "could not decode the response"
    for e in chain:
        if isinstance(e, OSError) and e.strerror:
            return f"network error: {e.strerror}"
    if isinstance(exc, httpx.TransportError):
        return f"network error: {exc or type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {exc}"


def _one_line(text: str) -> str:
    """One short printable line: server-provided text must not reach the terminal as controls."""
    cleaned = clean_text(text, 4 * _ERROR_MAX_CHARS)  # drops escape sequences whole
    cleaned = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in cleaned)
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > _ERROR_MAX_CHARS:
        cleaned = cleaned[: _ERROR_MAX_CHARS - 1] + "…"
    return cleaned or "unknown error"


def _size(n: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.3g} {unit}"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    return f"{s:g} s"
