"""Provides reading an answer's body within a size cap (bounded gzip/deflate), and draining one."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import AsyncIterator, Mapping

from newstui.net.errors import Failed, size_text, transport_errors

TOO_LARGE = "response too large"
"""How the error line of a body over the cap starts (a caller may retry asking for less)."""
DRAIN_MAX = 64 * 1024
"""Bytes of an answer we do not use (a redirect's page) read so its connection can be reused."""


async def drain(chunks: AsyncIterator[bytes]) -> None:
    """Reads an answer's unused body, even an empty one (a 304's): httpcore reuses a connection
    only once the whole answer was read; closed early, it is closed, and the next request to the
    host pays for a new connection. A big or broken body just costs the connection."""
    read = 0
    with contextlib.suppress(*transport_errors()):
        async for chunk in chunks:
            read += len(chunk)
            if read > DRAIN_MAX:
                return


async def read_capped(headers: Mapping[str, str], chunks: AsyncIterator[bytes], cap: int) -> bytes:
    """Reads the body (`chunks` as they came, under the answer's `headers`, names lowercased),
    decoding it ourselves so that no single chunk can inflate past the cap (`cap` bytes,
    decoded). Raises Failed for a body over it ("response too large (over 10
    MiB)") or an encoding other than gzip and deflate."""
    too_large = f"{TOO_LARGE} (over {size_text(cap)})"
    encodings = [
        e.strip().lower()
        for e in headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(encodings) > 1 or (encodings and encodings[0] not in Decoder.KNOWN):
        raise Failed(f"unsupported content encoding: {', '.join(encodings)}"[:80])
    length = headers.get("content-length", "")
    if not encodings and length.isdigit() and int(length) > cap:
        raise Failed(too_large)
    decoder = Decoder(encodings[0]) if encodings else None
    body = bytearray()
    async for raw in chunks:
        room = cap - len(body) + 1  # one byte past the cap proves it is passed
        chunk = decoder.decode(raw, room) if decoder else raw
        if len(chunk) >= room:
            raise Failed(too_large)
        body += chunk
    return bytes(body)


class Decoder:
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
                raise Failed("could not decode the compressed response") from None
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
