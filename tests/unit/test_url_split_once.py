"""Tests that a round splits each address once per process: the URL check and the request share
one split (net.exchange.plain_target, or httpx's parse by net.exchange.target), and the host is
split once for the round, its lanes and the fetcher's per-host slots (net.headers.host_of)."""

from __future__ import annotations

import pytest

from newstui.net.errors import Failed
from newstui.net.exchange import plain_target, target
from newstui.net.headers import _url_problem, check_url, host_of


def test_the_check_and_the_request_share_one_parse() -> None:
    url = "http://Example.COM:8080/feed?x=1"
    for cache in (target, plain_target, _url_problem):
        cache.cache_clear()
    assert check_url(url, "scheme", "other") == url
    misses = plain_target.cache_info().misses
    assert misses == 1  # the check split it
    where = target(url)
    assert plain_target.cache_info().misses == misses  # the check's split, remembered
    assert where.host == b"example.com:8080"
    assert where.url.target == b"/feed?x=1"


@pytest.mark.parametrize(
    "url",
    ["http://example.com:99999/feed", "http://-exämple.com/feed", "http://[::1/feed"],
)
def test_what_httpx_cannot_send_is_still_a_bad_url(url: str) -> None:
    with pytest.raises(Failed) as failed:
        check_url(url, "scheme", "other")
    assert failed.value.message == "other"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://Example.COM:8080/feed", "example.com"),
        ("https://[::1]:8443/feed", "::1"),
        ("http://[::1/feed", ""),  # does not split: no host, no crash
        ("file:///etc/passwd", ""),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host
