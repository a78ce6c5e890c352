"""Provides one HTTP/1.1 exchange through a host's pool (net.lean's, or httpcore's through a
proxy): the request as httpx would send it, the answer's headers as httpx would read them,
cookies by httpx's jar where in use.

Why httpcore without httpx's client: a conditional GET answered 304 cost ~0.85-1.0 ms of CPU
through httpx.AsyncClient, about half of it httpx's own layer (URL merging, Request and Response
objects, header classes, cookie extraction and stream wrappers at every request), the rest
httpcore and h11 (cProfile, benchmarks/RESULTS.md "`fetch` at scale"). The pool below is the one
httpx's transport sends through; what httpx added per request is done here once per URL (the
URL is still parsed by httpx.URL, cached) or only when it applies (cookies).
"""

from __future__ import annotations

import base64
import functools
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the HTTP stack costs ~0.1 s to import: only fetching pays for it
    import http.cookiejar

    import httpcore

    from newstui.net.lean import Answer as LeanAnswer
    from newstui.net.lean import LeanPool

KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle kept-alive connection may be reused (httpx's default, kept)."""

log = logging.getLogger("newstui.net")
"""Each request at INFO, in httpx's words ('HTTP Request: GET URL "HTTP/1.1 304 Not
Modified"'), the URL without any user name or password."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where a request goes, as httpcore.URL has it: the IDNA host, the port (None for the
    scheme's own) and the request target (path and query, percent-encoded)."""

    scheme: bytes
    host: bytes
    port: int | None
    target: bytes


@dataclass(frozen=True, slots=True)
class Target:
    """What a URL gives a request: where it goes, its Host header, Basic credentials if any."""

    url: Address
    host: bytes
    """The Host header: the IDNA host and a port other than the scheme's (httpx.URL.netloc)."""
    authorization: bytes | None
    """From user:password in the URL, as httpx sends them (Basic, UTF-8)."""
    shown: str
    """The URL for the log: without its user name and password."""


_PLAIN_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>(?:[a-z0-9-]+\.)*[a-z0-9-]+)(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)?(?:\?(?P<query>[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+))?",
    re.IGNORECASE,
)
"""An http(s) URL that httpx's parser would send as written: an ASCII host name (lowercased),
a port, a path without dot segments and a query, in characters that are never percent-encoded,
no user name, no fragment. Feed addresses nearly all are; anything else goes to httpx.URL."""
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _plain(url: str) -> Target | None:
    """`url` split without httpx when _PLAIN_URL holds it whole, else None."""
    match = _PLAIN_URL.fullmatch(url)
    if match is None:
        return None
    scheme, host, port_text, path, query = match.group("scheme", "host", "port", "path", "query")
    path = path or "/"
    if "/." in path or host[0] == "-" or host[-1] == "-":
        return None  # dot segments are normalised, odd hosts judged: httpx.URL decides
    host = host.lower()
    port = int(port_text) if port_text is not None else None
    if port is not None and port > 65535:
        return None
    if port == _DEFAULT_PORTS.get(scheme):  # as httpx: "HTTP://h:80" keeps its port
        port = None
    scheme = scheme.lower()
    target = f"{path}?{query}" if query is not None else path
    netloc = host if port is None else f"{host}:{port}"
    address = Address(scheme.encode(), host.encode(), port, target.encode())
    return Target(address, netloc.encode(), None, url)


@functools.lru_cache(maxsize=8192)
def plain_target(url: str) -> Target | None:
    """`url` split by _PLAIN_URL when it holds it whole, else None; remembered per URL: the
    URL check (headers.check_url), the host (headers.host_of) and the request (`target`) all
    start from it, one match a URL a round."""
    return _plain(url)


@functools.lru_cache(maxsize=8192)
def target(url: str) -> Target:
    """`url` (checked already by headers.check_url) split once per URL as httpx's own URL
    parser splits it: by _PLAIN_URL for the plain addresses nearly every feed has (httpx is
    then not imported: ~125 M instructions before a warm round's fork), else by httpx.URL
    (IDNA, percent-encoding, dot segments, credentials). Raises httpx.InvalidURL."""
    plain = plain_target(url)
    if plain is not None:
        return plain
    import httpx

    parsed = httpx.URL(url)
    authorization = None
    if parsed.username or parsed.password:
        pair = f"{parsed.username}:{parsed.password}".encode()
        authorization = b"Basic " + base64.b64encode(pair)
    address = Address(parsed.raw_scheme, parsed.raw_host, parsed.port, parsed.raw_path)
    shown = str(parsed.copy_with(userinfo=b"")) if parsed.userinfo else url
    return Target(address, parsed.netloc, authorization, shown)


