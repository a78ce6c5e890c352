"""Provides the polite, hardened HTTP fetcher: capped sizes and times, checked redirects."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin

import newstui
from newstui.net.body import TOO_LARGE as TOO_LARGE  # the sync client's retry looks for it
from newstui.net.body import drain, read_capped
from newstui.net.clients import HostClients
from newstui.net.errors import Failed, describe, is_kind, one_line, reason
from newstui.net.exchange import cookie_header, exchange, keep_cookies, target
from newstui.net.headers import (
    BAD_LOCATION,
    PERMANENT,
    REDIRECTS,
    check_url,
    host_of,
    parse_retry_after,
    sendable,
)
from newstui.net.transport import make_pool

if TYPE_CHECKING:  # the HTTP stack costs ~0.1 s to import: only fetching pays for it
    import httpcore

    from newstui.net.lean import LeanPool

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
"""The Accept header for feeds; pass another `accept` for article pages."""


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
    """Requests at once overall; also how many hosts keep connections open at most unless
    max_hosts says otherwise (see HostClients), so at most 4x that many sockets are open."""
    max_per_host: int = 4
    """Concurrent requests (and connections) to one host, to be polite to sites that carry
    many feeds."""
    max_hosts: int = 0
    """Hosts whose connections are kept open at most (net.clients.HostClients); 0: as many as
    max_connections. A round's lanes (feeds.lanes) may keep more hosts going than it has
    requests under way, each waiting for a slot with its connection idle."""


DEFAULT_LIMITS = FetchLimits()


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

    Requests go through an httpcore connection pool per host (net.exchange says why not
    httpx's client). Proxies and other settings from the environment are NOT read (as httpx's
    `trust_env=False`): the environment could also hand feed hosts credentials from ~/.netrc.
    Pass `proxy` explicitly.
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
        self._clients = HostClients(limits.max_hosts or limits.max_connections, self._new_pool)
        self._timeouts = {
            "connect": limits.connect_timeout,
            "read": limits.read_timeout,
            "write": limits.read_timeout,
            "pool": limits.connect_timeout,
        }
        # Only what net.body's Decoder handles: a br/zstd answer would bypass the size cap.
        self._common = [
            (b"Connection", b"keep-alive"),
            (b"User-Agent", user_agent.encode("ascii")),
            (b"Accept-Encoding", b"gzip, deflate"),
        ]
        self._overall: asyncio.Semaphore | None = None
        self._hosts = _HostSlots(limits.max_per_host)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for client in self._clients.take_all():
            await client.aclose()

    def _get_client(self, url: str) -> httpcore.AsyncConnectionPool | LeanPool:
        """The pool `url` is fetched with (for tests)."""
        host = host_of(url)
        client, _ = self._clients.start(host)
        self._clients.done(host)
        return client

    def _new_pool(self) -> httpcore.AsyncConnectionPool | LeanPool:
        return make_pool(self.limits.max_per_host, self._proxy, self._ssl_context)

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
        if etag and sendable(etag):
            headers["If-None-Match"] = etag
        if last_modified and sendable(last_modified):
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
            checked = check_url(url, "unsupported URL scheme", "bad URL")
            host = host_of(checked)
            await self._hosts.acquire(host)
            try:
                if self._overall is None:
                    self._overall = asyncio.Semaphore(self.limits.max_connections)
                async with self._overall:
                    loop = asyncio.get_running_loop()
                    deadline.reschedule(loop.time() + self.limits.total_timeout)
                    location = await self._one_hop(result, host, checked, sent, cap, method, body)
            finally:
                self._hosts.release(host)
            if location is not None:
                where = urljoin(checked, location) if location.isprintable() else "elsewhere"
                raise Failed(f"redirected to {where} (not followed)", result.status)

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
        except Failed as failed:
            result.error = one_line(failed.message)
            if failed.status is not None:
                result.status = failed.status
        except TimeoutError:
            total = f"{self.limits.total_timeout:g} s"
            result.error = f"timed out after {total} (total)" if deadline.expired() else "timed out"
        except Exception as exc:  # the contract is "never raises"
            result.error = one_line(describe(exc))

    async def _follow(
        self,
        result: FetchResult,
        headers: dict[str, str],
        cap: int,
        deadline: asyncio.Timeout,
    ) -> None:
        url = check_url(result.url, "unsupported URL scheme", "bad URL")
        seen = {url}
        all_permanent = True
        for hop in range(self.limits.max_redirects + 1):
            host = host_of(url)
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
                    location = await self._one_hop(result, host, url, headers, cap)
            finally:
                self._hosts.release(host)
            if location is None:
                if all_permanent and hop > 0:  # and the answer was 2xx or 304, or we'd have raised
                    result.moved_to = url
                return
            all_permanent = all_permanent and result.status in PERMANENT
            try:
                joined = urljoin(url, location)  # relative Locations are common
            except ValueError:
                raise Failed(BAD_LOCATION, result.status) from None
            url = check_url(joined, "bad redirect (not to http or https)", BAD_LOCATION)
            if url in seen:
                break
            seen.add(url)
        raise Failed("too many redirects (redirect loop?)", result.status)

    async def _one_hop(
        self,
        result: FetchResult,
        host: str,
        url: str,
        headers: dict[str, str],
        cap: int,
        method: str = "GET",
        body: bytes | None = None,
    ) -> str | None:
        """Does one request to `url` on `host` (its hostname, as the caller split it); returns
        the Location to follow, or None when `result` is final."""
        client, stale = self._clients.start(host)
        try:
            for old in stale:
                await old.aclose()
            return await self._request(client, result, url, headers, cap, method, body)
        finally:
            self._clients.done(host)

    async def _request(
        self,
        pool: httpcore.AsyncConnectionPool | LeanPool,
        result: FetchResult,
        url: str,
        headers: dict[str, str],
        cap: int,
        method: str,
        body: bytes | None,
    ) -> str | None:
        where = target(url)
        # In httpx's order: the client's headers, then the request's own (Accept among them).
        sent = self._common + [(k.encode("ascii"), v.encode("ascii")) for k, v in headers.items()]
        cookie = cookie_header(self._clients.jar, method, url)
        if cookie is not None:
            sent.append((b"Cookie", cookie.encode("ascii")))
        try:
            answer = await exchange(pool, method, where, sent, body, self._timeouts)
        except Exception as exc:
            if method != "GET" or not is_kind(exc, "RemoteProtocolError"):
                raise  # a POST may have been acted on: the caller decides whether to resend
            # Nothing came back, so retrying a GET is safe (RFC 9110 9.2.2), and it is needed: a
            # kept-alive connection can be poisoned by an earlier answer longer than its
            # Content-Length, which httpcore cannot see. The failed connection is gone by now.
            answer = await exchange(pool, method, where, sent, body, self._timeouts)
        try:
            if "set-cookie" in answer.headers:
                keep_cookies(self._clients.cookies, method, url, answer)
            status = answer.status
            result.final_url = url
            result.status = status
            result.headers = answer.headers
            location = answer.headers.get("location")
            result.etag = answer.headers.get("etag")
            result.last_modified = answer.headers.get("last-modified")
            if status in REDIRECTS:
                if not location or not location.strip():
                    raise Failed("bad redirect (no Location)", status)
                await drain(answer.chunks())
                return location.strip()
            if status == 304:
                await drain(answer.chunks())
                return None
            if not 200 <= status < 300:  # 300, 305 and the like are no answer either
                if status in (429, 503):
                    result.retry_after = parse_retry_after(answer.headers.get("retry-after"))
                raise Failed(f"HTTP {status} {reason(status, answer.reason_phrase)}", status)
            result.body = await read_capped(answer.headers, answer.chunks(), cap)
            if not result.body:
                raise Failed(f"empty response (HTTP {status})", status)
            return None
        finally:
            await answer.aclose()
