"""Tests that the fetcher splits plain addresses without httpx exactly as httpx.URL splits them,
and that direct fetches import neither httpx nor httpcore."""

from __future__ import annotations

import subprocess
import sys

import httpx
from hypothesis import given
from hypothesis import strategies as st

from newstui.net.exchange import Target, _plain, target
from tests.server import FeedServer


def by_httpx(url: str) -> tuple[bytes, bytes, int | None, bytes, bytes]:
    parsed = httpx.URL(url)
    return parsed.raw_scheme, parsed.raw_host, parsed.port, parsed.raw_path, parsed.netloc


def split(where: Target) -> tuple[bytes, bytes, int | None, bytes, bytes]:
    a = where.url
    return a.scheme, a.host, a.port, a.target, where.host


SEEN = [
    "http://example.com",
    "HTTPS://Example.COM:443/Feed.xml",
    "http://127.0.0.1:8080/feeds/3?x=1&y=a,b;c",
    "http://feeds.bbci.co.uk/news/rss.xml?edition=uk",
    "https://www.theguardian.com/world/rss",
    "http://h:80/a/b/",
    "https://h:8443/~user/feed.atom?q=a:b@c/d?e",
    "http://xn--bcher-kva.example/feed",
    "http://a-b.c-d.example/!$&'()*+,;=",
]
ODD = [
    "http://h/a/../b",
    "http://h/./a",
    "http://user:pw@h/feed",
    "http://h/a b",
    "http://h/a%20b",
    "http://h/feed#top",
    "http://[::1]:8080/feed",
    "http://bücher.example/feed",
    "http://h/?",
    "http://-h/feed",
    "http://h:99999/feed",
    "http://h/a|b",
]


def test_plain_addresses_split_as_httpx_splits_them() -> None:
    for url in SEEN:
        plain = _plain(url)
        assert plain is not None, url
        assert split(plain) == by_httpx(url), url


def test_other_addresses_are_left_to_httpx() -> None:
    for url in ODD:
        assert _plain(url) is None, url
    where = target("http://user:pw@h/feed")
    assert where.authorization == b"Basic dXNlcjpwdw==" and where.shown == "http://h/feed"


_LABEL = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1)
_PATH = st.text("abcXYZ019-._~!$&'()*+,;=:@/%? #[]|{}\"<>^`\\", max_size=20)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    labels=st.lists(_LABEL, min_size=1, max_size=3),
    port=st.one_of(st.none(), st.sampled_from([80, 443]), st.integers(0, 70000)),
    path=_PATH,
)
def test_generated_addresses_split_as_httpx_splits_them_or_are_left_to_it(
    scheme: str, labels: list[str], port: int | None, path: str
) -> None:
    url = f"{scheme}://{'.'.join(labels)}{'' if port is None else f':{port}'}/{path}"
    plain = _plain(url)
    if plain is None:
        return  # httpx.URL judges it (target's fallback)
    try:
        expected = by_httpx(url)
    except httpx.InvalidURL:
        raise AssertionError(f"split without httpx, refused by it: {url}") from None
    assert split(plain) == expected, url


def test_a_direct_fetch_imports_neither_httpx_nor_httpcore(feed_server: FeedServer) -> None:
    url = feed_server.route("/f", b"<rss/>")
    code = (
        "import asyncio, sys\n"
        "from newstui.net.fetch import Fetcher\n"
        "async def main():\n"
        "    async with Fetcher() as f:\n"
        f"        assert (await f.fetch({url!r})).ok\n"
        f"        assert (await f.fetch({url!r}, etag='x')).ok\n"
        "asyncio.run(main())\n"
        "assert 'httpx' not in sys.modules and 'httpcore' not in sys.modules, sys.modules.keys()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
