"""Tests that the shared TLS context (certifi's CA bundle) is loaded only at the first TLS
connection (newstui.net.transport.tls_context): plain-http fetches never load it, and an https
fetch through a pool made before it was loaded still verifies by it, as httpx would."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import FeedServer

FEED = b"<rss version='2.0'><channel><title>T</title></channel></rss>"

# In a process of its own: the shared context is a module global, loaded once per process.
FETCH_BOTH = """
import asyncio, sys
from newstui.net import transport
from newstui.net.fetch import Fetcher

async def main(plain, secure):
    async with Fetcher() as fetcher:
        first = await fetcher.fetch(plain)
        assert first.ok, first.error
        assert transport._ssl_context is None, "loaded for a plain-http fetch"
        second = await fetcher.fetch(secure)  # the host's pool holds the stand-in
        assert second.ok, second.error
        assert transport._ssl_context is not None
        third = await fetcher.fetch(plain)  # a pool made now gets the shared context itself
        assert third.ok, third.error

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[FeedServer]:
    cert, key = certificate
    server = FeedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.start()
    yield server
    server.stop()


def test_plain_http_loads_no_bundle_and_https_verifies_by_the_shared_context(
    feed_server: FeedServer, tls_server: FeedServer, certificate: tuple[Path, Path]
) -> None:
    plain = feed_server.route("/feed", FEED)
    tls_server.route("/feed", FEED)
    secure = f"https://127.0.0.1:{tls_server.port}/feed"
    # httpx's default context trusts SSL_CERT_FILE: the https fetch succeeds only if the
    # handshake used the shared context, not the stand-in (which trusts nothing).
    env = {**os.environ, "SSL_CERT_FILE": str(certificate[0])}
    env.pop("SSL_CERT_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", FETCH_BOTH, plain, secure],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr


def test_a_given_context_is_used_as_it_is() -> None:
    from newstui.net import transport

    mine = ssl.create_default_context()
    assert transport.tls_context(mine) is mine