class Answer:
    """An answer's status line and headers, its body still to read (`chunks`, then `aclose`)."""

    def __init__(self, response: httpcore.Response) -> None:
        self._response = response
        self.status = response.status
        self.raw_headers = response.headers
        self.headers = decoded_headers(response.headers)
        """Names lowercased; a repeated header's values joined by ", " (httpx.Headers.items)."""
        self.extensions = response.extensions
        phrase = response.extensions.get("reason_phrase", b"")
        self.reason_phrase = phrase.decode("ascii", errors="ignore")

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives, undecoded (gzip is net.body's to undo, within its cap)."""
        return self._response.aiter_stream()

    async def aclose(self) -> None:
        """Gives the connection back to its pool when the body was read to its end, else closes
        it (httpcore's rule)."""
        await self._response.aclose()


def decoded_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header bytes as httpx decodes them: ASCII, else UTF-8 when every one is, else Latin-1."""
    encoding = "iso-8859-1"
    for candidate in ("ascii", "utf-8"):
        try:
            for key, value in raw:
                key.decode(candidate)
                value.decode(candidate)
        except UnicodeDecodeError:
            continue
        encoding = candidate
        break
    out: dict[str, str] = {}
    for key, value in raw:
        name = key.decode(encoding).lower()
        text = value.decode(encoding)
        out[name] = f"{out[name]}, {text}" if name in out else text
    return out


def cookie_header(jar: http.cookiejar.CookieJar | None, method: str, url: str) -> str | None:
    """The Cookie header the jar has for `url` (by httpx's jar adapter), None when none. An
    empty jar (most rounds: feeds seldom set cookies) costs nothing."""
    if jar is None or not len(jar):
        return None
    import httpx

    request = httpx.Request(method, url)
    httpx.Cookies(jar).set_cookie_header(request)
    cookie: str | None = request.headers.get("cookie")
    return cookie


def keep_cookies(
    jar: http.cookiejar.CookieJar, method: str, url: str, answer: Answer | LeanAnswer
) -> None:
    """Stores the answer's Set-Cookie headers in the jar (by httpx's jar adapter)."""
    if "set-cookie" not in answer.headers:
        return
    import httpx

    response = httpx.Response(
        answer.status, headers=answer.raw_headers, request=httpx.Request(method, url)
    )
    httpx.Cookies(jar).extract_cookies(response)


async def exchange(
    pool: httpcore.AsyncConnectionPool | LeanPool,
    method: str,
    where: Target,
    headers: list[tuple[bytes, bytes]],
    body: bytes | None,
    timeouts: dict[str, float],
) -> Answer | LeanAnswer:
    """Sends one request through `pool` and returns once the answer's head has come. The headers
    go out in httpx's order: Host, `headers` as given, a body's Content-Length (a POST without
    one a zero, after Host), and Authorization from the URL's credentials, which replaces any
    other. `timeouts`: httpcore's connect/read/write/pool seconds. Raises net.wire's
    exceptions, or httpcore's through a proxy (net.errors.describe says both as it said
    httpx's)."""
    from newstui.net import lean

    sent = [(b"Host", where.host)]
    if body is None and method in ("POST", "PUT", "PATCH"):
        sent.append((b"Content-Length", b"0"))
    if where.authorization is None:
        sent += headers
    else:
        sent += [(k, v) for k, v in headers if k.lower() != b"authorization"]
    if body is not None:
        sent.append((b"Content-Length", b"%d" % len(body)))
    if where.authorization is not None:
        sent.append((b"Authorization", where.authorization))
    answer: Answer | LeanAnswer
    if not isinstance(pool, lean.LeanPool):  # an httpcore pool, through a proxy
        import httpcore

        a = where.url
        url = httpcore.URL(scheme=a.scheme, host=a.host, port=a.port, target=a.target)
        request = httpcore.Request(
            method, url, headers=sent, content=body, extensions={"timeout": timeouts}
        )
        answer = Answer(await pool.handle_async_request(request))
    else:
        answer = await pool.send(method, where, sent, body, timeouts)
    if log.isEnabledFor(logging.INFO):
        version = answer.extensions.get("http_version", b"HTTP/1.1").decode("ascii", "replace")
        status = f"{version} {answer.status} {answer.reason_phrase}"
        log.info('HTTP Request: %s %s "%s"', method, where.shown, status)
    return answer
