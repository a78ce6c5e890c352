"""Provides how a failed fetch is told: the exception that ends one, and short safe error lines."""

from __future__ import annotations

import errno
import http
import socket
import ssl
import sys
import unicodedata
from collections.abc import Iterator
from types import ModuleType

from newstui.net import wire

ERROR_MAX_CHARS = 160
"""Characters of an error line at most: it shows in one row of the sources view."""


class Failed(Exception):
    """Ends a fetch with a message for the user and whatever was learned so far."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def reason(status: int, phrase: str) -> str:
    """The reason phrase shown for HTTP `status`: the standard one for a known code (trusted
    over the server's text), else the server's, cut to 60 characters."""
    try:
        return http.HTTPStatus(status).phrase
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


def _loaded(name: str) -> ModuleType | None:
    """The module if some code has imported it: an exception of httpx's or httpcore's can only
    come from a process that has, and a warm round's direct fetches import neither."""
    return sys.modules.get(name)


def transport_errors() -> tuple[type[Exception], ...]:
    """What a request or its answer raises when it fails on the way: net.wire's errors, and
    those of httpx and httpcore (every httpx.TransportError, and httpcore's own, which the
    fetcher meets unwrapped through a proxy) where they are loaded."""
    errors: list[type[Exception]] = [wire.WireError]
    httpcore = _loaded("httpcore")
    if httpcore is not None:
        errors += [
            httpcore.TimeoutException,
            httpcore.NetworkError,
            httpcore.ProtocolError,
            httpcore.ProxyError,
            httpcore.UnsupportedProtocol,
        ]
    httpx = _loaded("httpx")
    if httpx is not None:
        errors.append(httpx.TransportError)
    return tuple(errors)


def is_kind(exc: Exception, name: str) -> bool:
    """Whether `exc` is net.wire's, httpcore's or httpx's exception called `name`."""
    for module in (wire, _loaded("httpcore"), _loaded("httpx")):
        kind = getattr(module, name, None) if module is not None else None
        if isinstance(kind, type) and isinstance(exc, kind):
            return True
    return False


def describe(exc: Exception) -> str:
    """A short line saying what went wrong for an exception raised while fetching (net.wire's,
    httpcore's, httpx's, the socket's or TLS's, looked for along its causes). httpx re-raises
    each of httpcore's exceptions as its namesake with the same text, and net.wire's are
    httpcore's namesakes too, so all say the same line."""
    if isinstance(exc, Failed):
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
    if is_kind(exc, "ConnectTimeout"):
        return "timed out (connect)"
    if is_kind(exc, "ReadTimeout") or is_kind(exc, "WriteTimeout"):
        return "timed out (read)"
    if is_kind(exc, "PoolTimeout"):
        return "timed out (waiting for a free connection)"
    if is_kind(exc, "RemoteProtocolError"):
        text = str(exc)
        if "incomplete" in text or "without sending complete" in text:
            return "response cut short (the server closed the connection early)"
        if "without sending a response" in text:
            return "the server closed the connection without answering"
        # h11 quotes the offending bytes: keep the verdict, not the (long, hostile) bytes
        return f"protocol error: {text.split(': bytearray(')[0].split(': b')[0]}"
    if is_kind(exc, "DecodingError"):
        return "could not decode the response"
    for e in chain:
        if isinstance(e, OSError) and e.strerror:
            return f"network error: {e.strerror}"
    if isinstance(exc, transport_errors()):
        return f"network error: {exc or type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {exc}"


def one_line(text: str) -> str:
    """One short printable line: server-provided text must not reach the terminal as controls."""
    from newstui.text.sanitize import clean_text  # at the first error: ~50 M instructions

    cleaned = clean_text(text, 4 * ERROR_MAX_CHARS)  # drops escape sequences whole
    cleaned = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in cleaned)
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > ERROR_MAX_CHARS:
        cleaned = cleaned[: ERROR_MAX_CHARS - 1] + "…"
    return cleaned or "unknown error"


def size_text(n: int) -> str:
    """`n` bytes for people: "10 MiB", "512 KiB", "12 bytes"."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.3g} {unit}"
    return f"{n} bytes"
