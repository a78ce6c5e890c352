"""Provides HostClients: a connection pool per host, at most so many hosts with connections open."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the HTTP stack costs ~0.1 s to import: only fetching pays for it
    import http.cookiejar

    from httpcore import AsyncConnectionPool

    from newstui.net.lean import LeanPool

    Pool: TypeAlias = AsyncConnectionPool | LeanPool


class HostClients:
    """A connection pool (httpcore's) per host, as big as the per-host limit; one cookie jar.

    Why per host: a host's requests find their kept-alive connections, and a pool never scans
    more than a few. Clients shared by several hosts (pools of 16 for 128 connections, before)
    closed one host's idle connection to open another's: 500 conditional GETs over 50 hosts made
    ~320 connections instead of ~160, and httpcore scanned every connection of a pool at each
    change, a third of the fetcher's CPU (cProfile, benchmarks/RESULTS.md).

    At most `max_hosts` clients are kept: past it, those of the hosts least recently used with no
    request under way are closed, so at most `max_hosts` x the per-host limit sockets stay open
    (a burst of polls over thousands of hosts must not run out of file descriptors).
    """

    def __init__(self, max_hosts: int, make: Callable[[], Pool]) -> None:
        """`make` builds one host's pool."""
        self.max_hosts = max_hosts
        self._make = make
        self._clients: OrderedDict[str, Pool] = OrderedDict()
        """A client per host, least recently used first."""
        self._running: dict[str, int] = {}
        """Requests under way per host: their clients must stay open."""
        self.jar: http.cookiejar.CookieJar | None = None
        """The cookies, once an answer set one (`cookies`); None before."""

    @property
    def cookies(self) -> http.cookiejar.CookieJar:
        """One jar for every host, as a browser has (a site may set a cookie on one host and
        redirect to another of its own). Made at first use: http.cookiejar imports
        urllib.request (~45 M instructions), and most rounds never meet a cookie."""
        if self.jar is None:
            import http.cookiejar

            self.jar = http.cookiejar.CookieJar()
        return self.jar

    def __len__(self) -> int:
        return len(self._clients)

    def start(self, host: str) -> tuple[Pool, list[Pool]]:
        """A request to `host` begins: its client, and clients the caller must close now. Pair
        with `done(host)` once the request's response is closed."""
        self._running[host] = self._running.get(host, 0) + 1
        client = self._clients.get(host)
        if client is not None:
            self._clients.move_to_end(host)
            return client, []
        stale: list[Pool] = []
        for old in list(self._clients):
            if len(self._clients) < self.max_hosts:
                break
            if not self._running.get(old):
                stale.append(self._clients.pop(old))
        client = self._clients[host] = self._make()
        return client, stale

    def done(self, host: str) -> None:
        left = self._running[host] - 1
        if left:
            self._running[host] = left
        else:
            del self._running[host]

    def client(self, host: str) -> Pool | None:
        return self._clients.get(host)

    def take_all(self) -> list[Pool]:
        """Every client, forgotten here (the caller closes them)."""
        clients = list(self._clients.values())
        self._clients.clear()
        return clients
