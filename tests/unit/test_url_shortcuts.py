"""Tests that the fetcher's shortcuts for plain addresses give urlsplit's answers: a URL's host
(headers.host_of, by one match) is urlsplit's hostname, and the URL check (headers.check_url,
by the request's own split) accepts and refuses what the check by urlsplit did."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import httpx
from hypothesis import given
from hypothesis import strategies as st

from newstui.net.errors import Failed
from newstui.net.exchange import target
from newstui.net.headers import _url_problem, check_url, host_of

SCHEMES = ["http", "https", "HTTP", "Https", "ftp", "feed", "httpx"]
HOSTS = [
    "example.com",
    "Example.COM",
    "127.0.0.1",
    "a-b.c",
    "host.",
    "",
    "user@host",
    "user:pw@host",
    "[::1]",
    "[::1",
    "bücher.example",
    "exa\tmple.com",
    "h k",
    "-h",
    "xn--bcher-kva.example",
    "\u212aelvin.example",  # KELVIN SIGN: only ASCII letters are letters here
]
PORTS = ["", ":", ":80", ":0", ":8080", ":65535", ":65536", ":99999", ":x", ": 80"]
PATHS = ["", "/", "/feed.xml", "?q=1", "#top", "/a/../b", "\t/feed", "/feed\n", " /x"]


def by_urlsplit(url: str) -> str:
    """host_of as it was: urlsplit's hostname, "" for none or a URL that does not split."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def refused_by_urlsplit(url: str) -> str | None:
    """The check as it was before a plain address skipped urlsplit: the scheme, the host, the
    port by urlsplit, then what the request's split (httpx.URL for the odd ones) refuses."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https"):
            return "scheme"
        if not parts.hostname or parts.port == 0:
            return "other"
        target(url.strip())
    except (ValueError, httpx.InvalidURL):
        return "other"
    return None


def test_hosts_and_checks_of_many_addresses_are_urlsplits() -> None:
    checked = 0
    for scheme, host, port, path in itertools.product(SCHEMES, HOSTS, PORTS, PATHS):
        for url in (f"{scheme}://{host}{port}{path}", f" {scheme}://{host}{port}{path}"):
            assert host_of(url) == by_urlsplit(url), repr(url)
            assert _url_problem(url) == refused_by_urlsplit(url), repr(url)
            checked += 1
    assert checked > 10_000


_TEXT = st.text(st.sampled_from(list("abcXYZ019-._~:@/?#[]% \t\nK\u212a")), min_size=0, max_size=25)


@given(scheme=st.sampled_from(["http", "https", "HTTP", "ftp"]), rest=_TEXT)
def test_generated_addresses_have_urlsplits_host(scheme: str, rest: str) -> None:
    url = f"{scheme}://{rest}"
    assert host_of(url) == by_urlsplit(url)


def test_check_url_answers_as_before_for_the_plain_and_the_odd() -> None:
    assert check_url(" http://127.0.0.1:8080/feed ", "s", "o") == "http://127.0.0.1:8080/feed"
    for url, why in [
        ("http://127.0.0.1:0/feed", "o"),  # port 0: plain to the regex, refused by the check
        ("ftp://example.com/", "s"),
        ("http:///feed", "o"),
        ("http://h:99999/", "o"),
    ]:
        try:
            check_url(url, "s", "o")
        except Failed as failed:
            assert failed.message == why, url
        else:
            raise AssertionError(f"accepted: {url}")
